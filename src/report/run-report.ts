// The data of one run (transform or validate): the JSON report is this object, and the pretty stderr text is derived from it.
import type { ChangeRecord, Problem } from '../core/transform';
import type { Redactor } from '../core/secrets';
import { type Json, serializeAlong } from '../core/json';
import type { Text } from '../core/text';
import { countBySeverity } from './problems';

export const REPORT_FORMAT = 1;

export type InputStatusName = 'ok' | 'unchanged' | 'error' | 'left-out';
/** What happened (or would happen) to each target. */
export type OutputStatus =
  'written' | 'unchanged' | 'would-write' | 'up-to-date' | 'differs' | 'not-written';

export interface ReportWorkflow {
  /** Final name (after the pipeline), or null when the workflow has none. */
  name: string | null;
  /** Where it came from: the input file, with `#<n>` when the file holds several workflows. */
  source: string;
  changes: ChangeRecord[];
  /**
   * Changes by transform when they were only counted (a pretty summary, no JSON report, which always records them):
   * never present in a JSON report.
   */
  counts?: Record<string, number>;
}

/** The number of changes of each transform in a workflow: from its records, or its counts when it has none. */
export function changeCountsOf(w: ReportWorkflow): Record<string, number> {
  if (w.counts) return w.counts;
  const counts: Record<string, number> = {};
  for (const c of w.changes) counts[c.transform] = (counts[c.transform] ?? 0) + 1;
  return counts;
}

export interface ReportInput {
  file: string;
  status: InputStatusName;
  workflows: ReportWorkflow[];
  problems: Problem[];
}

export interface ReportOutput {
  file: string;
  status: OutputStatus;
}

export interface RunReport {
  format: typeof REPORT_FORMAT;
  tool: { name: 'kwt'; version: string };
  command: 'transform' | 'validate';
  /** 0 success, 1 findings, 2 usage/config/input/internal error: the process exit code. */
  exitCode: 0 | 1 | 2;
  app?: { name: string; version?: string };
  inputs: ReportInput[];
  /** Problems of the result (validation of what is written) and of the block (companion conflicts). */
  problems: Problem[];
  outputs: ReportOutput[];
  /** Plain notes (input warnings) and the closing sentence(s) of the run. */
  notes: string[];
  messages: string[];
  totals: {
    inputs: number;
    workflows: number;
    changes: number;
    changesByTransform: Record<string, number>;
    errors: number;
    warnings: number;
  };
}

/** Problems everywhere in the report, input-level first. */
export function allProblems(report: RunReport): Problem[] {
  return [...report.inputs.flatMap((i) => i.problems), ...report.problems];
}

/** Totals of a report; `order` lists transform ids in pipeline order, so counts read in the order transforms ran. */
export function computeTotals(
  report: Omit<RunReport, 'totals'>,
  order: readonly string[] = [],
): RunReport['totals'] {
  const changesByTransform: Record<string, number> = {};
  for (const id of order) changesByTransform[id] = 0;
  let changes = 0;
  let workflows = 0;
  for (const input of report.inputs) {
    workflows += input.workflows.length;
    for (const w of input.workflows) {
      for (const [transform, n] of Object.entries(changeCountsOf(w))) {
        changes += n;
        changesByTransform[transform] = (changesByTransform[transform] ?? 0) + n;
      }
    }
  }
  for (const id of order) if (changesByTransform[id] === 0) delete changesByTransform[id];
  const { errors, warnings } = countBySeverity(allProblems(report as RunReport));
  return { inputs: report.inputs.length, workflows, changes, changesByTransform, errors, warnings };
}

/** The report as written: every string masked (declared secrets and credential shapes), keys in a stable order. */
export function serializeReport(report: RunReport, redactor: Redactor): Text {
  // Input by input: the report of an org of 50,000 workflows, every change recorded, outgrows one string.
  return serializeAlong(redactor.maskJson(report as unknown as Json), 'inputs');
}
