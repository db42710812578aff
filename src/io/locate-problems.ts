// Gives each problem the line and column of its value in the file it names, from the file's text (read again when needed).
import type { Problem } from '../core/transform';
import { locatePointer } from '../core/json-text';
import { findSyntaxError, lineColumn } from './json-syntax';

/**
 * Problems with `line`/`column` where `textOf(file)` has the text and the pointer lands in it. A file whose text is
 * not valid JSON any more (changed since it was read) is left without positions rather than given wrong ones.
 */
export function locateProblems(problems: readonly Problem[], textOf: (file: string) => string | undefined): Problem[] {
  const texts = new Map<string, string | null>();
  const usable = (file: string): string | undefined => {
    if (!texts.has(file)) {
      const text = textOf(file);
      texts.set(file, text !== undefined && findSyntaxError(text) === undefined ? text : null);
    }
    return texts.get(file) ?? undefined;
  };
  return problems.map((p) => {
    if (p.file === undefined || p.pointer === undefined || p.line !== undefined) return p;
    const text = usable(p.file);
    if (text === undefined) return p;
    const { line, column } = lineColumn(text, locatePointer(text, p.pointer));
    return { ...p, line, column };
  });
}
