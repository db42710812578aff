// Pure batch logic: runs the pipeline over recognised inputs and groups results per input for blocks and reports.
import type { ParsedInput, Companions } from './input-shapes';
import type { ResolvedConfig } from './config';
import { runPipeline, type PipelineOptions, type WorkflowResult } from './pipeline';
import { buildBlock, companionsFromContributions, mergeCompanions, type Block } from './block';
import type { Problem } from './transform';
import { mergeI18n, settingsI18n } from './i18n';
import { pushAll } from './lists';

export interface BatchInput {
  label: string;
  parsed: ParsedInput;
  /** Absolute path of the file it was read from, when there is one (plans refuse to write over it). */
  absolute?: string;
}

/** `left-out`: a wave (--only, --exclude) chose none of the input's workflows. */
export type InputStatus = 'ok' | 'unchanged' | 'error' | 'left-out';

export interface InputOutcome {
  label: string;
  parsed: ParsedInput;
  results: WorkflowResult[];
  status: InputStatus;
  /** This input's problems: derived names and what its workflows' transforms reported. */
  problems: Problem[];
}

export interface BatchOutcome {
  inputs: InputOutcome[];
  /** Transform problems and input notes (derived names), in input order. */
  problems: Problem[];
  secrets: string[];
}

/** How a workflow's origin is shown: the input file, with `#<n>` when the file holds several workflows. */
export function sourceLabel(label: string, index: number, count: number): string {
  return count > 1 ? `${label}#${index}` : label;
}

export function transformBatch(
  inputs: readonly BatchInput[],
  config: ResolvedConfig,
  options: PipelineOptions = {},
): BatchOutcome {
  const entries = inputs.flatMap((input) =>
    input.parsed.items.map((item, i) => ({
      workflow: item.workflow,
      source: sourceLabel(input.label, i, input.parsed.items.length),
    })),
  );
  const pipeline = runPipeline(entries, config.steps, config.app, options);
  let next = 0;
  const outcomes = inputs.map((input) => {
    const problems: Problem[] = [];
    const results = pipeline.results.slice(next, next + input.parsed.items.length);
    next += input.parsed.items.length;
    input.parsed.items.forEach((item, i) => {
      if (item.derivedName) {
        problems.push({
          severity: 'warning',
          code: 'input/derived-name',
          file: input.label,
          message: `workflow has no name; named it ${JSON.stringify(item.workflow['name'])} after the file`,
          ...(item.pointer ? { pointer: item.pointer } : {}),
        });
      }
      // A transform's pointer is inside its workflow: say where that workflow sits in the file (`file#/1/name`).
      const base = item.shape === 'api-resource' ? `${item.pointer}/attributes` : item.pointer;
      pushAll(
        problems,
        (results[i]?.problems ?? []).map((p) =>
          p.pointer !== undefined ? { ...p, file: input.label, pointer: base + p.pointer } : p,
        ),
      );
    });
    const hasError = results.some((r) => r.problems.some((p) => p.severity === 'error'));
    const changed = results.some((r) => r.changed);
    const status: InputStatus = hasError ? 'error' : changed ? 'ok' : 'unchanged';
    return { label: input.label, parsed: input.parsed, results, status, problems };
  });
  return {
    inputs: outcomes,
    problems: outcomes.flatMap((o) => o.problems),
    secrets: pipeline.secrets,
  };
}

/** The block for a set of inputs: their workflows, with what they already carried merged before what transforms added. */
export function blockFor(
  inputs: readonly InputOutcome[],
  app?: string,
): { block: Block; problems: Problem[] } {
  const carried: Companions[] = inputs.map((i) => i.parsed.companions);
  const contributions = inputs.flatMap((i) => i.results.flatMap((r) => r.contributions));
  const conflicts: Problem[] = [];
  const added = companionsFromContributions(contributions, conflicts);
  const { companions, problems } = mergeCompanions([...carried, added]);
  pushAll(problems, conflicts);
  // Every declared setting gets its settings-page strings (reference section 7); existing strings are kept.
  if (app !== undefined && companions.settings) {
    const texts = new Map<string, { displayName?: string; description?: string }>();
    for (const c of contributions) {
      if (c.kind !== 'setting' || texts.has(`${c.category}.${c.name}`)) continue;
      const { displayName, description } = c.declaration;
      texts.set(`${c.category}.${c.name}`, {
        ...(displayName !== undefined ? { displayName } : {}),
        ...(description !== undefined ? { description } : {}),
      });
    }
    const strings = settingsI18n(app, companions.settings, texts, companions.i18n);
    if (strings) mergeI18n((companions.i18n ??= {}), strings);
  }
  return {
    block: buildBlock(
      inputs.flatMap((i) => i.results.map((r) => r.workflow)),
      companions,
    ),
    problems,
  };
}
