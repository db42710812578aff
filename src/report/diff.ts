// Unified diff between a target's current text and what would be written (the `diff` package), coloured only on a terminal.
import { escapeControls } from './terminal-text';
/** @lazy: loaded with require() by the command that needs it. */
export function unifiedDiff(
  label: string,
  before: string,
  after: string,
  options: { color: boolean },
): string {
  // git's a/ and b/ prefixes go with relative paths; an absolute path is shown as it is.
  const shown = escapeControls(label);
  const [a, b] = shown.startsWith('/') ? [shown, shown] : [`a/${shown}`, `b/${shown}`];
  const { createTwoFilesPatch } = require('diff') as typeof import('diff');
  const patch = createTwoFilesPatch(a, b, before, after, undefined, undefined, { context: 3 });
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
