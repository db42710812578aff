// One position index per file: where a JSON Pointer lands in the file's text, and the line and column of an offset,
// for any number of findings at the cost of one pass over the file. Each object's members and each array's elements
// are found once, the first time a pointer walks through that container, and kept; line starts are found once and
// searched by bisection. Placing a finding so costs the depth of its pointer, not the size of its file.
import { elementStarts, memberStarts, skipWs } from './text';

export interface Place {
  line: number;
  column: number;
}

export class PositionIndex {
  private readonly members = new Map<number, Map<string, number>>();
  private readonly elements = new Map<number, number[]>();
  private lineStarts: Int32Array | undefined;

  /** `text` must be valid JSON (the caller parsed it). */
  constructor(private readonly text: string) {}

  /** The offset of the value at `pointer`, or of its deepest existing ancestor (a key a transform added is not in the text). */
  offsetOf(pointer: string): number {
    const text = this.text;
    let at = skipWs(text, 0);
    if (pointer === '' || !pointer.startsWith('/')) return at;
    for (const raw of pointer.slice(1).split('/')) {
      const key = raw.indexOf('~') < 0 ? raw : raw.replace(/~1/g, '/').replace(/~0/g, '~');
      let next: number | undefined;
      const c = text.charCodeAt(at);
      if (c === 123 /* { */) {
        let members = this.members.get(at);
        if (members === undefined) this.members.set(at, (members = memberStarts(text, at)));
        next = members.get(key);
      } else if (c === 91 /* [ */ && /^(0|[1-9]\d*)$/.test(key)) {
        let elements = this.elements.get(at);
        if (elements === undefined) this.elements.set(at, (elements = elementStarts(text, at)));
        next = elements[Number(key)];
      }
      if (next === undefined) return at;
      at = next;
    }
    return at;
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

/** The offset at which each line starts, in one pass. */
export function lineStartsOf(text: string): Int32Array {
  let count = 1;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) count++;
  const starts = new Int32Array(count);
  let n = 1;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts[n++] = i + 1;
  return starts;
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
