// Turns raw bytes into a JSON value, or a plain error naming the file: limits, encoding, syntax with line:column, unsafe keys.
import { type Json, isObject, toPointer, UNSAFE_KEYS } from '../core/json';
import { KwtError } from '../core/errors';
import { findSyntaxError, lineColumn } from './json-syntax';

/** Inputs larger than this are refused before parsing (an org export is a few MB; this is far above). */
export const MAX_INPUT_BYTES = 64 * 1024 * 1024;
/** Deeper nesting is refused: real workflows nest under 30 levels; the walkers recurse. */
export const MAX_DEPTH = 200;

export interface ParsedJson {
  value: Json;
  warnings: string[];
}

/**
 * True when the parsed value nests deeper than `limit`. V8's JSON.parse is iterative, so parsing first is safe;
 * this recursion stops at `limit`, so it cannot overflow either, and the walkers after it never see deeper data.
 * Walking the parsed value is about 3x cheaper than scanning the text.
 */
function deeperThan(value: unknown, limit: number, depth = 1): boolean {
  if (depth > limit) return true;
  if (Array.isArray(value)) {
    for (const item of value) if (item !== null && typeof item === 'object' && deeperThan(item, limit, depth + 1)) return true;
  } else if (value !== null && typeof value === 'object') {
    for (const key in value) {
      const item = (value as Record<string, unknown>)[key];
      if (item !== null && typeof item === 'object' && deeperThan(item, limit, depth + 1)) return true;
    }
  }
  return false;
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

export function parseInput(bytes: Buffer, file: string): ParsedJson {
  const warnings: string[] = [];
  if (bytes.length > MAX_INPUT_BYTES) {
    throw new KwtError('input', `${file}: ${bytes.length} bytes is larger than the ${MAX_INPUT_BYTES / 1024 / 1024} MiB input limit`);
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
  if (text.trim() === '') throw new KwtError('input', `${file}: empty file; expected a JSON workflow export`);
  let value: Json;
  try {
    value = JSON.parse(text) as Json;
  } catch (error) {
    const problem = findSyntaxError(text);
    if (!problem) throw new KwtError('input', `${file}: invalid JSON: ${error instanceof Error ? error.message : String(error)}`);
    const { line, column } = lineColumn(text, problem.offset);
    const found = problem.offset >= text.length ? 'the end of the file' : JSON.stringify(text[problem.offset]);
    throw new KwtError('input', `${file}:${line}:${column}: invalid JSON: expected ${problem.expected}, found ${found}`);
  }
  if (value !== null && typeof value === 'object' && deeperThan(value, MAX_DEPTH)) {
    throw new KwtError('input', `${file}: nested more than ${MAX_DEPTH} levels deep; refusing to process it`);
  }
  if (/"(?:__proto__|constructor|prototype)"\s*:/.test(text)) dropUnsafeKeys(value, [], warnings, file);
  return { value, warnings };
}
