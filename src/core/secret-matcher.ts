// One matcher per run for every literal declared secret (Aho-Corasick): finding all of them in a string costs one pass
// over the string, whatever the number of secrets, so 2,000 distinct secrets cost about what one does.

interface Node {
  next: Map<number, number>;
  fail: number;
  /** Length of the longest secret ending here (following fail links), 0 when none. */
  out: number;
}

/** has()'s answer at the first secret: one function for every call. */
const STOP = (): boolean => true;

export class SecretMatcher {
  private readonly nodes: Node[] = [{ next: new Map(), fail: 0, out: 0 }];
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

  /** Adds a literal; one shorter than 3 characters is ignored (it would match half of any text). */
  add(secret: string): void {
    if (secret.length < 3) return;
    let state = 0;
    for (let i = 0; i < secret.length; i++) {
      const c = secret.charCodeAt(i);
      let next = this.nodes[state]!.next.get(c);
      if (next === undefined) {
        next = this.nodes.length;
        this.nodes.push({ next: new Map(), fail: 0, out: 0 });
        this.nodes[state]!.next.set(c, next);
      }
      state = next;
    }
    const node = this.nodes[state]!;
    if (node.out !== secret.length) this.count++;
    this.shortest = Math.min(this.shortest, secret.length);
    node.out = Math.max(node.out, secret.length);
    this.built = false;
  }

  /** Breadth-first fail links, once after the last add. */
  private build(): void {
    if (this.built) return;
    const queue: number[] = [];
    for (const child of this.nodes[0]!.next.values()) {
      this.nodes[child]!.fail = 0;
      queue.push(child);
    }
    for (let q = 0; q < queue.length; q++) {
      const id = queue[q]!;
      const node = this.nodes[id]!;
      for (const [c, child] of node.next) {
        let f = node.fail;
        while (f !== 0 && !this.nodes[f]!.next.has(c)) f = this.nodes[f]!.fail;
        const target = this.nodes[f]!.next.get(c);
        const childNode = this.nodes[child]!;
        childNode.fail = target !== undefined && target !== child ? target : 0;
        childNode.out = Math.max(childNode.out, this.nodes[childNode.fail]!.out);
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
    const nodes = this.nodes;
    let state = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      let next = nodes[state]!.next.get(c);
      while (next === undefined && state !== 0) {
        state = nodes[state]!.fail;
        next = nodes[state]!.next.get(c);
      }
      state = next ?? 0;
      const len = nodes[state]!.out;
      if (len > 0 && onSecret(i + 1 - len, i + 1)) return true;
    }
    return false;
  }
}
