// The human report, derived from the same RunReport the JSON report serialises: findings, then notes, summary and messages.
import type { Redactor } from '../core/secrets';
import { formatProblem } from './problems';
import { formatSummary, type SummaryRow } from './summary';
import { escapeControls } from './terminal-text';
import { painter, type Paint } from './color';
import { changeCountsOf, type RunReport } from './run-report';

export interface PrettyOptions {
  quiet?: boolean;
  verbose?: boolean;
  /** Colour for the rest (stderr); `findingsPaint` for the findings, which may go to another stream (validate: stdout). */
  paint?: Paint;
  findingsPaint?: Paint;
  /** Leave the findings out (another format shows them, e.g. GitHub annotations). */
  withoutFindings?: boolean;
}

/** The two parts of the human report: findings (stdout for validate, as ESLint does) and the rest (always stderr). */
export interface PrettyText {
  findings: string;
  rest: string;
}

function lines(list: readonly string[]): string {
  return list.length > 0 ? list.join('\n') + '\n' : '';
}

/** How many places of one repeated finding the text output shows before it counts the rest. */
const SHOWN_PLACES = 5;

/**
 * Problems (one per line), then notes, totals with the inputs that need attention, change counts, and the closing messages.
 * Quiet keeps only errors: silence must never hide why the exit code is not 0. Every text is masked and escaped before it is coloured.
 */
export function formatPretty(
  report: RunReport,
  redactor: Redactor,
  options: PrettyOptions = {},
): PrettyText {
  const { quiet = false, verbose = false, paint = painter(false) } = options;
  const findingsPaint = options.findingsPaint ?? paint;
  const text = (s: string): string => escapeControls(redactor.maskText(s));
  const findings: string[] = [];
  const rest: string[] = [];
  // Unreadable inputs are shown in their summary row by transform; validate has no rows and quiet shows none.
  const inRows = report.command === 'transform' && !quiet;
  const inputErrors = inRows
    ? report.inputs.flatMap((i) => i.problems.filter((p) => p.code === 'input'))
    : [];
  const all = [...report.inputs.flatMap((i) => i.problems), ...report.problems];
  // The same finding in many places (one rule, one message) is shown at its first places, then counted: every place
  // stays in json, sarif and github output.
  const seen = new Map<string, number>();
  for (const p of all) {
    if (quiet ? p.severity !== 'error' : inputErrors.includes(p)) continue;
    // A file that cannot be read is an error of the run (stderr), not a finding about the file's content.
    if (p.code === 'input') rest.push(formatProblem(p, redactor, paint));
    else if (!options.withoutFindings) {
      const key = `${p.severity}\u0000${p.code}\u0000${p.message}`;
      const count = (seen.get(key) ?? 0) + 1;
      seen.set(key, count);
      if (count <= SHOWN_PLACES) findings.push(formatProblem(p, redactor, findingsPaint));
    }
  }
  for (const [key, count] of seen) {
    if (count <= SHOWN_PLACES) continue;
    const [severity, code, message] = key.split('\u0000') as [string, string, string];
    findings.push(
      `${findingsPaint('dim', `… and ${(count - SHOWN_PLACES).toLocaleString('en-US')} more ${severity === 'error' ? 'errors' : 'warnings'} (${code}) like that:`)} ${text(message)}`,
    );
  }
  if (!quiet) {
    for (const note of report.notes) rest.push(`${paint('yellow', 'warning')} ${text(note)}`);
    if (report.command === 'transform') {
      const byFile = new Map<string, { errors: number; warnings: number }>();
      for (const p of all) {
        if (p.file === undefined) continue;
        const count = byFile.get(p.file) ?? { errors: 0, warnings: 0 };
        if (p.severity === 'error') count.errors++;
        else count.warnings++;
        byFile.set(p.file, count);
      }
      const rows: SummaryRow[] = report.inputs.map((i) => {
        const firstError = i.problems.find((p) => p.severity === 'error');
        const count = byFile.get(i.file) ?? { errors: 0, warnings: 0 };
        const row: SummaryRow = {
          label: text(i.file),
          // A validation error in one of its workflows makes the input an error row too.
          status: count.errors > 0 ? 'error' : i.status,
          workflows: i.workflows.length,
          changes: i.workflows.reduce(
            (n, w) => n + Object.values(changeCountsOf(w)).reduce((a, b) => a + b, 0),
            0,
          ),
          errors: i.problems.some((p) => p.code === 'input') ? 0 : count.errors,
          warnings: count.warnings,
        };
        if (firstError) row.message = text(firstError.message);
        return row;
      });
      rest.push(
        formatSummary(
          rows,
          new Map(Object.entries(report.totals.changesByTransform)),
          verbose,
          paint,
        ).replace(/\n$/, ''),
      );
    }
  }
  const prefix = report.command === 'validate' ? 'kwt validate: ' : 'kwt: ';
  for (const m of report.messages) {
    // "differs: X" lines are findings and stay under -q; the closing sentence is chatter unless it explains a failure.
    const finding = m.startsWith('differs: ');
    if (!quiet || finding || report.exitCode !== 0) rest.push(text(finding ? m : prefix + m));
  }
  return { findings: lines(findings), rest: lines(rest) };
}
