// The human report on stderr, derived from the same RunReport the JSON report serialises.
import type { Redactor } from '../core/secrets';
import { formatProblem } from './problems';
import { formatSummary, type SummaryRow } from './summary';
import type { RunReport } from './run-report';

/**
 * Problems first (one per line), then notes, one line per input, change counts, and the closing messages.
 * Quiet keeps only errors: silence must never hide why the exit code is not 0.
 */
export function formatPretty(report: RunReport, redactor: Redactor, quiet: boolean): string {
  const lines: string[] = [];
  // Unreadable inputs are shown in their summary row by transform; validate has no rows and quiet shows none.
  const inRows = report.command === 'transform' && !quiet;
  const inputErrors = inRows ? report.inputs.flatMap((i) => i.problems.filter((p) => p.code === 'input')) : [];
  const shown = [...report.inputs.flatMap((i) => i.problems), ...report.problems].filter((p) => (quiet ? p.severity === 'error' : !inputErrors.includes(p)));
  for (const p of shown) lines.push(formatProblem(p, redactor));
  if (!quiet) {
    for (const note of report.notes) lines.push(redactor.maskText(`warning ${note}`));
    if (report.command === 'transform') {
      const rows: SummaryRow[] = report.inputs.map((i) => {
        const firstError = i.problems.find((p) => p.severity === 'error');
        const row: SummaryRow = {
          label: i.file,
          status: i.status,
          workflows: i.workflows.length,
          changes: i.workflows.reduce((n, w) => n + w.changes.length, 0),
        };
        if (firstError) row.message = firstError.message;
        return row;
      });
      lines.push(redactor.maskText(formatSummary(rows, new Map(Object.entries(report.totals.changesByTransform)))).replace(/\n$/, ''));
    }
  }
  const prefix = report.command === 'validate' ? 'kwt validate: ' : 'kwt: ';
  for (const m of report.messages) {
    // "differs: X" lines are findings and stay under -q; the closing sentence is chatter unless it explains a failure.
    const finding = m.startsWith('differs: ');
    if (!quiet || finding || report.exitCode !== 0) lines.push(redactor.maskText(finding ? m : prefix + m));
  }
  return lines.length > 0 ? lines.join('\n') + '\n' : '';
}
