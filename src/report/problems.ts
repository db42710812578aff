// Formats problems (transform, input and validation) one per line, masked, for people.
import type { Problem } from '../core/transform';
import type { Redactor } from '../core/secrets';
import { escapeControls } from './terminal-text';
import { painter, type Paint } from './color';

/**
 * `file:line:column` when the value was found in the file (editors and terminals open it there), then its pointer, which
 * says which value it is where lines are long (a one-line export); else `file#pointer`.
 */
function place(p: Problem): string {
  if (p.file !== undefined && p.line !== undefined)
    return `${p.file}:${p.line}:${p.column ?? 1}${p.pointer ? ` #${p.pointer}` : ''}`;
  return [p.file ?? '', p.pointer ? `#${p.pointer}` : ''].join('');
}

export function formatProblem(
  p: Problem,
  redactor: Redactor,
  paint: Paint = painter(false),
): string {
  const workflow = p.workflow ? ` (${p.workflow})` : '';
  const label = p.severity === 'error' ? paint('red', 'error  ') : paint('yellow', 'warning');
  const head = `${place(p)}${workflow}`.trim();
  // Masked, then escaped, then coloured: the escapes of the colour are the only control characters that reach the
  // terminal. The place and the message each on their own: the message was masked where the plan made it, and the
  // redactor remembers it.
  const text = head
    ? `${redactor.maskText(head)}: ${redactor.maskText(p.message)}`
    : redactor.maskText(p.message);
  return `${label} ${escapeControls(text)} ${paint('dim', `[${p.code}]`)}`;
}

export function countBySeverity(problems: readonly Problem[]): {
  errors: number;
  warnings: number;
} {
  let errors = 0;
  let warnings = 0;
  for (const p of problems) {
    if (p.severity === 'error') errors++;
    else warnings++;
  }
  return { errors, warnings };
}
