// Cross-workflow facts computed once per batch snapshot (memoised), so per-workflow transforms stay linear.
import { type Json, isObject } from './json';
import { WORKFLOW_CALL, isWorkflowIdParam } from './kustomer';
import type { BatchEntry } from './transform';
import { visitStrings } from './walk';

const referencedIdsCache = new WeakMap<readonly BatchEntry[], ReadonlySet<string>>();

/** Workflow ids another (or the same) workflow calls (`kustomer.workflow.<id>.call`) or schedules (`params.workflowId`). */
export function referencedWorkflowIds(batch: readonly BatchEntry[]): ReadonlySet<string> {
  let ids = referencedIdsCache.get(batch);
  if (ids) return ids;
  const found = new Set<string>();
  for (const entry of batch) collectReferencedIds(entry.workflow, found);
  ids = found;
  referencedIdsCache.set(batch, ids);
  return ids;
}

export function collectReferencedIds(workflow: Json, into: Set<string>): void {
  visitStrings(workflow, (value, path) => {
    if (isWorkflowIdParam(path[path.length - 1] ?? '', path[path.length - 2])) into.add(value);
    if (value.includes('kustomer.workflow.')) for (const m of value.matchAll(WORKFLOW_CALL)) into.add(m[1] as string);
  });
}

export function stepsOf(workflow: Json): Json[] {
  return isObject(workflow) && Array.isArray(workflow['steps']) ? workflow['steps'] : [];
}
