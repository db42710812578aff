// Cross-workflow facts: transforms compute them once per step through ctx.memo, so per-workflow work stays linear.
import type { Json } from './json';
import { WORKFLOW_CALL, isWorkflowIdParam } from './kustomer';
import type { BatchEntry } from './transform';
import { visitStrings } from './walk';
import { matchesOf } from './matches';

/** Workflow ids another (or the same) workflow calls (`kustomer.workflow.<id>.call`) or schedules (`params.workflowId`). */
export function referencedWorkflowIds(batch: readonly BatchEntry[]): ReadonlySet<string> {
  const found = new Set<string>();
  for (const entry of batch) collectReferencedIds(entry.workflow, found);
  return found;
}

export function collectReferencedIds(workflow: Json, into: Set<string>): void {
  visitStrings(workflow, (value, path) => {
    if (isWorkflowIdParam(path[path.length - 1] ?? '', path[path.length - 2])) into.add(value);
    if (value.includes('kustomer.workflow.'))
      for (const m of matchesOf(WORKFLOW_CALL, value)) into.add(m[1] as string);
  });
}
