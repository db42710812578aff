// One position index per file: where a JSON Pointer lands in the file's text, and the line and column of an offset,
// for any number of findings at the cost of at most one pass over the file. A container's members (or elements) are
// read only as far as a pointer needs, and where the reading stopped is kept, so the next pointer into that container
// goes on from there: the text before a finding is read once, whatever the number of findings and however deep they
// are (reading a container whole at each level read a five-level file five times). Line starts are found once and
// searched by bisection.
import { keyAt, skipWs, valueEnd } from './text';

/** What is known of one container: the starts found so far, and where its next member or element begins. */
interface Reading<K> {
  found: Map<K, number>;
  /** The offset of the next member (its key) or element not read yet, when known. */
  next: number | undefined;
  /** The value found last, whose end (and so what follows it) is not known yet. */
  pending: number | undefined;
  /** Every member or element has been read. */
  done: boolean;
  /** Keys whose found start is known to be their last occurrence (checked once: the check may search the text). */
  settled: Set<K> | undefined;
  /** The key of the member read last (objects). */
  last: K | undefined;
  /** Just past the container's closing bracket, once its reading has reached it. */
  end: number | undefined;
}

export interface Place {
  line: number;
  column: number;
}

export class PositionIndex {
  private readonly members = new Map<number, Reading<string>>();
  private readonly elements = new Map<number, Reading<number>>();
  private lineStarts: Int32Array | undefined;

  /**
   * `text` must be valid JSON (the caller parsed it). With `uniqueKeys` (the parse found no repeated key) a key's first
   * occurrence is its only one; otherwise the last wins, as in JSON.parse.
   */
  constructor(
    private readonly text: string,
    private readonly options: { uniqueKeys?: boolean } = {},
  ) {}

  /** The offset of the value at `pointer`, or of its deepest existing ancestor (a key a transform added is not in the text). */
  offsetOf(pointer: string): number {
    const text = this.text;
    let at = skipWs(text, 0);
    if (pointer === '' || !pointer.startsWith('/')) return at;
    for (const raw of pointer.slice(1).split('/')) {
      const key = raw.indexOf('~') < 0 ? raw : raw.replace(/~1/g, '/').replace(/~0/g, '~');
      let next: number | undefined;
      const c = text.charCodeAt(at);
      if (c === 123 /* { */) next = this.member(at, key);
      else if (c === 91 /* [ */ && /^(0|[1-9]\d*)$/.test(key)) next = this.element(at, Number(key));
      if (next === undefined) return at;
      at = next;
    }
    return at;
  }

  /** Where the member `key` of the object at `at` starts, reading its members only as far as needed. */
  private member(at: number, key: string): number | undefined {
    const reading = this.readingOf(this.members, at, '"');
    const text = this.text;
    // The last of repeated keys wins, as in JSON.parse: an occurrence is the answer once nothing after it can repeat it.
    const settled = (start: number): boolean => {
      if (this.options.uniqueKeys === true || reading.settled?.has(key) === true) return true;
      const last = reading.done || text.indexOf(JSON.stringify(key), start) < 0;
      if (last) (reading.settled ??= new Set()).add(key);
      return last;
    };
    const known = reading.found.get(key);
    if (known !== undefined && settled(known)) return known;
    while (this.readMember(reading)) {
      const start = reading.pending as number;
      if (reading.last === key && settled(start)) return start;
    }
    return reading.found.get(key);
  }

  /** Reads the object's next member into `reading` (its key in `last`, its value's start in `pending`); false at its end. */
  private readMember(reading: Reading<string>): boolean {
    const next = this.advance(reading);
    if (next === undefined) return false;
    const text = this.text;
    const { key: name, end } = keyAt(text, next);
    const start = skipWs(text, skipWs(text, end) + 1);
    reading.found.set(name, start);
    reading.settled?.delete(name);
    reading.last = name;
    reading.pending = start;
    return true;
  }

  /** Where element `index` of the array at `at` starts, reading its elements only as far as needed. */
  private element(at: number, index: number): number | undefined {
    const reading = this.readingOf(this.elements, at, undefined);
    const known = reading.found.get(index);
    if (known !== undefined) return known;
    while (this.readElement(reading)) {
      if (reading.found.size - 1 === index) return reading.pending;
    }
    return undefined;
  }

  /** Reads the array's next element into `reading` (its start in `pending`); false at its end. */
  private readElement(reading: Reading<number>): boolean {
    const next = this.advance(reading);
    if (next === undefined) return false;
    reading.found.set(reading.found.size, next);
    reading.pending = next;
    return true;
  }

  /**
   * The start of the container's next member or element: past the value found last (whose end is found only now, when
   * a pointer needs what follows it), or undefined at the container's end, which is then known.
   */
  private advance(reading: Reading<unknown>): number | undefined {
    if (reading.pending !== undefined) {
      const text = this.text;
      const after = skipWs(text, this.endOf(reading.pending));
      reading.pending = undefined;
      if (text[after] === ',') reading.next = skipWs(text, after + 1);
      else {
        reading.next = undefined;
        reading.end = after + 1;
      }
    }
    const next = reading.next;
    reading.next = undefined;
    if (next === undefined) reading.done = true;
    return next;
  }

  /**
   * Where the value at `at` ends. A container a pointer already went into is read on from where its reading stopped
   * (and its members are recorded on the way), so no part of the text is read twice, however deep the findings are.
   */
  private endOf(at: number): number {
    const object = this.members.get(at);
    if (object !== undefined) {
      while (object.end === undefined && this.readMember(object));
      return object.end as number;
    }
    const array = this.elements.get(at);
    if (array !== undefined) {
      while (array.end === undefined && this.readElement(array));
      return array.end as number;
    }
    return valueEnd(this.text, at);
  }

  /** The reading of the container at `at`, begun at its first member (`first` is what a member starts with). */
  private readingOf<K>(
    readings: Map<number, Reading<K>>,
    at: number,
    first: string | undefined,
  ): Reading<K> {
    let reading = readings.get(at);
    if (reading === undefined) {
      const start = skipWs(this.text, at + 1);
      const c = this.text[start];
      const empty = first !== undefined ? c !== first : c === ']';
      reading = {
        found: new Map(),
        next: empty ? undefined : start,
        pending: undefined,
        done: false,
        settled: undefined,
        last: undefined,
        end: empty ? start + 1 : undefined,
      };
      readings.set(at, reading);
    }
    return reading;
  }

  /** 1-based line and column of an offset. */
  placeOf(offset: number): Place {
    return placeAmong((this.lineStarts ??= lineStartsOf(this.text)), offset);
  }

  /** The line and column of the value at `pointer` (or of its deepest existing ancestor). */
  locate(pointer: string): Place {
    return this.placeOf(this.offsetOf(pointer));
  }
}

/** The offset at which each line starts, in one pass (the array grows by doubling: no second pass to count lines). */
export function lineStartsOf(text: string): Int32Array {
  // A guess of one line per 32 characters: indented JSON has shorter lines, so it usually doubles once or twice.
  let starts = new Int32Array(Math.max(16, text.length >> 5));
  let n = 1;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) {
    if (n === starts.length) {
      const larger = new Int32Array(n * 2);
      larger.set(starts);
      starts = larger;
    }
    starts[n++] = i + 1;
  }
  return starts.subarray(0, n);
}

/** 1-based line and column of `offset`, by bisection over a text's line starts. */
export function placeAmong(starts: Int32Array, offset: number): Place {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((starts[mid] as number) <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - (starts[lo] as number) + 1 };
}

/** The offset of the value at `pointer` in `text`, for one question (many questions of one file share a PositionIndex). */
export function locatePointer(text: string, pointer: string): number {
  return new PositionIndex(text).offsetOf(pointer);
}
