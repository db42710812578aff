// Parses a JSON document too large for one string (kwt's own block of 30,000 workflows, an org's list past 512 MiB):
// the bytes are split at the members of its largest arrays and objects, and each piece is parsed as a text of its own.
import { isUtf8 } from 'node:buffer';
import { type Json, type JsonObject, UNSAFE_KEYS } from '../core/json';
import { KwtError } from '../core/errors';
import { JsonBytes, type PieceSizes, QUOTE, SIZES } from './bytes';
import {
  MAX_DEPTH,
  type ParsedJson,
  changedNumbers,
  droppedKey,
  duplicateKey,
  parseText,
  tooDeep,
} from './parse-text';
import { pushAll } from '../core/lists';

/** A run of small elements is parsed as one text up to this size (larger texts cost more to join than they save). */
const RUN_BYTES = 256 * 1024;
/** Only elements up to this size form runs: larger ones (a workflow) are pieces of their own, parsed as fast alone. */
const SMALL_ELEMENT = 1024;

/** A value, the offset after it, and the warnings for the prototype keys left out of it. */
type Parsed = [Json, number, string[]];

/** A parse of one document's bytes, piece by piece, with the checks and messages of a whole file. */
class PieceParser extends JsonBytes {
  readonly warnings: string[] = [];
  exact = true;
  /** Numbers JSON.parse would change, thrown once the whole document has parsed (a syntax error is said first). */
  readonly numbers: string[] = [];

  /** The message for a syntax error found between pieces, worded as the whole-file scanner words it. */
  private syntax(offset: number, expected: string): KwtError {
    const { line, column } = this.locate(offset);
    const found =
      offset >= this.bytes.length
        ? 'the end of the file'
        : JSON.stringify(this.decode(offset, Math.min(offset + 4, this.bytes.length)).slice(0, 1));
    return new KwtError(
      'input',
      `${this.file}:${line}:${column}: invalid JSON: expected ${expected}, found ${found}`,
    );
  }

  /** Parses the bytes [start, end) as one text, its messages placed in the file. */
  private piece(
    start: number,
    end: number,
    depth: number,
    path: readonly (string | number)[],
  ): Parsed {
    const text = this.decode(start, end);
    const parsed = parseText(text, this.file, {
      depth,
      path,
      locate: (offset) => this.placeInPiece(start, text, offset),
    });
    pushAll(this.warnings, parsed.warnings);
    if (parsed.numbers) pushAll(this.numbers, parsed.numbers);
    if (!parsed.exact) this.exact = false;
    return [parsed.value, end, parsed.dropped];
  }

  /** The value that starts at `at` (no space before it), and the offset after it. */
  value(at: number, depth: number, path: (string | number)[]): Parsed {
    const c = this.bytes[at];
    if (c === undefined) throw this.syntax(at, 'a JSON value before the end of the file');
    if (c === 0x2c || c === 0x5d || c === 0x7d) throw this.syntax(at, 'a JSON value');
    const end = this.endWithin(at, this.sizes.split);
    if (end !== undefined) return this.piece(at, end, depth, path);
    const first = this.bytes[at];
    // A split array or object is one more level; past the limit it is refused as a whole file's would be.
    if ((first === 0x5b || first === 0x7b) && depth + 1 > MAX_DEPTH) throw tooDeep(this.file);
    if (first === 0x5b) return this.array(at, depth, path);
    return this.object(at, depth, path);
  }

  private array(open: number, depth: number, path: (string | number)[]): Parsed {
    const items: Json[] = [];
    const dropped: string[] = [];
    let at = this.skipSpace(open + 1);
    if (this.bytes[at] === 0x5d) return [items, at + 1, dropped];
    let smallElements = true;
    for (;;) {
      if (at >= this.bytes.length) throw this.syntax(at, 'a JSON value before the end of the file');
      let end: number;
      const run = smallElements ? this.run(at, depth) : undefined;
      // An array whose first elements are not small (the workflows of a block) is not tried again.
      if (!run) smallElements = false;
      if (run) {
        for (const item of run.items) items.push(item);
        end = run.end;
      } else {
        path.push(items.length);
        const [item, itemEnd, itemDropped] = this.value(at, depth + 1, path);
        path.pop();
        items.push(item);
        pushAll(dropped, itemDropped);
        end = itemEnd;
      }
      at = this.skipSpace(end);
      if (this.bytes[at] === 0x5d) return [items, at + 1, dropped];
      if (this.bytes[at] !== 0x2c) throw this.syntax(at, "',' or ']' after the array element");
      at = this.skipSpace(at + 1);
      if (this.bytes[at] === 0x5d)
        throw this.syntax(at, 'another element after the comma (trailing commas are not allowed)');
    }
  }

  /**
   * The end of the value at `at` if it ends before `stop`, its scalars not checked (the run's parse checks them, with the
   * messages of a whole file, since a run is contiguous text of the file).
   */
  private rawEnd(at: number, stop: number): number | undefined {
    const bytes = this.bytes;
    let depth = 0;
    for (let i = at; i < stop && i < bytes.length; i++) {
      const c = bytes[i];
      if (c === QUOTE) {
        i = this.stringEnd(i) - 1;
        if (depth === 0) return i + 1 < stop ? i + 1 : undefined;
      } else if (c === 0x7b || c === 0x5b) depth++;
      else if (
        c === 0x7d ||
        c === 0x5d ||
        c === 0x2c ||
        c === 0x20 ||
        c === 0x0a ||
        c === 0x0d ||
        c === 0x09
      ) {
        if (depth === 0) return i > at ? i : undefined;
        if (c === 0x7d || c === 0x5d) {
          depth--;
          if (depth === 0) return i + 1;
        }
      }
    }
    return undefined;
  }

  /**
   * Two or more whole elements from `at` that fit in one piece together, parsed at once as one array: half a gigabyte
   * of small values is then a few parses, not hundreds of millions. Undefined when fewer fit, and when the run holds a
   * prototype key (its warning names the element's index, which only the element-by-element parse knows).
   */
  private run(at: number, depth: number): { items: Json[]; end: number } | undefined {
    let end = at;
    let count = 0;
    const budget = Math.min(this.sizes.split, RUN_BYTES);
    for (let next = at; ;) {
      const elementEnd = this.rawEnd(next, Math.min(at + budget, next + SMALL_ELEMENT));
      if (elementEnd === undefined) break;
      const after = this.skipSpace(elementEnd);
      if (this.bytes[after] !== 0x2c && this.bytes[after] !== 0x5d) break;
      end = elementEnd;
      count++;
      if (this.bytes[after] === 0x5d) break;
      next = this.skipSpace(after + 1);
    }
    if (count < 2) return undefined;
    const text = this.decode(at, end);
    // The array around the run stands for the one in the file; offsets in it are one past those in the run's text.
    const parsed = parseText(`[${text}]`, this.file, {
      depth,
      path: [],
      locate: (offset) => this.placeInPiece(at, text, offset - 1),
    });
    if (parsed.dropped.length > 0) return undefined;
    pushAll(this.warnings, parsed.warnings);
    if (parsed.numbers) pushAll(this.numbers, parsed.numbers);
    if (!parsed.exact) this.exact = false;
    return { items: parsed.value as Json[], end };
  }

  private object(open: number, depth: number, path: (string | number)[]): Parsed {
    const object: JsonObject = {};
    // Each key's prototype-key warnings: a repeated key's earlier value is left out, and so are its warnings.
    const dropped = new Map<string, string[]>();
    let at = this.skipSpace(open + 1);
    if (this.bytes[at] === 0x7d) return [object, at + 1, []];
    for (;;) {
      if (this.bytes[at] !== QUOTE)
        throw this.syntax(
          at,
          this.bytes[at] === 0x7d
            ? 'another property after the comma (trailing commas are not allowed)'
            : 'a double-quoted property name',
        );
      const keyStart = at;
      const keyEnd = this.endWithin(at, this.sizes.split) as number;
      const key = this.piece(at, keyEnd, depth + 1, path)[0] as string;
      at = this.skipSpace(keyEnd);
      if (this.bytes[at] !== 0x3a) throw this.syntax(at, "':' after the property name");
      at = this.skipSpace(at + 1);
      if (at >= this.bytes.length) throw this.syntax(at, 'a JSON value before the end of the file');
      path.push(key);
      const [item, end, itemDropped] = this.value(at, depth + 1, path);
      if (dropped.has(key)) {
        this.warnings.push(duplicateKey(`${this.file}:${this.where(keyStart)}`, key));
        this.exact = false;
      }
      if (UNSAFE_KEYS.has(key)) {
        // Never assigned (`__proto__` would set the prototype): left out whole, and said once, as a whole file's are.
        dropped.set(key, [droppedKey(this.file, key, path)]);
        this.exact = false;
      } else {
        dropped.set(key, itemDropped);
        object[key] = item;
      }
      path.pop();
      at = this.skipSpace(end);
      if (this.bytes[at] === 0x7d) return [object, at + 1, [...dropped.values()].flat()];
      if (this.bytes[at] !== 0x2c) throw this.syntax(at, "',' or '}' after the property value");
      at = this.skipSpace(at + 1);
    }
  }

  /** The whole document: one value, nothing after it but space. */
  document(): Json {
    const at = this.skipSpace(this.textStart);
    if (at >= this.bytes.length)
      throw new KwtError('input', `${this.file}: empty file; expected a JSON workflow export`);
    const [value, end, dropped] = this.value(at, 0, []);
    const after = this.skipSpace(end);
    if (after < this.bytes.length)
      throw this.syntax(after, 'the end of the file after the JSON value');
    pushAll(this.warnings, dropped);
    return value;
  }
}

/**
 * A document parsed piece by piece, with the checks and messages of a whole file. UTF-16 text this large is refused
 * (it cannot be split at bytes as simply; kwt never writes it).
 */
export function parseInPieces(bytes: Buffer, file: string, sizes: PieceSizes = SIZES): ParsedJson {
  if (
    bytes.length >= 2 &&
    ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))
  ) {
    throw new KwtError('input', `${file}: UTF-16 text this large cannot be read; save it as UTF-8`);
  }
  if (bytes.includes(0))
    throw new KwtError('input', `${file}: binary file (contains NUL bytes); expected JSON text`);
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const parser = new PieceParser(bytes, file, sizes, bom ? 3 : 0);
  let value: Json;
  try {
    value = parser.document();
    if (parser.numbers.length > 0) throw changedNumbers(parser.numbers);
  } catch (error) {
    // A whole file is decoded before it is parsed, so not being UTF-8 is said first. Pieces are decoded strictly one by
    // one and the bytes between them must be JSON's own, so a document that parsed is UTF-8: only a failure is checked.
    if (error instanceof KwtError && !isUtf8(bytes))
      throw new KwtError('input', `${file}: not UTF-8 text; expected a JSON file saved as UTF-8`);
    throw error;
  }
  const warnings = bom
    ? [`${file}: starts with a UTF-8 byte-order mark; ignored it`, ...parser.warnings]
    : parser.warnings;
  return { value, warnings, exact: parser.exact };
}
