// One matcher per run for every literal declared secret (Aho-Corasick): finding all of them in a string costs one pass
// over the string, whatever the number of secrets, so 2,000 distinct secrets cost about what one does.

/** has()'s answer at the first secret: one function for every call. */
const STOP = (): boolean => true;
/** From this many children on, a node finds its child in a Map rather than along its list. */
const WIDE = 16;

/**
 * The trie as parallel arrays, one entry per node: a node's children are a linked list (its first child, then each
 * child's next sibling), except the root's, which sit in a Map (every character of a scanned text starts there). A
 * Map per node made 15,000 credentials (600,000 nodes, nearly all with one child) cost the collector more than the
 * scan: arrays of small integers hold the same in a tenth of the memory.
 */
export class SecretMatcher {
  private readonly rootNext = new Map<number, number>();
  /** The character on the edge into each node. */
  private readonly chars: number[] = [0];
  private readonly firstChild: number[] = [-1];
  private readonly sibling: number[] = [-1];
  private readonly fail: number[] = [0];
  /** Length of the longest secret ending at each node (following fail links), 0 when none. */
  private readonly out: number[] = [0];
  /** How many children each node has, and the Map of those that have WIDE or more. */
  private readonly degree: number[] = [0];
  private readonly wide = new Map<number, Map<number, number>>();
  private built = true;
  private count = 0;
  /** The shortest secret: a shorter string cannot hold one, and most strings of a workflow are short. */
  private shortest = Infinity;

  constructor(secrets: Iterable<string> = []) {
    for (const s of secrets) this.add(s);
  }

  get size(): number {
    return this.count;
  }

  /** The child of `state` along character `c`, or -1. */
  private child(state: number, c: number): number {
    if (state === 0) return this.rootNext.get(c) ?? -1;
    const wide = this.wide.get(state);
    if (wide !== undefined) return wide.get(c) ?? -1;
    for (let n = this.firstChild[state] as number; n !== -1; n = this.sibling[n] as number)
      if (this.chars[n] === c) return n;
    return -1;
  }

  private addChild(state: number, c: number): number {
    const node = this.chars.length;
    this.chars.push(c);
    this.firstChild.push(-1);
    this.fail.push(0);
    this.out.push(0);
    this.degree.push(0);
    if (state === 0) {
      this.sibling.push(-1);
      this.rootNext.set(c, node);
      return node;
    }
    this.sibling.push(this.firstChild[state] as number);
    this.firstChild[state] = node;
    const degree = (this.degree[state] as number) + 1;
    this.degree[state] = degree;
    // A node with many children (secrets that share a prefix, then differ) gets a Map: a list would be walked per character.
    if (degree === WIDE)
      this.wide.set(state, new Map(this.children(state).map((n) => [this.chars[n] as number, n])));
    else if (degree > WIDE) this.wide.get(state)?.set(c, node);
    return node;
  }

  /** Adds a literal; one shorter than 3 characters is ignored (it would match half of any text). */
  add(secret: string): void {
    if (secret.length < 3) return;
    let state = 0;
    for (let i = 0; i < secret.length; i++) {
      const c = secret.charCodeAt(i);
      const next = this.child(state, c);
      state = next !== -1 ? next : this.addChild(state, c);
    }
    if (this.out[state] !== secret.length) this.count++;
    this.shortest = Math.min(this.shortest, secret.length);
    this.out[state] = Math.max(this.out[state] as number, secret.length);
    this.built = false;
  }

  /** The children of `state`, in any order. */
  private children(state: number): number[] {
    if (state === 0) return [...this.rootNext.values()];
    const list: number[] = [];
    for (let n = this.firstChild[state] as number; n !== -1; n = this.sibling[n] as number)
      list.push(n);
    return list;
  }

  /** Breadth-first fail links, once after the last add. */
  private build(): void {
    if (this.built) return;
    const queue = this.children(0);
    for (const child of queue) this.fail[child] = 0;
    for (let q = 0; q < queue.length; q++) {
      const id = queue[q] as number;
      for (const child of this.children(id)) {
        const c = this.chars[child] as number;
        let f = this.fail[id] as number;
        while (f !== 0 && this.child(f, c) === -1) f = this.fail[f] as number;
        const target = this.child(f, c);
        this.fail[child] = target !== -1 && target !== child ? target : 0;
        this.out[child] = Math.max(this.out[child] as number, this.out[this.fail[child]] as number);
        queue.push(child);
      }
    }
    this.built = true;
  }

  /** Ranges [start, end) of secrets in `text`, merged where they overlap, in order. */
  find(text: string): [number, number][] {
    const ranges: [number, number][] = [];
    this.scan(text, (start, end) => {
      const last = ranges[ranges.length - 1];
      if (last && start <= last[1]) last[1] = Math.max(last[1], end);
      else ranges.push([start, end]);
      return false;
    });
    return ranges;
  }

  /** Whether `text` holds any secret: stops at the first, allocates nothing (validation asks this of every string). */
  has(text: string): boolean {
    return this.scan(text, STOP);
  }

  /** One pass over `text`, calling `onSecret` at the end of each longest secret; true as soon as it returns true. */
  private scan(text: string, onSecret: (start: number, end: number) => boolean): boolean {
    if (this.count === 0 || text.length < this.shortest) return false;
    this.build();
    let state = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      let next = this.child(state, c);
      while (next === -1 && state !== 0) {
        state = this.fail[state] as number;
        next = this.child(state, c);
      }
      state = next === -1 ? 0 : next;
      const len = this.out[state] as number;
      if (len > 0 && onSecret(i + 1 - len, i + 1)) return true;
    }
    return false;
  }
}
