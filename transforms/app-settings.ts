// app-settings: replace hardcoded org values (JSONPath selections, workflow variables, credentials, literals) with App
// Settings references, in that order. Its parts: options.ts (schema), literals.ts, declare.ts, credentials.ts.
import {
  type Json,
  type JsonObject,
  type Path,
  setAtPointer,
  getAtPointer,
} from '../src/core/json';
import { mapLeaves, mapStrings } from '../src/core/walk';
import { VARIABLE_PATH, VARIABLE_REF } from '../src/core/kustomer';
import { selectPointers as selectJsonPath } from '../src/core/jsonpath';
import {
  type CredentialMatch,
  type CredentialSpec,
  analyzeCredentials,
  matchCredentials,
  replaceSpans,
} from './app-settings/credentials';
import { errorMessage } from '../src/core/errors';
import { defineTransform, type TransformContext } from '../src/core/transform';
import { OPTIONS, checkOptions, type Options, type SettingSpec } from './app-settings/options';
import {
  STRUCTURAL_KEYS,
  type ValueSpec,
  hiddenLiterals,
  insideParams,
  matchPlan,
  maySpellHidden,
  replaceOutsideReferences,
} from './app-settings/literals';
import { fillTemplate, settingDeclarer } from './app-settings/declare';

/** What the phases share while one workflow is rewritten. */
interface Rewrite {
  options: Options;
  declare: ReturnType<typeof settingDeclarer>;
  /** The reference to a setting, as a template value and as a path (`/#settings…`). */
  refFor: (setting: string) => string;
  pathRefFor: (setting: string) => string;
  plan: ReturnType<typeof matchPlan>;
  /** Workflow variables the config does not map. */
  unmapped: Set<string>;
}

function variableSpec(options: Options, id: string): SettingSpec | undefined {
  if (!Object.prototype.hasOwnProperty.call(options.variables, id)) return undefined;
  const v = options.variables[id] as string | SettingSpec;
  return typeof v === 'string' ? { setting: v } : v;
}

/** 1. Paths first: they name exact places, so they win over pattern-based replacement below. */
function replacePaths(workflow: Json, r: Rewrite, ctx: TransformContext<Options>): Json {
  let out = workflow;
  for (const spec of r.options.paths) {
    for (const pointer of selectPointers(out, spec.path, ctx)) {
      const literal = getAtPointer(out, pointer);
      if (literal === undefined) continue;
      const reference = r.refFor(spec.setting);
      if (literal === reference) continue;
      r.declare(spec, literal, pointer);
      out = setAtPointer(out, pointer, reference);
    }
  }
  return out;
}

/** 2. Workflow variables, as a template and as a path; the variable's value lives in the org, so the setting starts empty. */
function replaceVariables(value: string, path: Path, r: Rewrite): string {
  const onVariable = (id: string, reference: (setting: string) => string): string | undefined => {
    const spec = variableSpec(r.options, id);
    if (!spec) {
      r.unmapped.add(id);
      return undefined;
    }
    r.declare({ ...spec, type: spec.type ?? 'string' }, '', path);
    return reference(spec.setting);
  };
  const templated = value.replace(
    VARIABLE_REF,
    (whole, id: string) => onVariable(id, r.refFor) ?? whole,
  );
  // The same variable read as a path (a condition value, a function argument): a setting read as a path.
  return templated.replace(VARIABLE_PATH, (whole, fn: string | undefined, id: string) => {
    const reference = onVariable(id, r.pathRefFor);
    return reference === undefined ? whole : `/#${fn ?? ''}${reference}`;
  });
}

/**
 * 3. Credentials, before literals: a literal rewrite (a webhook's host made a setting) must never hide part of one.
 * Matched by shape or header, so the config never has to hold the secret itself.
 */
function replaceCredentials(value: string, path: Path, r: Rewrite): string {
  const matches = matchCredentials(value, path, r.options.credentials);
  if (matches.length === 0) return value;
  const specOf = (m: CredentialMatch): CredentialSpec => r.options.credentials[m.rule]!;
  for (const m of matches) {
    const spec = specOf(m);
    r.declare(
      {
        setting: spec.setting,
        type: 'secret',
        ...(spec.description !== undefined ? { description: spec.description } : {}),
        ...(spec.displayName !== undefined ? { displayName: spec.displayName } : {}),
      },
      m.secret,
      path,
    );
  }
  // The spans as written first (escaped, percent-encoded, split by a comment), then any other copy of each.
  let next = replaceSpans(value, matches, (m) => r.refFor(specOf(m).setting));
  for (const m of matches)
    next = replaceOutsideReferences(next, m.secret, r.refFor(specOf(m).setting));
  return next;
}

/**
 * 4. Literal strings: the whole value, or inside it as written, escaped or percent-encoded (a body, another URL), then
 * wherever a layer of it spells one otherwise (split by a Handlebars comment, a `\u0040` escape).
 */
function replaceStringLiterals(value: string, path: Path, r: Rewrite): Json {
  const { plan } = r;
  // One scan says whether any literal occurs at all, or may be spelled in a layer; most strings hold neither.
  if (!plan.anyOrHidden?.test(value)) return value;
  const out = plan.anyString?.test(value) ? replaceLiteralForms(value, path, r) : value;
  return typeof out === 'string' && maySpellHidden(out) ? replaceHiddenLiterals(out, path, r) : out;
}

function replaceHiddenLiterals(value: string, path: Path, r: Rewrite): string {
  const found = hiddenLiterals(value, r.plan);
  if (found.length === 0) return value;
  const specOf = (m: { rule: number }): ValueSpec => r.plan.strings[m.rule] as ValueSpec;
  for (const m of found)
    r.declare({ ...specOf(m), type: specOf(m).type ?? 'string' }, m.secret, path);
  return replaceSpans(value, found, (m) => r.refFor(specOf(m).setting));
}

function replaceLiteralForms(value: string, path: Path, r: Rewrite): Json {
  const { plan } = r;
  let out: Json = value;
  for (let i = 0; i < plan.strings.length; i++) {
    const spec = plan.strings[i]!;
    const match = spec.match as string;
    if (out === match) {
      r.declare(spec, out, path);
      out = r.refFor(spec.setting);
      continue;
    }
    for (const form of plan.forms[i]!) {
      if (typeof out !== 'string' || !out.includes(form)) continue;
      const next = replaceOutsideReferences(out, form, r.refFor(spec.setting));
      if (next !== out) {
        r.declare({ ...spec, type: spec.type ?? 'string' }, match, path);
        out = next;
      }
    }
  }
  return out;
}

/** 4. A number or boolean is only org data inside step params; elsewhere (`op: "true", values: [true]`) it is logic. */
function replaceScalar(value: Json, path: Path, r: Rewrite): Json {
  for (const spec of r.plan.scalars) {
    if (value === spec.match) {
      r.declare(spec, value, path);
      return r.refFor(spec.setting);
    }
  }
  return value;
}

/** Every phase but the paths, on one leaf (this runs per leaf: no closures are made here). */
function rewriteLeaf(leaf: Json, path: Path, r: Rewrite): Json {
  const last = path[path.length - 1] as string | number;
  // Computed once per leaf, and only where an answer depends on it.
  let inParams: boolean | undefined;
  if (STRUCTURAL_KEYS.has(last) && !(inParams ??= insideParams(path))) return leaf;
  if (typeof leaf !== 'string') {
    return r.plan.scalars.length > 0 && (inParams ?? insideParams(path))
      ? replaceScalar(leaf, path, r)
      : leaf;
  }
  let value = leaf;
  if (value.includes('variables.')) value = replaceVariables(value, path, r);
  if (r.options.credentials.length > 0 && (inParams ?? insideParams(path))) {
    value = replaceCredentials(value, path, r);
  }
  return replaceStringLiterals(value, path, r);
}

export default defineTransform<Options>({
  id: 'app-settings',
  description:
    'Replace hardcoded org values (workflow variables, URLs, keys, ids) with App Settings references and declare the settings',
  options: OPTIONS,
  checkOptions,
  apply(workflow, ctx) {
    const { options } = ctx;
    // Each setting's references, made once per run: the same few settings replace values in every workflow.
    const references = ctx.memo('references', () => ({
      value: new Map<string, string>(),
      path: new Map<string, string>(),
    }));
    const filled = (made: Map<string, string>, template: string, setting: string): string => {
      let reference = made.get(setting);
      if (reference === undefined) made.set(setting, (reference = fillTemplate(template, setting)));
      return reference;
    };
    const r: Rewrite = {
      options,
      declare: settingDeclarer(
        ctx,
        typeof workflow['name'] === 'string' ? workflow['name'] : 'the workflow',
      ),
      refFor: (setting) => filled(references.value, options.reference, setting),
      pathRefFor: (setting) => filled(references.path, options.pathReference, setting),
      plan: ctx.memo('match-plan', () => matchPlan(options)),
      unmapped: new Set(),
    };
    if (options.credentials.length > 0 && ctx.index === 0) reportCredentialRules(ctx);
    const paths = replacePaths(workflow, r, ctx);
    // Numbers and booleans need a look only when a literal to replace is one; otherwise only strings are visited.
    const onLeaf = (leaf: Json, path: Path): Json => rewriteLeaf(leaf, path, r);
    const out =
      r.plan.scalars.length > 0
        ? mapLeaves(paths, onLeaf)
        : mapStrings(paths, onLeaf as (text: string, path: Path) => string);
    if (r.unmapped.size > 0) {
      const n = r.unmapped.size;
      const message = `unmapped workflow variable${n === 1 ? '' : 's'} ${[...r.unmapped].join(', ')}; map ${n === 1 ? 'it' : 'them'} in app-settings.variables`;
      if (options.unmapped === 'keep') ctx.warn(message);
      else ctx.error(message);
    }
    return out as JsonObject;
  },
});

/** Said once per run (on the first workflow): rules that matched nothing, and rules that would fold different credentials. */
function reportCredentialRules(ctx: TransformContext<Options>): void {
  const specs = ctx.options.credentials;
  const analysis = ctx.memo('credentials', () => analyzeCredentials(ctx.batch, specs));
  const describe = (i: number): string =>
    `credentials[${i}] (${specs[i]!.header ? `header ${specs[i]!.header}` : specs[i]!.kind ? `kind ${specs[i]!.kind}` : 'any credential'} -> ${specs[i]!.setting})`;
  for (const i of analysis.unmatched)
    ctx.warn(`app-settings.${describe(i)} matched nothing in this run`);
  for (const { rule, count } of analysis.folded) {
    ctx.error(
      `app-settings.${describe(rule)} matches ${count} different credentials, which one setting cannot hold; give each its own rule with "header" or "kind"`,
    );
  }
}

function selectPointers(doc: Json, path: string, ctx: TransformContext<Options>): string[] {
  try {
    return selectJsonPath(doc, path);
  } catch (error) {
    ctx.error(`app-settings.paths: ${errorMessage(error)}`);
    return [];
  }
}
