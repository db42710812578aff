// The human summary of a transform run (stderr): one line per input, then change counts per transform.
import type { InputStatus } from '../core/batch';

export interface SummaryRow {
  label: string;
  status: InputStatus;
  workflows: number;
  changes: number;
  /** For error rows: the first message. */
  message?: string;
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export function formatSummary(rows: readonly SummaryRow[], changesByTransform: ReadonlyMap<string, number>): string {
  const width = Math.min(60, Math.max(0, ...rows.map((r) => r.label.length)));
  const lines: string[] = [];
  const workflows = rows.reduce((n, r) => n + r.workflows, 0);
  lines.push(`kwt: ${plural(rows.length, 'input')}, ${plural(workflows, 'workflow')}`);
  for (const row of rows) {
    if (row.status === 'error' && row.workflows === 0) {
      // A file that could not be read: its message already starts with the file (and line:column).
      lines.push(`  ${row.status.padEnd(9)} ${row.message ?? row.label}`);
      continue;
    }
    const detail =
      row.status === 'error' ? (row.message ?? 'failed') : `${plural(row.workflows, 'workflow')}${row.changes > 0 ? `, ${plural(row.changes, 'change')}` : ''}`;
    lines.push(`  ${row.status.padEnd(9)} ${row.label.padEnd(width)}  ${detail}`);
  }
  if (changesByTransform.size > 0) {
    lines.push(`changes: ${[...changesByTransform].map(([id, n]) => `${id} ${n}`).join(', ')}`);
  }
  return lines.join('\n') + '\n';
}
