// Gives each problem the line and column of its value in the file it names, from the file's text.
import type { Problem } from '../core/transform';
import { locatePointer } from '../core/json-text';
import { lineColumn } from './json-syntax';

/**
 * Problems with `line`/`column` where `textOf(file)` has the file's text as it was parsed (valid JSON: callers that
 * read a file again check that and keep what they read, see fileTextOf).
 */
export function locateProblems(problems: readonly Problem[], textOf: (file: string) => string | undefined): Problem[] {
  return problems.map((p) => {
    if (p.file === undefined || p.pointer === undefined || p.line !== undefined) return p;
    const text = textOf(p.file);
    if (text === undefined) return p;
    const { line, column } = lineColumn(text, locatePointer(text, p.pointer));
    return { ...p, line, column };
  });
}
