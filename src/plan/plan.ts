// planTransform: inputs + config + target -> the documents, the writes and every problem, as values. No I/O: the CLI,
// the library and the test harness all call this one function, then apply (or only report) what it returns.
import * as path from 'node:path';
import {
  DEFAULT_STYLE,
  type Json,
  type JsonObject,
  type Path,
  type TextStyle,
  detectStyle,
  isObject,
  serializePieces,
} from '../core/json';
import type { Text } from '../core/text';
import type { ResolvedConfig } from '../core/config';
import {
  transformBatch,
  blockFor,
  type BatchInput,
  type BatchOutcome,
  type InputOutcome,
} from '../core/batch';
import { mergeIntoApp, type Block } from '../core/block';
import { serializePreserving } from '../json/preserve';
import { selectWorkflows, type Selection } from './select';
import type { Problem } from '../core/transform';
import { SecretMatcher } from '../core/secret-matcher';
import { Redactor, messageMasker, outputForms } from '../core/secrets';
import { credentialContext, detectCredentials, maskedForms } from '../core/credentials';
import { visitStrings } from '../core/walk';
import { pushAll } from '../core/lists';

/** Where the result goes. Paths are absolute; labels are what the user typed. */
export type PlanTarget =
  | { kind: 'stdout' }
  | { kind: 'file'; path: string; label: string }
  | { kind: 'dir'; dir: string; label: string }
  /**
   * `inexact`: the app's text holds more than `app` (a repeated or dropped key), so none of it is reused as it is.
   * `style`: the app's layout when its text is too large to hold (`text` is then absent and the app is written anew).
   */
  | {
      kind: 'into';
      path: string;
      label: string;
      app: JsonObject;
      text?: string;
      inexact?: boolean;
      style?: TextStyle;
    };

export interface PlannedWrite {
  /** Absolute target path. */
  path: string;
  /** Path as shown to the user. */
  label: string;
  /** The text, whole or in pieces (a large block is planned workflow by workflow). */
  content: Text;
}

export interface TransformPlan {
  batch: BatchOutcome;
  /** What each output holds, as data (validated directly, never parsed back from text). */
  documents: { label: string; value: Json }[];
  /** Files to write, in order (empty when the block goes to stdout). */
  writes: PlannedWrite[];
  /** The block's text when the target is stdout. */
  stdout?: Text;
  /** Block-level problems (companions declared twice) and validation problems; transform problems are in `batch`. */
  problems: Problem[];
  /** Why the target cannot be written as asked (two inputs onto one file, an input overwritten): usage errors. */
  conflicts: string[];
  /** True when some problem (transform, block or validation) is an error. */
  invalid: boolean;
  /** Credential values validation found (never printed): every output channel masks them, with the declared secrets. */
  credentials: string[];
  /**
   * Masks the declared secrets and every credential found, in every output form: the one the plan masked its messages
   * with, for every channel that prints the run (built once: with thousands of credentials, its matcher is costly).
   */
  redactor: Redactor;
  /** For --into: what the merge does to the app's workflows, by name (for the closing summary line). */
  into?: IntoChanges;
}

export interface IntoChanges {
  added: string[];
  replaced: string[];
  /** The app's workflows this run no longer produces, kept (--prune removes them). */
  stale: string[];
  removed: string[];
}

export interface PlanOptions {
  /** Validate what would be written (default true). */
  validate?: boolean;
  /** Record change records (default true); 'count' only counts them (the pretty summary); off when nothing reads them. */
  recordChanges?: boolean | 'count';
  /** Leave out workflows the org has disabled (`enabled: false`), each named in a warning. */
  excludeDisabled?: boolean;
  /**
   * The project's JSON style (Prettier or .editorconfig, see io/project-style.ts) for a file kwt cannot read one from:
   * a new file, or an --into app on one line. Default: 2 spaces.
   */
  projectStyle?: TextStyle;
  /** --only / --exclude: the workflows of this wave, by name. */
  select?: Selection;
  /** --prune: remove the --into app's workflows that this run would have produced but no longer does. */
  prune?: boolean;
  /** Some inputs could not be read (the caller left them out): nothing may be taken for stale. */
  incomplete?: boolean;
  /** Wraps each custom transform's apply (the CLI redirects console output and traps process.exit). */
  guard?: <T>(run: () => T) => T;
}

export function planTransform(
  given: readonly BatchInput[],
  config: ResolvedConfig,
  target: PlanTarget,
  options: PlanOptions = {},
): TransformPlan {
  const excluded: Problem[] = [];
  const enabled = options.excludeDisabled ? withoutDisabled(given, excluded) : given;
  const selected = options.select
    ? selectWorkflows(enabled, options.select, targetWorkflowIds(target))
    : undefined;
  const inputs = selected?.inputs ?? enabled;
  if (selected) pushAll(excluded, selected.problems);
  const batch = transformBatch(inputs, config, {
    recordChanges: options.recordChanges ?? true,
    ...(options.guard ? { guard: options.guard } : {}),
  });
  // An input none of whose workflows this wave chose was left out, not found unchanged.
  if (selected)
    for (const o of batch.inputs)
      if (selected.emptied.has(o.label) && o.status !== 'error') o.status = 'left-out';
  const usable = batch.inputs.filter((o) => o.status !== 'error');
  const plan = emptyPlan(batch, excluded);
  const add = (
    label: string,
    value: Json,
    file?: string,
    style?: TextStyle,
    source?: { text: string; value: Json },
  ): void => {
    // Pieces, workflow by workflow: a block of tens of thousands of workflows outgrows one string.
    const content =
      source !== undefined && style !== undefined
        ? serializePreserving(value, source.text, source.value, style)
        : serializePieces(value, style ?? options.projectStyle);
    plan.documents.push({ label: file === undefined ? '(block)' : label, value });
    if (file === undefined) plan.stdout = content;
    else plan.writes.push({ path: file, label, content });
  };
  for (const glob of selected?.unmatched ?? [])
    plan.conflicts.push(`--only/--exclude "${glob}" matches no workflow name in the inputs`);
  // An input none of whose workflows is in this wave gets no file of its own.
  if (target.kind === 'dir')
    planDir(
      selected ? usable.filter((o) => !selected.emptied.has(o.label)) : usable,
      inputs,
      target,
      plan,
      add,
      config.app.name,
    );
  else {
    const { block, problems } = blockFor(usable, config.app.name);
    pushAll(plan.problems, problems);
    if (target.kind === 'into') {
      // A failed input (unreadable, or a transform error) produced nothing: its workflows would look stale.
      const failed = options.incomplete === true || usable.length < inputs.length;
      planInto(
        block,
        target,
        config,
        plan,
        add,
        { prune: options.prune === true, partial: selected !== undefined, failed },
        options.projectStyle,
      );
    } else if (target.kind === 'file')
      add(target.label, block as unknown as JsonObject, target.path);
    else add('-', block as unknown as JsonObject);
  }
  if (options.validate !== false) validatePlan(plan, config, usable, target.kind === 'dir');
  // Unvalidated output is still masked wherever it is shown (a --diff of it): find what looks like a credential.
  else plan.credentials = credentialsIn(plan.documents.map((d) => d.value));
  maskProblems(plan);
  plan.invalid = [...batch.problems, ...plan.problems].some((p) => p.severity === 'error');
  return plan;
}

/** A plan of nothing yet: what planTransform fills in. */
function emptyPlan(batch: BatchOutcome, problems: Problem[]): TransformPlan {
  return {
    batch,
    documents: [],
    writes: [],
    problems: [...problems],
    conflicts: [],
    invalid: false,
    credentials: [],
    redactor: new Redactor(),
  };
}

/**
 * Masked at the source: every message of the plan (a transform's, a plugin's, a rule's) is masked with the run's
 * declared secrets and every credential found, before any channel sees it.
 */
function maskProblems(plan: TransformPlan): void {
  plan.redactor = new Redactor(plan.batch.secrets, plan.credentials);
  const masked = messageMasker<Problem>(plan.redactor);
  const mask = (list: Problem[]): void => {
    for (let i = 0; i < list.length; i++) list[i] = masked(list[i] as Problem);
  };
  mask(plan.problems);
  mask(plan.batch.problems);
  for (const input of plan.batch.inputs) mask(input.problems);
}

type IntoTargetPlan = Extract<PlanTarget, { kind: 'into' }>;

/**
 * Why a merge into the app cannot go as asked: --prune with failed inputs (a warning: nothing pruned), --prune in a
 * wave or without rename's prefix, or an app made for another app name. Returns the prefix that finds stale workflows.
 */
function intoConflicts(
  target: IntoTargetPlan,
  config: ResolvedConfig,
  plan: TransformPlan,
  run: { prune: boolean; partial: boolean; failed: boolean },
): string | undefined {
  // Stale workflows are the app's workflows with this run's name prefix that it no longer produces. A wave (--only,
  // --exclude) produces only part of them, so it looks for none.
  const prefix = run.partial || run.failed ? undefined : namePrefix(config);
  if (run.prune && run.failed && !run.partial) {
    plan.problems.push({
      severity: 'warning',
      code: 'block/pruned',
      file: target.label,
      message:
        'nothing pruned: some inputs failed, and the workflows they would have produced would look stale',
    });
  } else if (run.prune && prefix === undefined)
    plan.conflicts.push(
      run.partial
        ? '--prune removes what a whole run no longer produces; it cannot go with --only or --exclude'
        : '--prune needs the rename transform (its prefix names the workflows kwt made)',
    );
  // The app's name is in its workflow names, hook events and i18n keys: one made for another app would not fit this one.
  if (
    config.app.name !== undefined &&
    typeof target.app['app'] === 'string' &&
    config.app.name !== target.app['app']
  ) {
    plan.conflicts.push(
      `${target.label} is the app ${JSON.stringify(target.app['app'])}, but this run makes workflows for ${JSON.stringify(config.app.name)} (its names, events and i18n keys carry it); give the same name in the config or --app, or leave it out to use the app's`,
    );
  }
  return prefix;
}

/** What the merge did to the app's workflows, by name, and a warning for each stale or pruned one. */
function intoChanges(
  target: IntoTargetPlan,
  block: Block,
  merged: { stale: string[]; pruned: string[] },
  plan: TransformPlan,
): void {
  const had = new Set(
    (Array.isArray(target.app['workflows']) ? target.app['workflows'] : []).map((w) =>
      isObject(w) ? w['name'] : undefined,
    ),
  );
  const names = block.workflows.map((w) => (typeof w['name'] === 'string' ? w['name'] : ''));
  plan.into = {
    added: names.filter((n) => !had.has(n)),
    replaced: names.filter((n) => had.has(n)),
    stale: merged.stale,
    removed: merged.pruned,
  };
  const indexOf = (name: string): number =>
    Array.isArray(target.app['workflows'])
      ? target.app['workflows'].findIndex((w) => isObject(w) && w['name'] === name)
      : -1;
  for (const name of merged.stale) {
    plan.problems.push({
      severity: 'warning',
      code: 'block/stale-workflow',
      file: target.label,
      pointer: `/workflows/${indexOf(name)}`,
      workflow: name,
      message: `no export produces "${name}" any more, but the app still has it; --prune removes it`,
    });
  }
  for (const name of merged.pruned) {
    plan.problems.push({
      severity: 'warning',
      code: 'block/pruned',
      file: target.label,
      workflow: name,
      message: `removed "${name}": no export produces it any more (--prune)`,
    });
  }
}

/** Merges the block into the --into app: what is written, the app's stale workflows, and the problems of the merge. */
function planInto(
  block: Block,
  target: IntoTargetPlan,
  config: ResolvedConfig,
  plan: TransformPlan,
  add: (
    label: string,
    value: Json,
    file?: string,
    style?: TextStyle,
    source?: { text: string; value: Json },
  ) => void,
  run: { prune: boolean; partial: boolean; failed: boolean },
  projectStyle: TextStyle | undefined,
): void {
  // The release's version is the app's version: --app-version given for a release updates the definition too.
  const app =
    config.app.version !== undefined && target.app['version'] !== config.app.version
      ? { ...target.app, version: config.app.version }
      : target.app;
  const prefix = intoConflicts(target, config, plan, run);
  const merged = mergeIntoApp(
    app,
    block,
    prefix !== undefined ? { prefix, prune: run.prune } : undefined,
  );
  pushAll(plan.problems, merged.problems);
  intoChanges(target, block, merged, plan);
  // The app definition keeps its own indentation, line endings and final newline, and the text of what did not change.
  const style = target.text !== undefined ? detectStyle(target.text) : target.style;
  // One on a single line (an app.json made with echo) has no style to keep: it is written in the project's, so that
  // every later change is a readable diff rather than one changed line.
  if (style !== undefined && style.indent === 0)
    add(target.label, merged.app, target.path, projectStyle ?? DEFAULT_STYLE);
  else if (target.text !== undefined && !target.inexact)
    add(target.label, merged.app, target.path, style, { text: target.text, value: target.app });
  else add(target.label, merged.app, target.path, style);
}

/** The prefix rename gives every workflow of the run (its `prefix` option, else `<app>-`), or undefined without rename. */
function namePrefix(config: ResolvedConfig): string | undefined {
  const rename = config.steps.find((s) => s.transform.id === 'rename');
  if (rename === undefined) return undefined;
  const prefix =
    typeof rename.options['prefix'] === 'string'
      ? rename.options['prefix']
      : config.app.name !== undefined
        ? `${config.app.name}-`
        : undefined;
  return prefix !== undefined && prefix !== '' ? prefix : undefined;
}

/** One block per input into a folder, under the input's base name; two inputs onto one file, or onto an input, conflict. */
function planDir(
  usable: readonly InputOutcome[],
  inputs: readonly BatchInput[],
  target: { dir: string; label: string },
  plan: TransformPlan,
  add: (label: string, value: Json, file?: string) => void,
  app: string | undefined,
): void {
  const inputPaths = new Set(inputs.map((i) => i.absolute).filter((p) => p !== undefined));
  const seen = new Map<string, string>();
  for (const o of usable) {
    const base = o.label === '-' ? 'stdin.json' : path.basename(o.label);
    const file = path.join(target.dir, base);
    const label = path.join(target.label, base);
    if (seen.has(file))
      plan.conflicts.push(
        `--out-dir: ${seen.get(file)} and ${o.label} would both be written to ${label}`,
      );
    else if (inputPaths.has(file))
      plan.conflicts.push(
        `--out-dir: writing ${label} would overwrite the input ${o.label}; choose another folder`,
      );
    seen.set(file, o.label);
    const { block, problems } = blockFor([o], app);
    pushAll(plan.problems, problems);
    add(label, block as unknown as JsonObject, file);
  }
}

/** Ids of the workflows the target app already has: a wave may call them without bringing them along. */
function targetWorkflowIds(target: PlanTarget): Set<string> {
  const workflows = target.kind === 'into' ? target.app['workflows'] : undefined;
  return new Set(
    Array.isArray(workflows)
      ? workflows.flatMap((w) => (isObject(w) && typeof w['id'] === 'string' ? [w['id']] : []))
      : [],
  );
}

/** The inputs without their disabled workflows; each one left out is a warning naming it. */
function withoutDisabled(inputs: readonly BatchInput[], notes: Problem[]): BatchInput[] {
  return inputs.map((input) => {
    const items = input.parsed.items.filter((item) => {
      if (item.workflow['enabled'] !== false) return true;
      const name =
        typeof item.workflow['name'] === 'string' ? `"${item.workflow['name']}"` : 'a workflow';
      notes.push({
        severity: 'warning',
        code: 'input/disabled',
        file: input.label,
        message: `left out ${name}: disabled in the org (--exclude-disabled)`,
      });
      return false;
    });
    return items.length === input.parsed.items.length
      ? input
      : { ...input, parsed: { ...input.parsed, items } };
  });
}

/** Adds what to mask of each credential in `text` (at `path`) to `found`. */
function addCredentials(text: string, path: Path, found: Set<string>): void {
  for (const f of detectCredentials(text, credentialContext(path)))
    for (const s of maskedForms(f)) found.add(s);
}

/** Every credential in `values`, decoded and as written (an escaped or percent-encoded form masks too). */
function credentialsIn(values: readonly Json[]): string[] {
  const found = new Set<string>();
  for (const value of values) visitStrings(value, (text, at) => addCredentials(text, at, found));
  return [...found];
}

/**
 * The credentials in what the transforms changed, as it was read: a string still in place in the result is validated
 * there, so only the others can have been hidden by a rewrite. Compared place by place, and a part a transform left as
 * it was (the same object: transforms are pure) is skipped whole.
 */
function credentialsChangedAway(usable: readonly InputOutcome[]): string[] {
  const found = new Set<string>();
  const path: (string | number)[] = [];
  const changed = (before: Json, after: Json | undefined): void => {
    if (before === after) return;
    if (typeof before === 'string') addCredentials(before, path, found);
    else if (Array.isArray(before)) {
      const other = Array.isArray(after) ? after : undefined;
      for (let i = 0; i < before.length; i++) {
        path.push(i);
        changed(before[i] as Json, other?.[i]);
        path.pop();
      }
    } else if (isObject(before)) {
      const other = isObject(after) ? after : undefined;
      for (const key in before) {
        path.push(key);
        changed(
          before[key] as Json,
          other !== undefined && Object.prototype.hasOwnProperty.call(other, key)
            ? other[key]
            : undefined,
        );
        path.pop();
      }
    }
  };
  for (const o of usable) for (const r of o.results) changed(r.original, r.workflow);
  return [...found];
}

/** Validate what would be written, before anything is: Kustomer refuses a whole definition for one bad key. */
function validatePlan(
  plan: TransformPlan,
  config: ResolvedConfig,
  usable: readonly InputOutcome[],
  pieces: boolean,
): void {
  // Loaded only when validating: `--no-validate` runs never pay for the rules.
  const { validateUnmasked, workflowIdsOf } =
    require('../validate/validate') as typeof import('../validate/validate');
  // --out-dir files are pieces of one batch: a call from one to another is not dangling.
  const knownWorkflowIds = pieces
    ? workflowIdsOf(usable.flatMap((o) => o.results.map((r) => r.workflow)))
    : [];
  // One matcher for the whole run: with a distinct secret per workflow, checking each string costs one pass, not one per secret.
  const secrets = new SecretMatcher(plan.batch.secrets);
  // What the detectors find in the exports is looked for again in the result, in every output form: a rewrite that
  // changed a credential's surroundings (its host made a setting) can never hide the rest of it.
  const inExports = credentialsChangedAway(usable);
  // A credential the run declared secret (app-settings made it a setting) is already looked for by `secrets`.
  const declared = new Set(plan.batch.secrets);
  const exportCredentials = new SecretMatcher(
    inExports.filter((c) => !declared.has(c)).flatMap(outputForms),
  );
  const found = new Set<string>(inExports);
  const onCredential = (value: string): void => void found.add(value);
  const origins = workflowOrigins(usable);
  for (const d of plan.documents) {
    // Unmasked here: maskProblems masks every message of the plan with every credential found, once per message.
    const problems = validateUnmasked(d.value, d.label, {
      ...config.validate,
      secrets,
      exportCredentials,
      knownWorkflowIds,
      onCredential,
    });
    pushAll(
      plan.problems,
      problems.map((p) => toSource(p, d.value, origins)),
    );
  }
  plan.credentials = [...found];
}

/** Where a planned workflow came from: its input file, its place there, and the workflow as read. */
interface Origin {
  file: string;
  base: string;
  original: JsonObject;
}

function workflowOrigins(usable: readonly InputOutcome[]): Map<Json, Origin> {
  const origins = new Map<Json, Origin>();
  for (const o of usable) {
    o.parsed.items.forEach((item, i) => {
      const result = o.results[i];
      const base = item.shape === 'api-resource' ? `${item.pointer}/attributes` : item.pointer;
      if (result) origins.set(result.workflow, { file: o.label, base, original: item.workflow });
    });
  }
  return origins;
}

/**
 * A finding in a planned workflow points at the export it came from (what the user edits; the output may never be
 * written): the same place in the source workflow, or its nearest part that exists there (a transform may have added the rest).
 */
function toSource(p: Problem, document: Json, origins: ReadonlyMap<Json, Origin>): Problem {
  const match = p.pointer !== undefined ? /^\/workflows\/(\d+)(\/.*)?$/.exec(p.pointer) : null;
  const workflows = isObject(document) ? document['workflows'] : undefined;
  const origin =
    match && Array.isArray(workflows)
      ? origins.get(workflows[Number(match[1])] as Json)
      : undefined;
  if (!match || !origin) return p;
  const rest = match[2] ?? '';
  const segments = rest.split('/').slice(1);
  const depth = existingDepth(origin.original, segments);
  // Most findings are at a place the source has too: the pointer's rest as it is, without rejoining it.
  const inSource = depth === segments.length ? rest : '/' + segments.slice(0, depth).join('/');
  return {
    ...p,
    file: origin.file,
    pointer: origin.base + (depth > 0 ? inSource : ''),
  };
}

/** How many of the pointer's `segments` exist in `value` from the top: one walk down, not one lookup per ancestor. */
function existingDepth(value: Json, segments: readonly string[]): number {
  let node: Json | undefined = value;
  for (let depth = 0; depth < segments.length; depth++) {
    const raw = segments[depth] as string;
    const key = raw.includes('~') ? raw.replace(/~1/g, '/').replace(/~0/g, '~') : raw;
    if (Array.isArray(node)) node = node[Number(key)];
    else if (isObject(node) && Object.prototype.hasOwnProperty.call(node, key)) node = node[key];
    else return depth;
    if (node === undefined) return depth;
  }
  return segments.length;
}
