// The library entry: defineTransform and the types for transform authors, and the pipeline itself for scripts.
import { pluginGuard } from './io/plugin-guard';
import { type Json, toPointer, withoutUnsafeKeys } from './core/json';
import { recognise } from './core/input-shapes';
import { resolveConfig, type ConfigOverrides } from './core/config';
import type { Block } from './core/block';
import type { ChangeRecord, Problem, TransformDefinition } from './core/transform';
import { validateDocument as validateJson, type ValidateOptions } from './validate/validate';
import type { AppDefinition, KustomerWorkflow, KwtConfig, WorkflowsBlock } from './types';
import { planTransform } from './plan/plan';
import { joined } from './core/text';
import { CATALOG } from './catalog';
import { BUILT_INS } from '../transforms';

export { defineTransform } from './core/transform';
export type {
  AppInfo,
  BatchEntry,
  ChangeRecord,
  Contributions,
  HookDeclaration,
  OptionsOf,
  OptionsSchema,
  Problem,
  SettingDeclaration,
  Severity,
  TransformContext,
  TransformDefinition,
  TriggerDeclaration,
  Workflow,
} from './core/transform';
export type { Json, JsonObject } from './core/json';
export type { Block } from './core/block';
export { KwtError } from './core/errors';
export type { ValidateOptions };
export type {
  AppDefinition,
  BuiltInOptions,
  KustomerWorkflow,
  KwtConfig,
  WorkflowStep,
  WorkflowTransition,
  WorkflowTrigger,
  WorkflowsBlock,
} from './types';

/** Anything `validateDocument` checks: an app definition, a block (a transform result's), a workflow, or parsed JSON. */
export type ValidatableDocument = Json | Block | WorkflowsBlock | AppDefinition | KustomerWorkflow;

/** Every validation rule on one document, offline; `file` names it in the problems. */
export function validateDocument(
  doc: ValidatableDocument,
  file = 'document',
  options: ValidateOptions = {},
): Problem[] {
  // The typed shapes are JSON at run time (their optional keys are absent, never undefined, in what kwt produces).
  return validateJson(doc as Json, file, options);
}

/** One input document: an export, an API resource, a list, a fragment or an app definition (reference section 2). */
export interface TransformInput {
  /** Shown in messages and change records, like a file name. */
  label: string;
  document: Json;
}

export interface TransformOptions extends Pick<ConfigOverrides, 'app' | 'version'> {
  /** Custom transforms (objects shaped like the built-ins), appended to the pipeline like --plugin. */
  plugins?: readonly TransformDefinition<never>[];
}

interface TransformOutcome {
  /** Every change, per workflow, in pipeline order. */
  changes: { source: string; workflow: string | null; changes: ChangeRecord[] }[];
  /** Transform problems, then validation problems of the block (unless `validate: false`). */
  problems: Problem[];
  /** Literals declared secret during the run: mask them in anything you print. */
  secrets: string[];
}

/**
 * What `transform()` gives: on success the block and its text; on failure (any problem is an error) the problems and
 * no block, as the CLI writes nothing then. Check `ok` first: the types only let you reach `block` after it.
 */
export type TransformResult =
  | (TransformOutcome & {
      ok: true;
      /** The `workflows` block with the `settings`, `hooks` and `triggers` it implies. */
      block: WorkflowsBlock;
      /** The block as `kwt transform` writes it: 2-space JSON with a trailing newline. */
      text: string;
    })
  | (TransformOutcome & { ok: false; block?: undefined; text?: undefined });

/**
 * Runs the pipeline the way `kwt transform` does, without touching files.
 * `config` is the content of a kwt.config.json (module paths in it are not loaded here: pass `plugins`).
 */
export function transform<PluginOptions extends Record<string, object> = Record<never, never>>(
  inputs: readonly TransformInput[],
  config: KwtConfig<PluginOptions> = {},
  options: TransformOptions & { validate?: boolean; excludeDisabled?: boolean } = {},
): TransformResult {
  // Documents from a caller did not come through the CLI's parser: prototype keys are dropped here (never mutating them).
  const dropped: Problem[] = [];
  const clean = (value: Json, label: string): Json =>
    withoutUnsafeKeys(value, (at) =>
      dropped.push({
        severity: 'warning',
        code: 'input',
        file: label,
        pointer: toPointer(at),
        message: `dropped key "${String(at[at.length - 1])}" (not allowed in inputs)`,
      }),
    );
  const parsed = inputs.map((input) => ({
    label: input.label,
    parsed: recognise(clean(input.document, input.label), input.label, 'input'),
  }));
  const fallback = parsed.find((p) => p.parsed.app?.name)?.parsed.app;
  const resolved = resolveConfig(clean(config as unknown as Json, 'config'), 'config', CATALOG, {
    ...(options.app !== undefined ? { app: options.app } : {}),
    ...(options.version !== undefined ? { version: options.version } : {}),
    ...(options.plugins ? { plugins: options.plugins } : {}),
    ...(fallback ? { fallback } : {}),
  });
  const plan = planTransform(
    parsed,
    resolved,
    { kind: 'stdout' },
    {
      validate: options.validate !== false,
      ...(options.excludeDisabled ? { excludeDisabled: true } : {}),
      // A plugin given here runs under the CLI's guard: process.exit is its error (never the end of the host process),
      // its console goes to stderr, what it adds to Object.prototype is taken back.
      ...(options.plugins && options.plugins.length > 0
        ? { guard: pluginGuard((text) => void process.stderr.write(text)) }
        : {}),
    },
  );
  const { batch } = plan;
  const problems: Problem[] = [...dropped, ...batch.problems, ...plan.problems];
  const outcome: TransformOutcome = {
    changes: batch.inputs.flatMap((i) =>
      i.results.map((r) => ({
        source: r.source,
        workflow: typeof r.workflow['name'] === 'string' ? r.workflow['name'] : null,
        changes: r.changes,
      })),
    ),
    problems,
    secrets: batch.secrets,
  };
  // A failed run gives no block: a partial one (2 of 3 workflows) must never be mistaken for the result.
  if (problems.some((p) => p.severity === 'error')) return { ...outcome, ok: false };
  return {
    ...outcome,
    ok: true,
    block: plan.documents[0]?.value as unknown as WorkflowsBlock,
    text: joined(plan.stdout ?? ''),
  };
}

/** The built-in transforms, in registry order, with their ids, descriptions and option schemas. */
export const builtInTransforms: readonly TransformDefinition<never>[] = BUILT_INS;
