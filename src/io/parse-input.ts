// Turns raw bytes into a JSON value, or a plain error naming the file: limits, encoding, syntax with line:column, unsafe keys.
import { constants } from 'node:buffer';
import { type Json, isObject, toPointer, UNSAFE_KEYS } from '../core/json';
import { KwtError, errorMessage } from '../core/errors';
import { findSyntaxError, lineColumn, scanJson } from './json-syntax';

/** Inputs larger than this are refused before parsing (an org export is a few MB; this is far above). */
export const MAX_INPUT_BYTES = 64 * 1024 * 1024;
/** The longest string V8 holds (UTF-16 units). */
const MAX_STRING_LENGTH = constants.MAX_STRING_LENGTH;

/** `1 KiB`, `64 MiB`, `1.5 GiB`: a size as people read it (one decimal at most). */
export function formatSize(bytes: number): string {
  const units: [number, string][] = [
    [1024 ** 3, 'GiB'],
    [1024 ** 2, 'MiB'],
    [1024, 'KiB'],
  ];
  for (const [size, unit] of units) if (bytes >= size) return `${Math.round((bytes / size) * 10) / 10} ${unit}`;
  return `${bytes} bytes`;
}

/** The one message for an input over the limit: a file by its size, stdin (size unknown) as it streams. */
export function inputTooLarge(label: string, size: number | undefined, limit: number): KwtError {
  const what = size === undefined ? `${label}: stdin is larger than` : `${label}: ${formatSize(size)}, larger than`;
  return new KwtError('input', `${what} the ${formatSize(limit)} input limit (--max-input-size raises it)`);
}
/** Deeper nesting is refused: real workflows nest under 30 levels; the walkers recurse. */
export const MAX_DEPTH = 200;

export interface ParsedJson {
  value: Json;
  warnings: string[];
  /** False when the value is not all the text says: a repeated key (the last one won) or a dropped prototype key. */
  exact: boolean;
}

interface TreeFacts {
  tooDeep: boolean;
  /** Object keys in the parsed value, counted: fewer than the text holds means a key was repeated. */
  keys: number;
  unsafe: boolean;
  /** A number JSON.parse may have changed: Infinity, or an integer beyond 2^53 (the text then says whether it was exact). */
  bigNumber: boolean;
}

/**
 * One walk of the parsed value: nesting beyond `limit` (the recursion stops there, so it cannot overflow), the number of
 * keys, and whether a prototype key is present. V8's JSON.parse is iterative, so parsing first is safe.
 */
function treeFacts(root: unknown, limit: number): TreeFacts {
  const facts: TreeFacts = { tooDeep: false, keys: 0, unsafe: false, bigNumber: false };
  const number = (n: number): void => {
    if (!Number.isFinite(n) || (Number.isInteger(n) && !Number.isSafeInteger(n))) facts.bigNumber = true;
  };
  const walk = (value: unknown, depth: number): void => {
    if (depth > limit) {
      facts.tooDeep = true;
      return;
    }
    if (Array.isArray(value)) {
      for (const item of value) {
        if (typeof item === 'number') number(item);
        else if (item !== null && typeof item === 'object' && !facts.tooDeep) walk(item, depth + 1);
      }
    } else if (value !== null && typeof value === 'object') {
      for (const key of Object.keys(value)) {
        facts.keys++;
        if (key === '__proto__' || key === 'constructor' || key === 'prototype') facts.unsafe = true;
        const item = (value as Record<string, unknown>)[key];
        if (typeof item === 'number') number(item);
        else if (item !== null && typeof item === 'object' && !facts.tooDeep) walk(item, depth + 1);
      }
    }
  };
  walk(root, 1);
  return facts;
}

/**
 * A quote, optional whitespace, a colon: every key of valid JSON text ends so, and a string can only add more matches
 * (an escaped quote before a colon). So when the text has no more matches than the parsed value has keys, no key repeats.
 */
const KEY_END = /"\s*:/g;

/**
 * A number that may have underflowed to 0 (`1e-400`): an exponent of three or more digits. Overflow and lost precision
 * show in the parsed value itself (treeFacts); this is the one change only the text can show.
 */
const TINY_NUMBER = /\d[eE]-\d{3}/;

function countKeysInText(text: string): number {
  let n = 0;
  KEY_END.lastIndex = 0;
  while (KEY_END.exec(text)) n++;
  return n;
}

/** Remove `__proto__`, `constructor` and `prototype` keys so they can never reach a prototype; say where. */
function dropUnsafeKeys(value: Json, path: (string | number)[], warnings: string[], file: string): void {
  if (Array.isArray(value)) {
    value.forEach((item, i) => {
      path.push(i);
      dropUnsafeKeys(item, path, warnings, file);
      path.pop();
    });
  } else if (isObject(value)) {
    for (const key of Object.keys(value)) {
      path.push(key);
      if (UNSAFE_KEYS.has(key)) {
        delete value[key];
        warnings.push(`${file}: dropped key "${key}" at ${toPointer(path)} (not allowed in inputs)`);
      } else dropUnsafeKeys(value[key] as Json, path, warnings, file);
      path.pop();
    }
  }
}

/** Whether the UTF-8 bytes decode to a string V8 can hold: counts the characters without decoding. */
function fitsInString(bytes: Buffer): boolean {
  let units = 0;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    // Continuation bytes add nothing; a 4-byte sequence is two UTF-16 units.
    if ((b & 0xc0) !== 0x80) units += b >= 0xf0 ? 2 : 1;
    if (units > MAX_STRING_LENGTH) return false;
  }
  return true;
}

/** Decodes the bytes as UTF-8, or as UTF-16 when they start with its byte-order mark (what PowerShell's `>` writes). */
function decode(bytes: Buffer, file: string, warnings: string[]): string {
  const utf16 = bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff));
  if (utf16) {
    const encoding = bytes[0] === 0xff ? 'utf-16le' : 'utf-16be';
    try {
      const text = new TextDecoder(encoding, { fatal: true }).decode(bytes);
      warnings.push(`${file}: is ${encoding.toUpperCase()} text (PowerShell's default); read it as such, but save exports as UTF-8`);
      return text;
    } catch {
      throw new KwtError('input', `${file}: starts like ${encoding.toUpperCase()} text but is not valid ${encoding.toUpperCase()}; save it as UTF-8`);
    }
  }
  if (bytes.includes(0)) throw new KwtError('input', `${file}: binary file (contains NUL bytes); expected JSON text`);
  let text: string;
  try {
    // ignoreBOM keeps the mark in the text, so it can be reported rather than silently dropped.
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    throw new KwtError('input', `${file}: not UTF-8 text; expected a JSON file saved as UTF-8`);
  }
  if (text.charCodeAt(0) === 0xfeff) {
    text = text.slice(1);
    warnings.push(`${file}: starts with a UTF-8 byte-order mark; ignored it`);
  }
  return text;
}

/** The text of a file's bytes as kwt reads it (UTF-16 by its mark, UTF-8 without a BOM), or undefined when it is not text. */
export function decodeText(bytes: Buffer): string | undefined {
  try {
    return decode(bytes, '', []);
  } catch {
    return undefined;
  }
}

const NUMBER_MESSAGES = {
  'number-range': 'is out of the range JSON numbers can hold here (it would silently become null, Infinity or 0)',
  'number-precision': 'is an integer beyond 2^53, which would silently lose precision; write it as a string',
} as const;

export function parseInput(bytes: Buffer, file: string, limit: number = MAX_INPUT_BYTES): ParsedJson {
  const warnings: string[] = [];
  if (bytes.length > limit) {
    throw inputTooLarge(file, bytes.length, limit);
  }
  // V8 holds at most about 512 MiB of text in one string (the decoder's failure would read "not UTF-8").
  if (bytes.length > MAX_STRING_LENGTH && !fitsInString(bytes)) {
    throw new KwtError(
      'input',
      `${file}: ${formatSize(bytes.length)} of text is more than one JSON document can hold here (about 512 MiB); kwt writes blocks this large but cannot read them back whole`,
    );
  }
  const text = decode(bytes, file, warnings);
  if (text.trim() === '') throw new KwtError('input', `${file}: empty file; expected a JSON workflow export`);
  let value: Json;
  try {
    value = JSON.parse(text) as Json;
  } catch (error) {
    const problem = findSyntaxError(text);
    if (!problem) throw new KwtError('input', `${file}: invalid JSON: ${errorMessage(error)}`);
    const { line, column } = lineColumn(text, problem.offset);
    const found = problem.offset >= text.length ? 'the end of the file' : JSON.stringify(text[problem.offset]);
    throw new KwtError('input', `${file}:${line}:${column}: invalid JSON: expected ${problem.expected}, found ${found}`);
  }
  const facts: TreeFacts =
    value !== null && typeof value === 'object'
      ? treeFacts(value, MAX_DEPTH)
      : {
          tooDeep: false,
          keys: 0,
          unsafe: false,
          bigNumber: typeof value === 'number' && (!Number.isFinite(value) || (Number.isInteger(value) && !Number.isSafeInteger(value))),
        };
  if (facts.tooDeep) throw new KwtError('input', `${file}: nested more than ${MAX_DEPTH} levels deep; refusing to process it`);
  // What JSON.parse hides: a changed number is an error, a repeated key a warning, a prototype key is dropped.
  // The full scan costs about a parse, so it runs only when native checks say it may find something.
  const suspicious = facts.bigNumber || countKeysInText(text) !== facts.keys || TINY_NUMBER.test(text);
  const { findings } = suspicious ? scanJson(text, true) : { findings: [] };
  const where = (offset: number): string => {
    const { line, column } = lineColumn(text, offset);
    return `${file}:${line}:${column}`;
  };
  const numbers = findings.filter((f) => f.kind === 'number-range' || f.kind === 'number-precision');
  if (numbers.length > 0) {
    throw new KwtError(
      'input',
      `${where(numbers[0]!.offset)}: the number ${numbers[0]!.token} ${NUMBER_MESSAGES[numbers[0]!.kind as keyof typeof NUMBER_MESSAGES]}`,
      numbers.slice(1).map((f) => `${where(f.offset)}: the number ${f.token} ${NUMBER_MESSAGES[f.kind as keyof typeof NUMBER_MESSAGES]}`),
    );
  }
  for (const f of findings) {
    if (f.kind === 'duplicate-key') warnings.push(`${where(f.offset)}: key ${JSON.stringify(f.token)} appears twice in one object; the last one wins`);
  }
  if (facts.unsafe) dropUnsafeKeys(value, [], warnings, file);
  return { value, warnings, exact: !facts.unsafe && !findings.some((f) => f.kind === 'duplicate-key') };
}
