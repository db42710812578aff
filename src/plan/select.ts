// Waves: --only / --exclude choose workflows by name before the pipeline runs; a chosen workflow that calls or
// schedules one left out is an error naming both, unless the target app already has the called one.
import type { BatchInput } from '../core/batch';
import type { Problem } from '../core/transform';
import { collectReferencedIds } from '../core/batch-facts';
import { nameGlob } from '../core/name-glob';

export interface Selection {
  /** Name globs a workflow must match (any of them); none means every workflow. */
  only?: readonly string[];
  /** Name globs that leave a workflow out (after `only`). */
  exclude?: readonly string[];
}

export interface Selected {
  inputs: BatchInput[];
  problems: Problem[];
  /** Patterns that matched no workflow: a typo in a wave should not pass as an empty wave. */
  unmatched: string[];
  /** Inputs none of whose workflows were chosen: nothing is written for them (--out-dir). */
  emptied: Set<string>;
}

function nameOf(workflow: Readonly<Record<string, unknown>>): string {
  return typeof workflow['name'] === 'string' ? workflow['name'] : '';
}

/**
 * The inputs with only the chosen workflows. Names are matched as globs (`Order *`, `*refund*`), ignoring case, against
 * the name in the export. `knownIds` are workflow ids the target already has (an --into app): calls to them are fine.
 */
export function selectWorkflows(
  inputs: readonly BatchInput[],
  selection: Selection,
  knownIds: ReadonlySet<string>,
): Selected {
  const hits = new Set<string>();
  // Every glob is tried on every name (no short cut), so that one that matches nothing can be named.
  const matcher = (globs: readonly string[]): ((name: string) => boolean) => {
    const tests = globs.map((glob) => ({ glob, test: nameGlob(glob) }));
    return (name) => {
      let matched = false;
      for (const t of tests) {
        if (!t.test(name)) continue;
        hits.add(t.glob);
        matched = true;
      }
      return matched;
    };
  };
  const only = selection.only && selection.only.length > 0 ? matcher(selection.only) : undefined;
  const exclude =
    selection.exclude && selection.exclude.length > 0 ? matcher(selection.exclude) : undefined;
  const chosen = (name: string): boolean => {
    const wanted = only === undefined || only(name);
    const unwanted = exclude !== undefined && exclude(name);
    return wanted && !unwanted;
  };
  const leftOut = new Map<string, string>();
  const emptied = new Set<string>();
  const selected = inputs.map((input) => {
    const items = input.parsed.items.filter((item) => {
      const keep = chosen(nameOf(item.workflow));
      if (!keep && typeof item.workflow['id'] === 'string')
        leftOut.set(item.workflow['id'], nameOf(item.workflow));
      return keep;
    });
    if (items.length === 0 && input.parsed.items.length > 0) emptied.add(input.label);
    return items.length === input.parsed.items.length
      ? input
      : { ...input, parsed: { ...input.parsed, items } };
  });
  const problems: Problem[] = [];
  for (const input of selected) {
    for (const item of input.parsed.items) {
      const calls = new Set<string>();
      collectReferencedIds(item.workflow, calls);
      for (const id of calls) {
        const missing = leftOut.get(id);
        if (missing === undefined || knownIds.has(id)) continue;
        problems.push({
          severity: 'error',
          code: 'input/selection',
          file: input.label,
          ...(item.pointer !== '' ? { pointer: item.pointer } : {}),
          workflow: nameOf(item.workflow),
          message: `calls or schedules "${missing}" (${id}), which --only/--exclude leaves out of this run and the target does not have; choose it too`,
        });
      }
    }
  }
  const unmatched = [...(selection.only ?? []), ...(selection.exclude ?? [])].filter(
    (g) => !hits.has(g),
  );
  return { inputs: selected, problems, unmatched, emptied };
}
