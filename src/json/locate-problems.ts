// Gives each problem the line and column of its value in the file it names, from the file's text (or its bytes, past 512 MiB).
import type { Problem } from '../core/transform';
import { PositionIndex } from './position-index';
import { findSyntaxError } from './syntax';
import { decodeText, fitsInString } from './parse-input';
import { pointerLocator } from './bytes';

/** A file as findings are placed in it: its text, or for a file too large for one string, where each pointer lands. */
export type FileText = string | ((pointer: string) => { line: number; column: number } | undefined);

/**
 * Problems with `line`/`column` where `textOf(file)` has the file's text as it was parsed (valid JSON: callers that
 * read a file again check that and keep what they read, see fileTextOf).
 */
export function locateProblems(
  problems: readonly Problem[],
  textOf: (file: string) => FileText | undefined,
): Problem[] {
  // One index per file, made on its first finding: a thousand findings in one list file cost one pass over it.
  const indexes = new Map<string, PositionIndex>();
  const texts = new Map<string, FileText | undefined>();
  return problems.map((p) => {
    if (p.file === undefined || p.pointer === undefined || p.line !== undefined) return p;
    if (!texts.has(p.file)) texts.set(p.file, textOf(p.file));
    const text = texts.get(p.file);
    if (text === undefined) return p;
    let at: { line: number; column: number } | undefined;
    if (typeof text === 'string') {
      let index = indexes.get(p.file);
      if (index === undefined) indexes.set(p.file, (index = new PositionIndex(text)));
      at = index.locate(p.pointer);
    } else at = text(p.pointer);
    return at ? { ...p, line: at.line, column: at.column } : p;
  });
}

/**
 * What findings in a file of these bytes are placed by: its text, or its pointer locator. With `parsed` the caller has
 * just parsed these very bytes; otherwise (a file read again) a text that no longer parses (changed since it was read)
 * gives no places rather than wrong ones. A large file is not checked (that would cost a parse): a locator that
 * stumbles on it gives no place.
 */
export function fileTextOfBytes(
  bytes: Buffer,
  options: { parsed?: boolean; uniqueKeys?: boolean } = {},
): FileText | undefined {
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
  if (text === undefined || (!options.parsed && findSyntaxError(text) !== undefined))
    return undefined;
  return fileTextOfText(text, options);
}

/** What findings in a file of this text, as it was parsed, are placed by. */
export function fileTextOfText(text: string, options: { uniqueKeys?: boolean } = {}): FileText {
  // The file's one index, kept with it: every finding placed in it, in any report of the run, shares it.
  const index = new PositionIndex(text, { uniqueKeys: options.uniqueKeys === true });
  return (pointer) => index.locate(pointer);
}
