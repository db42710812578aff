// A JSON document's bytes, navigated without decoding them whole (a document past the largest string): where values end,
// where the members of its largest arrays and objects start, where a JSON Pointer lands, and the line and column of a byte.
import { constants } from 'node:buffer';
import { KwtError } from '../core/errors';
import { PositionIndex, type Place, lineStartsOf, placeAmong } from './position-index';

/** How a document is cut: arrays and objects larger than `split` bytes are split; no piece may pass `value` bytes. */
export interface PieceSizes {
  split: number;
  value: number;
}

/**
 * Arrays and objects up to a quarter of the longest string are parsed whole, so a workflow (tens of KB) is always one
 * piece, with the checks and messages of a whole file. A string or number up to the longest string is read (one UTF-8
 * byte is at most one UTF-16 unit, so it fits); a longer one cannot be held at all.
 */
export const SIZES: PieceSizes = {
  split: Math.floor(constants.MAX_STRING_LENGTH / 4),
  value: constants.MAX_STRING_LENGTH,
};

export const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const NEWLINE = 0x0a;
/** Places are counted per block of this many bytes, so placing a finding never crosses more than one block. */
const LINE_BLOCK = 64 * 1024;
/** How many characters of pieces' text the pointer locator keeps indexed (a workflow is tens of KB). */
const PIECE_CHARS = 32 * 1024 * 1024;

/** A JSON number or literal at the start of a token (sticky; ASCII, so its length is its length in bytes). */
const SCALAR = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null/y;

/** How many newlines are in bytes [from, to), and where the last one is (-1: none): a native search, bounded by `to`. */
function newlines(bytes: Buffer, from: number, to: number): { count: number; last: number } {
  const view = bytes.subarray(from, Math.max(from, to));
  let count = 0;
  let last = -1;
  for (let i = view.indexOf(NEWLINE); i !== -1; i = view.indexOf(NEWLINE, i + 1)) {
    count++;
    last = from + i;
  }
  return { count, last };
}

/** The UTF-16 units that bytes [from, to) of UTF-8 decode to, counted, not decoded. */
function units(bytes: Buffer, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const b = bytes[i] as number;
    // A UTF-8 continuation byte adds nothing; a 4-byte sequence is two UTF-16 units.
    if ((b & 0xc0) !== 0x80) n += b >= 0xf0 ? 2 : 1;
  }
  return n;
}

/**
 * A place in the text of a piece that starts at `base` in the file, as a place in the file: within the piece's first
 * line the column continues the file's; after a newline it is the piece's own.
 */
function inFile(base: Place, inPiece: Place, offset: number): Place {
  return inPiece.line === 1
    ? { line: base.line, column: base.column + offset }
    : { line: base.line + inPiece.line - 1, column: inPiece.column };
}

function isSpace(c: number | undefined): boolean {
  return c === 0x20 || c === NEWLINE || c === 0x0d || c === 0x09;
}

/** The bytes of one JSON document and the offsets found in them; `sizes` are small only in tests (every path, on small files). */
export class JsonBytes {
  private readonly decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

  constructor(
    protected readonly bytes: Buffer,
    protected readonly file: string,
    protected readonly sizes: PieceSizes,
    /** Where the text starts (after a byte-order mark): line 1's columns count from here. */
    protected readonly textStart: number,
  ) {}

  /** The place at the start of each block of LINE_BLOCK bytes, found block after block as far as a place is asked. */
  private readonly blockStarts: (Place & { offset: number })[] = [];
  /** The place found last: a later one (findings come in file order) is counted on from there. */
  private cursor: (Place & { offset: number }) | undefined;

  /**
   * The file's 1-based line and column (UTF-16 units, as for a whole file) of a byte offset: counted on from the last
   * place when it is before this one in the same block, else from the start of the offset's block. So a place costs at
   * most one block, in any order, and each block's start is found once (a minified file is one long line: a column
   * counted from its line's start would cross the whole file for every finding).
   */
  locate(offset: number): { line: number; column: number } {
    const block = Math.floor(offset / LINE_BLOCK);
    const c = this.cursor;
    const from =
      c !== undefined && c.offset <= offset && c.offset >= block * LINE_BLOCK
        ? c
        : this.blockStart(block);
    const place = this.advance(from, Math.max(from.offset, offset));
    this.cursor = place;
    return { line: place.line, column: place.column };
  }

  /** The place at the start of block `block` (its first byte, or where the text starts for the first block). */
  private blockStart(block: number): Place & { offset: number } {
    const starts = this.blockStarts;
    if (starts.length === 0) starts.push({ offset: this.textStart, line: 1, column: 1 });
    while (starts.length <= block) {
      const last = starts[starts.length - 1] as Place & { offset: number };
      starts.push(this.advance(last, starts.length * LINE_BLOCK));
    }
    return starts[block] as Place & { offset: number };
  }

  /** The place at byte `to`, counted on from the place `from` (at or before it). */
  private advance(from: Place & { offset: number }, to: number): Place & { offset: number } {
    const crossed = newlines(this.bytes, from.offset, to);
    const line = from.line + crossed.count;
    // Counted, not decoded: on the same line the column goes on; after a newline it starts again.
    const column =
      crossed.count === 0
        ? from.column + units(this.bytes, from.offset, to)
        : 1 + units(this.bytes, crossed.last + 1, to);
    return { offset: to, line, column };
  }

  /**
   * The file's line and column of the value at a JSON Pointer, or of its deepest existing ancestor (as locatePointer
   * finds in a whole text): arrays and objects too large for a piece are walked by their members, whose places are
   * kept, so many findings in one large file cost one pass.
   */
  locatePointer(pointer: string): { line: number; column: number } {
    let at = this.skipSpace(this.textStart);
    const segments = pointer === '' || !pointer.startsWith('/') ? [] : pointer.slice(1).split('/');
    for (let i = 0; i < segments.length; i++) {
      const piece = this.pieceAt(at);
      if (piece !== undefined) {
        // Within one piece: the whole-text navigation (the piece's one index), its offset placed in the file.
        const offset = piece.index.offsetOf('/' + segments.slice(i).join('/'));
        return inFile(piece.base, piece.index.placeOf(offset), offset);
      }
      const key = (segments[i] as string).replace(/~1/g, '/').replace(/~0/g, '~');
      const next =
        this.bytes[at] === 0x7b
          ? this.members(at).get(key)
          : /^(0|[1-9]\d*)$/.test(key)
            ? this.elements(at)[Number(key)]
            : undefined;
      if (next === undefined) break;
      at = next;
    }
    return this.locate(at);
  }

  /**
   * The pieces placed in last (a workflow of a large list), each with its one position index and its place in the
   * file: the findings of one workflow come together, and each would otherwise decode and index its piece again.
   * Kept up to PIECE_CHARS characters in all (always the last one).
   */
  private readonly pieces = new Map<number, { index: PositionIndex; base: Place; size: number }>();
  private pieceChars = 0;
  /** Containers found larger than a piece: measuring one crosses up to `split` bytes, so it is done once. */
  private readonly large = new Set<number>();

  /** The piece that starts at `at` (a value of at most `split` bytes), or undefined for a larger one. */
  private pieceAt(at: number): { index: PositionIndex; base: Place } | undefined {
    const known = this.pieces.get(at);
    if (known !== undefined) return known;
    if (this.large.has(at)) return undefined;
    const end = this.endWithin(at, this.sizes.split);
    if (end === undefined) {
      this.large.add(at);
      return undefined;
    }
    const text = this.decode(at, end);
    for (const [start, old] of this.pieces) {
      if (this.pieceChars + text.length <= PIECE_CHARS) break;
      this.pieces.delete(start);
      this.pieceChars -= old.size;
    }
    const piece = { index: new PositionIndex(text), base: this.locate(at), size: text.length };
    this.pieces.set(at, piece);
    this.pieceChars += text.length;
    return piece;
  }

  /** Member and element starts of the large arrays and objects walked so far, by their offset. */
  private readonly starts = new Map<number, Map<string, number> | number[]>();

  /** Where each member's value starts in the large object at `open` (the last of a repeated key, as JSON.parse keeps). */
  private members(open: number): Map<string, number> {
    const known = this.starts.get(open);
    if (known instanceof Map) return known;
    const out = new Map<string, number>();
    let at = this.skipSpace(open + 1);
    while (this.bytes[at] === QUOTE) {
      const keyEnd = this.stringEnd(at);
      const key = JSON.parse(this.decode(at, keyEnd)) as string;
      at = this.skipSpace(this.skipSpace(keyEnd) + 1);
      out.set(key, at);
      at = this.skipSpace(this.valueEnd(at));
      if (this.bytes[at] !== 0x2c) break;
      at = this.skipSpace(at + 1);
    }
    this.starts.set(open, out);
    return out;
  }

  /** Where each element starts in the large array at `open`. */
  private elements(open: number): number[] {
    const known = this.starts.get(open);
    if (Array.isArray(known)) return known;
    const out: number[] = [];
    let at = this.skipSpace(open + 1);
    while (at < this.bytes.length && this.bytes[at] !== 0x5d) {
      out.push(at);
      at = this.skipSpace(this.valueEnd(at));
      if (this.bytes[at] !== 0x2c) break;
      at = this.skipSpace(at + 1);
    }
    this.starts.set(open, out);
    return out;
  }

  /** The end of any value, however large (the document has parsed, so its brackets balance). */
  private valueEnd(at: number): number {
    return this.endWithin(at, this.bytes.length) ?? this.bytes.length;
  }

  /** The bytes [start, end) as text; strict, so a byte that is not UTF-8 is an input error, never a replacement character. */
  protected decode(start: number, end: number): string {
    try {
      return this.decoder.decode(this.bytes.subarray(start, end));
    } catch {
      throw new KwtError(
        'input',
        `${this.file}: not UTF-8 text; expected a JSON file saved as UTF-8`,
      );
    }
  }

  /** The first offset from `at` that is not JSON whitespace. */
  skipSpace(at: number): number {
    while (isSpace(this.bytes[at])) at++;
    return at;
  }

  /** The offset after the string that opens at `at` (a quote), or the end of the bytes when it never closes. */
  protected stringEnd(at: number): number {
    for (
      let q = this.bytes.indexOf(QUOTE, at + 1);
      q !== -1;
      q = this.bytes.indexOf(QUOTE, q + 1)
    ) {
      let slashes = 0;
      while (this.bytes[q - 1 - slashes] === BACKSLASH) slashes++;
      if (slashes % 2 === 0) return q + 1;
    }
    return this.bytes.length;
  }

  /**
   * The offset after the value that starts at `at`, when it ends within `budget` bytes; otherwise undefined (a large
   * array or object, split further). Brackets are only counted: a mismatch is found when the piece is parsed.
   */
  protected endWithin(at: number, budget: number): number | undefined {
    const bytes = this.bytes;
    const first = bytes[at];
    // A string or number is never split: it is one piece up to the largest value.
    if (first === QUOTE || (first !== 0x7b && first !== 0x5b)) {
      const end = first === QUOTE ? this.stringEnd(at) : this.scalarEnd(at);
      if (end - at > this.sizes.value)
        throw new KwtError(
          'input',
          `${this.file}:${this.where(at)}: one JSON value larger than ${this.sizes.value} bytes; no string here can hold it`,
        );
      return end;
    }
    const stop = Math.min(bytes.length, at + budget);
    let depth = 0;
    for (let i = at; i < stop; i++) {
      const c = bytes[i];
      if (c === QUOTE) i = this.stringEnd(i) - 1;
      else if (c === 0x7b || c === 0x5b) depth++;
      else if (c === 0x7d || c === 0x5d) {
        depth--;
        if (depth === 0) return i + 1;
      }
    }
    // Unclosed up to the end of the file: one piece, whose parse says what is missing.
    return stop === bytes.length && bytes.length - at <= budget ? bytes.length : undefined;
  }

  /**
   * The end of a number or literal: its longest valid prefix, so what follows is judged by the array or object around
   * it (as a whole file's scan does); a token with no valid prefix is one piece, whose parse says what was expected.
   */
  private scalarEnd(at: number): number {
    let end = at;
    const bytes = this.bytes;
    while (
      end < bytes.length &&
      !isSpace(bytes[end]) &&
      bytes[end] !== 0x2c &&
      bytes[end] !== 0x7d &&
      bytes[end] !== 0x5d
    )
      end++;
    SCALAR.lastIndex = 0;
    const valid = SCALAR.exec(this.decode(at, Math.min(end, at + this.sizes.value)));
    return valid ? at + valid[0].length : end;
  }

  /** The file's line and column of an offset in the text of the piece that starts at byte `start`. */
  protected placeInPiece(
    start: number,
    text: string,
    offset: number,
  ): { line: number; column: number } {
    return inFile(this.locate(start), placeAmong(lineStartsOf(text), offset), offset);
  }

  /** `line:column` of a byte offset, for messages. */
  protected where(at: number): string {
    const { line, column } = this.locate(at);
    return `${line}:${column}`;
  }
}

/**
 * Finds where JSON Pointers land in a large document that has parsed (parseInPieces), for the lines and columns of
 * findings: what locatePointer does for a text that fits in one string.
 */
export function pointerLocator(
  bytes: Buffer,
  sizes: PieceSizes = SIZES,
): (pointer: string) => { line: number; column: number } {
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const parser = new JsonBytes(bytes, '', sizes, bom ? 3 : 0);
  return (pointer) => parser.locatePointer(pointer);
}
