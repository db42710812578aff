// Runs the ordered transforms over the whole batch, one transform at a time, recording every change and contribution.
import { deepEqual } from './json';
import { diffRecords } from './change-records';
import { errorMessage } from './errors';
import type { ResolvedStep } from './config';
import type {
  AppInfo, BatchEntry, ChangeRecord, HookDeclaration, Problem, SettingDeclaration, TransformContext, TriggerDeclaration, Workflow,
} from './transform';

export type Contribution =
  | { kind: 'setting'; category: string; name: string; declaration: SettingDeclaration; transform: string }
  | { kind: 'hook'; declaration: HookDeclaration; transform: string }
  | { kind: 'trigger'; declaration: TriggerDeclaration; transform: string };

export interface PipelineEntry {
  workflow: Workflow;
  /** Label for messages: `file.json` or `file.json#2`. */
  source: string;
}

export interface WorkflowResult {
  source: string;
  original: Workflow;
  workflow: Workflow;
  /** Every change, in pipeline order; empty when the run was asked not to record them. */
  changes: ChangeRecord[];
  /** True when some transform changed the workflow (known even when changes are not recorded). */
  changed: boolean;
  contributions: Contribution[];
  problems: Problem[];
}

export interface PipelineOptions {
  /**
   * Record each change (transform, pointer, before, after). Off only when nothing will read them (a quiet run
   * without a JSON report): diffing every workflow after every transform is about a tenth of a big run.
   */
  recordChanges?: boolean;
}

export interface PipelineResult {
  results: WorkflowResult[];
  /** Literals declared secret by transforms; every output channel masks them. */
  secrets: string[];
}

/**
 * Transform-major order: every workflow passes transform 1 before any sees transform 2, so `ctx.batch`
 * is a consistent snapshot (rename can see every final name, strip-metadata every call).
 */
export function runPipeline(entries: readonly PipelineEntry[], steps: readonly ResolvedStep[], app: AppInfo, options: PipelineOptions = {}): PipelineResult {
  const record = options.recordChanges !== false;
  const secrets = new Set<string>();
  const results: WorkflowResult[] = entries.map((e) => ({
    source: e.source, original: e.workflow, workflow: e.workflow, changes: [], changed: false, contributions: [], problems: [],
  }));
  for (const step of steps) {
    const id = step.transform.id;
    const batch: BatchEntry[] = results.map((r) => ({ workflow: r.workflow, source: r.source }));
    Object.freeze(batch);
    // One memo per step: a fact computed for this transform, its options and this batch snapshot, never beyond.
    const memos = new Map<string, unknown>();
    const memo = <T>(key: string, compute: () => T): T => {
      if (!memos.has(key)) memos.set(key, compute());
      return memos.get(key) as T;
    };
    results.forEach((result, index) => {
      const name = typeof result.workflow['name'] === 'string' ? result.workflow['name'] : undefined;
      const problem = (severity: Problem['severity'], message: string, pointer?: string): void => {
        const p: Problem = { severity, code: `transform/${id}`, message, file: result.source };
        if (pointer !== undefined) p.pointer = pointer;
        if (name !== undefined) p.workflow = name;
        result.problems.push(p);
      };
      const ctx: TransformContext<never> = {
        options: step.options as never,
        app,
        batch,
        index,
        original: result.original,
        contribute: {
          setting: (category, settingName, declaration) => result.contributions.push({ kind: 'setting', category, name: settingName, declaration, transform: id }),
          hook: (declaration) => result.contributions.push({ kind: 'hook', declaration, transform: id }),
          trigger: (declaration) => result.contributions.push({ kind: 'trigger', declaration, transform: id }),
        },
        secret: (value) => secrets.add(value),
        memo,
        warn: (message, pointer) => problem('warning', message, pointer),
        error: (message, pointer) => problem('error', message, pointer),
      };
      let next: Workflow;
      try {
        next = step.transform.apply(result.workflow, ctx);
      } catch (error) {
        // A throwing transform is reported with its id and the workflow, not a stack dump; the workflow is kept as it was.
        problem('error', `transform "${id}" failed on workflow ${name ?? '(unnamed)'}: ${errorMessage(error)}`);
        return;
      }
      if (typeof next !== 'object' || next === null || Array.isArray(next)) {
        problem('error', `transform "${id}" returned ${next === null ? 'null' : typeof next} instead of a workflow object`);
        return;
      }
      if (record) {
        const before = result.changes.length;
        diffRecords(id, result.workflow, next, [], result.changes);
        if (result.changes.length > before) result.changed = true;
      } else if (!result.changed && next !== result.workflow && !deepEqual(result.workflow, next)) {
        result.changed = true;
      }
      result.workflow = next;
    });
  }
  return { results, secrets: [...secrets] };
}
