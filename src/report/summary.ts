// The human summary of a transform run (stderr): totals, the inputs that need attention (all with --verbose), change counts.
import type { InputStatus } from '../core/batch';
import { painter, type Paint } from './color';

export interface SummaryRow {
  label: string;
  status: InputStatus;
  workflows: number;
  changes: number;
  /** Findings that point into this input (transform and validation). */
  errors: number;
  warnings: number;
  /** For error rows: the first message. */
  message?: string;
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

const STATUS_STYLE = { error: 'red', ok: 'green', unchanged: 'dim', 'left-out': 'dim' } as const;

/**
 * One line of totals; then a row per input with errors or warnings (every input with `verbose`), so the one failing
 * input of 4,000 is not lost among `ok` lines; then the change counts per transform.
 */
export function formatSummary(
  rows: readonly SummaryRow[],
  changesByTransform: ReadonlyMap<string, number>,
  verbose = false,
  paint: Paint = painter(false),
): string {
  const shown = verbose
    ? rows
    : rows.filter((r) => r.status === 'error' || r.errors > 0 || r.warnings > 0);
  const width = Math.min(60, Math.max(0, ...shown.map((r) => r.label.length)));
  const workflows = rows.reduce((n, r) => n + r.workflows, 0);
  const counts = (['ok', 'unchanged', 'left-out', 'error'] as const)
    .map((s) => [s, rows.filter((r) => r.status === s).length] as const)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => paint(STATUS_STYLE[s], `${n} ${s.replace('-', ' ')}`));
  const lines = [
    `kwt: ${plural(rows.length, 'input')} (${counts.join(', ')}), ${plural(workflows, 'workflow')}`,
  ];
  for (const row of shown) {
    const status = paint(STATUS_STYLE[row.status], row.status.padEnd(9));
    if (row.status === 'error' && row.workflows === 0) {
      // A file that could not be read: its message already starts with the file (and line:column).
      lines.push(`  ${status} ${row.message ?? row.label}`);
      continue;
    }
    const findings = [
      row.errors > 0 ? plural(row.errors, 'error') : '',
      row.warnings > 0 ? plural(row.warnings, 'warning') : '',
    ].filter(Boolean);
    const detail =
      row.status === 'error' && row.message !== undefined && findings.length === 0
        ? row.message
        : [
            plural(row.workflows, 'workflow'),
            ...(row.changes > 0 ? [plural(row.changes, 'change')] : []),
            ...findings,
          ].join(', ');
    lines.push(`  ${status} ${row.label.padEnd(width)}  ${detail}`);
  }
  const hidden = rows.length - shown.length;
  if (hidden > 0)
    lines.push(
      paint(
        'dim',
        `  (${plural(hidden, shown.length > 0 ? 'more input' : 'input')} without findings; --verbose lists them)`,
      ),
    );
  if (changesByTransform.size > 0) {
    lines.push(`changes: ${[...changesByTransform].map(([id, n]) => `${id} ${n}`).join(', ')}`);
  }
  return lines.join('\n') + '\n';
}
