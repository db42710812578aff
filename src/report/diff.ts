// Unified diff between a target's current text and what would be written (the `diff` package), coloured only on a terminal.
import { escapeControls } from './terminal-text';
/** @lazy: loaded with require() by the command that needs it. */
export function unifiedDiff(label: string, before: string, after: string, options: { color: boolean }): string {
  const { createTwoFilesPatch } = require('diff') as typeof import('diff');
  const patch = createTwoFilesPatch(`a/${escapeControls(label)}`, `b/${escapeControls(label)}`, before, after, undefined, undefined, { context: 3 });
  if (!options.color) return patch;
  return patch
    .split('\n')
    .map((line) =>
      line.startsWith('+') && !line.startsWith('+++')
        ? `\x1b[32m${line}\x1b[0m`
        : line.startsWith('-') && !line.startsWith('---')
          ? `\x1b[31m${line}\x1b[0m`
          : line.startsWith('@@')
            ? `\x1b[36m${line}\x1b[0m`
            : line,
    )
    .join('\n');
}
