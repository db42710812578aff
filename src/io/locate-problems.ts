// Gives each problem the line and column of its value in the file it names, from the file's text (or its bytes, past 512 MiB).
import type { Problem } from '../core/transform';
import { locatePointer } from '../core/json-text';
import { findSyntaxError, lineColumn } from './json-syntax';
import { decodeText, fitsInString } from './parse-input';
import { pointerLocator } from './json-bytes';

/** A file as findings are placed in it: its text, or for a file too large for one string, where each pointer lands. */
export type FileText = string | ((pointer: string) => { line: number; column: number } | undefined);

/**
 * Problems with `line`/`column` where `textOf(file)` has the file's text as it was parsed (valid JSON: callers that
 * read a file again check that and keep what they read, see fileTextOf).
 */
export function locateProblems(problems: readonly Problem[], textOf: (file: string) => FileText | undefined): Problem[] {
  return problems.map((p) => {
    if (p.file === undefined || p.pointer === undefined || p.line !== undefined) return p;
    const text = textOf(p.file);
    if (text === undefined) return p;
    const at = typeof text === 'string' ? lineColumn(text, locatePointer(text, p.pointer)) : text(p.pointer);
    return at ? { ...p, line: at.line, column: at.column } : p;
  });
}

/**
 * What findings in a file of these bytes are placed by: its text, or its pointer locator. With `parsed` the caller has
 * just parsed these very bytes; otherwise (a file read again) a text that no longer parses (changed since it was read)
 * gives no places rather than wrong ones. A large file is not checked (that would cost a parse): a locator that
 * stumbles on it gives no place.
 */
export function fileTextOfBytes(bytes: Buffer, options: { parsed?: boolean } = {}): FileText | undefined {
  if (!fitsInString(bytes)) {
    const locate = pointerLocator(bytes);
    return (pointer) => {
      try {
        return locate(pointer);
      } catch {
        return undefined;
      }
    };
  }
  const text = decodeText(bytes);
  return text !== undefined && (options.parsed || findSyntaxError(text) === undefined) ? text : undefined;
}
