// One report entry per input: read failures as input problems, the rest with their workflows, changes and problems.
import type { BatchOutcome } from '../core/batch';
import type { ReportInput } from './run-report';

/** What the report needs of each read: its label, and the error when it could not be read. */
interface ReadInput {
  file: { label: string };
  error?: { message: string } | undefined;
}

export function reportInputs(reads: readonly ReadInput[], batch: BatchOutcome): ReportInput[] {
  const outcomes = new Map(batch.inputs.map((o) => [o.label, o]));
  return reads.map((r) => {
    const o = r.error ? undefined : outcomes.get(r.file.label);
    if (!o)
      return {
        file: r.file.label,
        status: 'error',
        workflows: [],
        problems: [{ severity: 'error', code: 'input', message: r.error?.message ?? 'not read' }],
      };
    return {
      file: r.file.label,
      status: o.status,
      workflows: o.results.map((res) => ({
        name: typeof res.workflow['name'] === 'string' ? res.workflow['name'] : null,
        source: res.source,
        changes: res.changes,
        // Counted, not recorded (no JSON report will be written): the summary reads the counts.
        ...(res.changes.length === 0 && Object.keys(res.changeCounts).length > 0
          ? { counts: res.changeCounts }
          : {}),
      })),
      problems: o.problems,
    };
  });
}
