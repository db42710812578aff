// Turns raw bytes into a JSON value, or a plain error naming the file: limits, encoding, syntax with line:column, unsafe keys.
import { constants } from 'node:buffer';
import { KwtError } from '../core/errors';
import { type TextStyle, detectStyle } from '../core/json';
import { type ParsedJson, parseText } from './parse-text';
import { parseInPieces } from './parse-pieces';

export type { ParsedJson } from './parse-text';

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
  for (const [size, unit] of units)
    if (bytes >= size) return `${Math.round((bytes / size) * 10) / 10} ${unit}`;
  return `${bytes} bytes`;
}

/** The one message for an input over the limit: a file by its size, stdin (size unknown) as it streams. */
export function inputTooLarge(label: string, size: number | undefined, limit: number): KwtError {
  const what =
    size === undefined
      ? `${label}: stdin is larger than`
      : `${label}: ${formatSize(size)}, larger than`;
  return new KwtError(
    'input',
    `${what} the ${formatSize(limit)} input limit (--max-input-size raises it)`,
  );
}
/**
 * Whether the bytes are few enough to decode into one string (one UTF-8 byte is at most one UTF-16 unit). Larger text
 * may still fit, but counting its characters costs as much as reading it in pieces, which gives the same result.
 */
export function fitsInString(bytes: Buffer): boolean {
  return bytes.length <= MAX_STRING_LENGTH;
}

/**
 * One decoder for every file: a whole-buffer decode keeps no state between calls, and making a decoder per file cost
 * more than the decoding (about 90 ms over 2,000 files, against about 10 ms for one decoder).
 * ignoreBOM keeps the mark in the text, so it can be reported rather than silently dropped.
 */
const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Decodes the bytes as UTF-8, or as UTF-16 when they start with its byte-order mark (what PowerShell's `>` writes). */
function decode(bytes: Buffer, file: string, warnings: string[]): string {
  const utf16 =
    bytes.length >= 2 &&
    ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff));
  if (utf16) {
    const encoding = bytes[0] === 0xff ? 'utf-16le' : 'utf-16be';
    try {
      const text = new TextDecoder(encoding, { fatal: true }).decode(bytes);
      warnings.push(
        `${file}: is ${encoding.toUpperCase()} text (PowerShell's default); read it as such, but save exports as UTF-8`,
      );
      return text;
    } catch {
      throw new KwtError(
        'input',
        `${file}: starts like ${encoding.toUpperCase()} text but is not valid ${encoding.toUpperCase()}; save it as UTF-8`,
      );
    }
  }
  if (bytes.includes(0))
    throw new KwtError('input', `${file}: binary file (contains NUL bytes); expected JSON text`);
  let text: string;
  try {
    text = UTF8.decode(bytes);
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
  if (!fitsInString(bytes)) return undefined;
  try {
    return decode(bytes, '', []);
  } catch {
    return undefined;
  }
}

/** A parsed input, with the text it was parsed from when it was one string (past 512 MiB it is parsed in pieces). */
export interface InputParse extends ParsedJson {
  text?: string;
}

export function parseInput(
  bytes: Buffer,
  file: string,
  limit: number = MAX_INPUT_BYTES,
): InputParse {
  if (bytes.length > limit) {
    throw inputTooLarge(file, bytes.length, limit);
  }
  // V8 holds at most about 512 MiB of text in one string: a larger document (kwt's own block of 30,000 workflows, an
  // org's list) is parsed value by value, each piece a string of its own.
  if (!fitsInString(bytes)) return parseInPieces(bytes, file);
  const warnings: string[] = [];
  const text = decode(bytes, file, warnings);
  if (text.trim() === '')
    throw new KwtError('input', `${file}: empty file; expected a JSON workflow export`);
  const parsed = parseText(text, file);
  return {
    value: parsed.value,
    warnings: [...warnings, ...parsed.warnings, ...parsed.dropped],
    exact: parsed.exact,
    text,
  };
}

/** The layout of a file too large for one string, from its first MiB and its last bytes. */
export function styleOfBytes(bytes: Buffer): TextStyle {
  return detectStyle(
    bytes.subarray(0, 1024 * 1024).toString('utf8') + bytes.subarray(-2).toString('latin1'),
  );
}
