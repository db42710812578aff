// Runs the ordered transforms over the whole batch, one transform at a time, recording every change and contribution.
import { deepEqual } from './json';
import { countChanges, diffRecords } from './change-records';
import { errorMessage } from './errors';
import { isSettingName } from './kustomer';
import type { ResolvedStep } from './config';
import type {
  AppInfo,
  BatchEntry,
  ChangeRecord,
  HookDeclaration,
  Problem,
  SettingDeclaration,
  TransformContext,
  TriggerDeclaration,
  Workflow,
} from './transform';

export type Contribution =
  | {
      kind: 'setting';
      category: string;
      name: string;
      declaration: SettingDeclaration;
      transform: string;
    }
  | { kind: 'hook'; declaration: HookDeclaration; transform: string }
  | { kind: 'trigger'; declaration: TriggerDeclaration; transform: string }
  | { kind: 'dependency'; app: string; version: string; transform: string };

export interface PipelineEntry {
  workflow: Workflow;
  /** Label for messages: `file.json` or `file.json#2`. */
  source: string;
}

export interface WorkflowResult {
  source: string;
  original: Workflow;
  workflow: Workflow;
  /** Every change, in pipeline order; empty when the run was asked not to record them, or only to count them. */
  changes: ChangeRecord[];
  /** How many changes each transform made (recorded or counted; empty when neither was asked). */
  changeCounts: Record<string, number>;
  /** True when some transform changed the workflow (known even when changes are not recorded). */
  changed: boolean;
  contributions: Contribution[];
  problems: Problem[];
}

export interface PipelineOptions {
  /**
   * Record each change (transform, pointer, before, after); 'count' only counts them per transform (the pretty
   * summary); false neither (a quiet run without a JSON report): diffing after every transform costs a tenth of a run.
   */
  recordChanges?: boolean | 'count';
  /**
   * Runs a custom transform's apply (never a built-in's): the CLI passes one that sends console output to stderr and
   * turns process.exit into an error, so a plugin cannot corrupt stdout or end the run. The core itself does no I/O.
   */
  guard?: <T>(run: () => T) => T;
}

export interface PipelineResult {
  results: WorkflowResult[];
  /** Literals declared secret by transforms; every output channel masks them. */
  secrets: string[];
}

/** Nesting a custom transform may return; deeper values are refused (the walkers recurse). */
const MAX_RESULT_DEPTH = 200;

/** What is wrong with a custom transform's return value, or undefined when it is a plain JSON object. */
export function untrustedResult(value: unknown): string | undefined {
  if (
    value !== null &&
    typeof value === 'object' &&
    typeof (value as { then?: unknown }).then === 'function'
  ) {
    // Swallow its rejection: the error below is the report, not an unhandled-rejection stack.
    (value as Promise<unknown>).then(undefined, () => undefined);
    return 'returned a Promise; apply must be synchronous (do async work before kwt runs)';
  }
  return notPlainJson(value);
}

/** Iterative (no recursion, so any depth is safe): the first non-JSON value, a cycle, or excess depth. */
function notPlainJson(root: unknown): string | undefined {
  const onPath = new Set<object>();
  const stack: { node: unknown; depth: number; leave?: boolean }[] = [{ node: root, depth: 0 }];
  while (stack.length > 0) {
    const { node, depth, leave } = stack.pop() as { node: unknown; depth: number; leave?: boolean };
    if (leave) {
      onPath.delete(node as object);
      continue;
    }
    if (node === null || typeof node === 'string' || typeof node === 'boolean') continue;
    if (typeof node === 'number') {
      if (!Number.isFinite(node))
        return `returned the number ${String(node)}, which JSON cannot hold`;
      continue;
    }
    if (typeof node !== 'object') return `returned a ${typeof node} value, which JSON cannot hold`;
    if (depth > MAX_RESULT_DEPTH)
      return `returned a value nested more than ${MAX_RESULT_DEPTH} levels deep`;
    if (onPath.has(node)) return 'returned a value that contains itself (a cycle)';
    const proto = Object.getPrototypeOf(node) as unknown;
    if (!Array.isArray(node) && proto !== Object.prototype && proto !== null)
      return 'returned an object that is not plain JSON (a class instance, Date, Map…)';
    onPath.add(node);
    stack.push({ node, depth, leave: true });
    const children = Array.isArray(node) ? node : Object.values(node);
    for (const child of children) stack.push({ node: child, depth: depth + 1 });
  }
  return undefined;
}

/** What a step reports on one workflow: a problem with the transform's code, the workflow's file and name. */
type StepProblem = (severity: Problem['severity'], message: string, pointer?: string) => void;

function problemsOf(result: WorkflowResult, id: string): StepProblem {
  const name = typeof result.workflow['name'] === 'string' ? result.workflow['name'] : undefined;
  return (severity, message, pointer) => {
    const p: Problem = { severity, code: `transform/${id}`, message, file: result.source };
    if (pointer !== undefined) p.pointer = pointer;
    if (name !== undefined) p.workflow = name;
    result.problems.push(p);
  };
}

/** What a transform may declare for the block, collected on the workflow's result. */
function contributorFor(
  result: WorkflowResult,
  id: string,
  problem: StepProblem,
): TransformContext<never>['contribute'] {
  return {
    setting: (category, settingName, declaration) => {
      // A name a plugin makes up could reach a prototype when the block is built: only setting-shaped names pass.
      if (!isSettingName(category) || !isSettingName(settingName)) {
        problem(
          'error',
          `transform "${id}" declared the setting ${JSON.stringify(`${category}.${settingName}`)}; a category and a name are letters, digits and underscores`,
        );
        return;
      }
      result.contributions.push({
        kind: 'setting',
        category,
        name: settingName,
        declaration,
        transform: id,
      });
    },
    hook: (declaration) => result.contributions.push({ kind: 'hook', declaration, transform: id }),
    trigger: (declaration) =>
      result.contributions.push({ kind: 'trigger', declaration, transform: id }),
    dependency: (app, version) =>
      result.contributions.push({ kind: 'dependency', app, version, transform: id }),
  };
}

/**
 * Runs one step on one workflow; returns the new workflow, or undefined when the transform failed (reported). A custom
 * transform is checked: it must not mutate its input, and must return plain JSON (see untrustedResult).
 */
function applyStep(
  step: ResolvedStep,
  result: WorkflowResult,
  ctx: TransformContext<never>,
  problem: StepProblem,
  guard: PipelineOptions['guard'],
): Workflow | undefined {
  const id = step.transform.id;
  const name = typeof result.workflow['name'] === 'string' ? result.workflow['name'] : '(unnamed)';
  const before = step.builtIn ? undefined : JSON.stringify(result.workflow);
  let next: Workflow;
  try {
    next =
      step.builtIn || !guard
        ? step.transform.apply(result.workflow, ctx)
        : guard(() => step.transform.apply(result.workflow, ctx));
  } catch (error) {
    // A throwing transform is reported with its id and the workflow, not a stack dump; the workflow is kept as it was.
    problem('error', `transform "${id}" failed on workflow ${name}: ${errorMessage(error)}`);
    return undefined;
  }
  if (!step.builtIn) {
    const wrong =
      untrustedResult(next) ??
      (JSON.stringify(result.workflow) !== before
        ? 'changed its input workflow in place; return a new object instead (inputs are shared)'
        : undefined);
    if (wrong) {
      problem('error', `transform "${id}" ${wrong} (workflow ${name})`);
      return undefined;
    }
  }
  if (typeof next !== 'object' || next === null || Array.isArray(next)) {
    problem(
      'error',
      `transform "${id}" returned ${next === null ? 'null' : typeof next} instead of a workflow object`,
    );
    return undefined;
  }
  return next;
}

/** Counts (or records) what the step changed in the workflow. */
function noteChanges(
  result: WorkflowResult,
  id: string,
  next: Workflow,
  record: boolean | 'count',
): void {
  if (record !== false) {
    const recorded = result.changes.length;
    const count =
      record === 'count'
        ? countChanges(result.workflow, next)
        : diffRecords(id, result.workflow, next, [], result.changes).length - recorded;
    if (count > 0) {
      result.changed = true;
      result.changeCounts[id] = (result.changeCounts[id] ?? 0) + count;
    }
  } else if (!result.changed && next !== result.workflow && !deepEqual(result.workflow, next)) {
    result.changed = true;
  }
}

/**
 * Transform-major order: every workflow passes transform 1 before any sees transform 2, so `ctx.batch`
 * is a consistent snapshot (rename can see every final name, strip-metadata every call).
 */
export function runPipeline(
  entries: readonly PipelineEntry[],
  steps: readonly ResolvedStep[],
  app: AppInfo,
  options: PipelineOptions = {},
): PipelineResult {
  const record = options.recordChanges ?? true;
  const secrets = new Set<string>();
  const results: WorkflowResult[] = entries.map((e) => ({
    source: e.source,
    original: e.workflow,
    workflow: e.workflow,
    changes: [],
    changeCounts: {},
    changed: false,
    contributions: [],
    problems: [],
  }));
  for (const step of steps) {
    const id = step.transform.id;
    const batch: BatchEntry[] = results.map((r) => ({
      workflow: r.workflow,
      source: r.source,
      original: r.original,
    }));
    Object.freeze(batch);
    // One memo per step: a fact computed for this transform, its options and this batch snapshot, never beyond.
    const memos = new Map<string, unknown>();
    const memo = <T>(key: string, compute: () => T): T => {
      if (!memos.has(key)) memos.set(key, compute());
      return memos.get(key) as T;
    };
    results.forEach((result, index) => {
      const problem = problemsOf(result, id);
      const ctx: TransformContext<never> = {
        options: step.options as never,
        app,
        batch,
        index,
        original: result.original,
        contribute: contributorFor(result, id, problem),
        secret: (value) => secrets.add(value),
        memo,
        warn: (message, pointer) => problem('warning', message, pointer),
        error: (message, pointer) => problem('error', message, pointer),
      };
      const next = applyStep(step, result, ctx, problem, options.guard);
      if (next === undefined) return;
      noteChanges(result, id, next, record);
      result.workflow = next;
    });
  }
  return { results, secrets: [...secrets] };
}
