// Parses a JSON document too large for one string (kwt's own block of 30,000 workflows, an org's list past 512 MiB):
// the bytes are split at the members of its largest arrays and objects, and each piece is parsed as a text of its own.
import { isUtf8 } from 'node:buffer';
import { type Json, type JsonObject, UNSAFE_KEYS } from '../core/json';
import { KwtError } from '../core/errors';
import { JsonBytes, type PieceSizes, QUOTE, SIZES } from './json-bytes';
import { MAX_DEPTH, type ParsedJson, changedNumbers, droppedKey, duplicateKey, parseText, tooDeep } from './parse-text';

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
      offset >= this.bytes.length ? 'the end of the file' : JSON.stringify(this.decode(offset, Math.min(offset + 4, this.bytes.length)).slice(0, 1));
    return new KwtError('input', `${this.file}:${line}:${column}: invalid JSON: expected ${expected}, found ${found}`);
  }

  /** Parses the bytes [start, end) as one text, its messages placed in the file. */
  private piece(start: number, end: number, depth: number, path: readonly (string | number)[]): Parsed {
    const text = this.decode(start, end);
    const parsed = parseText(text, this.file, { depth, path, locate: (offset) => this.placeInPiece(start, text, offset) });
    this.warnings.push(...parsed.warnings);
    if (parsed.numbers) this.numbers.push(...parsed.numbers);
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
    for (;;) {
      if (at >= this.bytes.length) throw this.syntax(at, 'a JSON value before the end of the file');
      path.push(items.length);
      const [item, end, itemDropped] = this.value(at, depth + 1, path);
      path.pop();
      items.push(item);
      dropped.push(...itemDropped);
      at = this.skipSpace(end);
      if (this.bytes[at] === 0x5d) return [items, at + 1, dropped];
      if (this.bytes[at] !== 0x2c) throw this.syntax(at, "',' or ']' after the array element");
      at = this.skipSpace(at + 1);
      if (this.bytes[at] === 0x5d) throw this.syntax(at, 'another element after the comma (trailing commas are not allowed)');
    }
  }

  private object(open: number, depth: number, path: (string | number)[]): Parsed {
    const object: JsonObject = {};
    // Each key's prototype-key warnings: a repeated key's earlier value is left out, and so are its warnings.
    const dropped = new Map<string, string[]>();
    let at = this.skipSpace(open + 1);
    if (this.bytes[at] === 0x7d) return [object, at + 1, []];
    for (;;) {
      if (this.bytes[at] !== QUOTE)
        throw this.syntax(at, this.bytes[at] === 0x7d ? 'another property after the comma (trailing commas are not allowed)' : 'a double-quoted property name');
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
    if (at >= this.bytes.length) throw new KwtError('input', `${this.file}: empty file; expected a JSON workflow export`);
    const [value, end, dropped] = this.value(at, 0, []);
    const after = this.skipSpace(end);
    if (after < this.bytes.length) throw this.syntax(after, 'the end of the file after the JSON value');
    this.warnings.push(...dropped);
    return value;
  }
}

/**
 * A document parsed piece by piece, with the checks and messages of a whole file. UTF-16 text this large is refused
 * (it cannot be split at bytes as simply; kwt never writes it).
 */
export function parseInPieces(bytes: Buffer, file: string, sizes: PieceSizes = SIZES): ParsedJson {
  if (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))) {
    throw new KwtError('input', `${file}: UTF-16 text this large cannot be read; save it as UTF-8`);
  }
  if (bytes.includes(0)) throw new KwtError('input', `${file}: binary file (contains NUL bytes); expected JSON text`);
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const parser = new PieceParser(bytes, file, sizes, bom ? 3 : 0);
  let value: Json;
  try {
    value = parser.document();
    if (parser.numbers.length > 0) throw changedNumbers(parser.numbers);
  } catch (error) {
    // A whole file is decoded before it is parsed, so not being UTF-8 is said first. Pieces are decoded strictly one by
    // one and the bytes between them must be JSON's own, so a document that parsed is UTF-8: only a failure is checked.
    if (error instanceof KwtError && !isUtf8(bytes)) throw new KwtError('input', `${file}: not UTF-8 text; expected a JSON file saved as UTF-8`);
    throw error;
  }
  const warnings = bom ? [`${file}: starts with a UTF-8 byte-order mark; ignored it`, ...parser.warnings] : parser.warnings;
  return { value, warnings, exact: parser.exact };
}
