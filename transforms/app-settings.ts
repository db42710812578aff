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
  insideParams,
  matchPlan,
  replaceOutsideReferences,
} from './app-settings/literals';
import { fillTemplate, settingDeclarer } from './app-settings/declare';

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
    const pathRefFor = (setting: string): string =>
      filled(references.path, options.pathReference, setting);
    const refFor = (setting: string): string =>
      filled(references.value, options.reference, setting);
    const declare = settingDeclarer(
      ctx,
      typeof workflow['name'] === 'string' ? workflow['name'] : 'the workflow',
    );

    if (options.credentials.length > 0 && ctx.index === 0) reportCredentialRules(ctx);
    let out: Json = workflow;
    // 1. Paths first: they name exact places, so they win over pattern-based replacement below.
    for (const spec of options.paths) {
      for (const pointer of selectPointers(out, spec.path, ctx)) {
        const literal = getAtPointer(out, pointer);
        if (literal === undefined) continue;
        const reference = refFor(spec.setting);
        if (literal === reference) continue;
        declare(spec, literal, pointer);
        out = setAtPointer(out, pointer, reference);
      }
    }
    // 2. Workflow variables, 3. credentials, 4. literal values: one walk over every leaf.
    const unmapped = new Set<string>();
    const variableSpec = (id: string): SettingSpec | undefined => {
      if (!Object.prototype.hasOwnProperty.call(options.variables, id)) return undefined;
      const v = options.variables[id] as string | SettingSpec;
      return typeof v === 'string' ? { setting: v } : v;
    };
    const plan = ctx.memo('match-plan', () => matchPlan(options));
    const onLeaf = (leaf: Json, path: Path): Json => {
      const last = path[path.length - 1] as string | number;
      // Computed once per leaf, and only where an answer depends on it (a variable, not a closure: this runs per leaf).
      let inParams: boolean | undefined;
      if (STRUCTURAL_KEYS.has(last) && !(inParams ??= insideParams(path))) return leaf;
      let value: Json = leaf;
      if (typeof value === 'string' && value.includes('variables.')) {
        value = value.replace(VARIABLE_REF, (whole, id: string) => {
          const spec = variableSpec(id);
          if (!spec) {
            unmapped.add(id);
            return whole;
          }
          // The variable's value lives in the org, not the export: the setting starts empty.
          declare({ ...spec, type: spec.type ?? 'string' }, '', path);
          return refFor(spec.setting);
        });
        // The same variable read as a path (a condition value, a function argument): a setting read as a path.
        value = value.replace(VARIABLE_PATH, (whole, fn: string | undefined, id: string) => {
          const spec = variableSpec(id);
          if (!spec) {
            unmapped.add(id);
            return whole;
          }
          declare({ ...spec, type: spec.type ?? 'string' }, '', path);
          return `/#${fn ?? ''}${pathRefFor(spec.setting)}`;
        });
      }
      // 3. Credentials, before literals: a literal rewrite (a webhook's host made a setting) must never hide part of one.
      // Matched by shape or header, so the config never has to hold the secret itself.
      if (
        typeof value === 'string' &&
        options.credentials.length > 0 &&
        (inParams ??= insideParams(path))
      ) {
        const matches = matchCredentials(value, path, options.credentials);
        if (matches.length > 0) {
          const specOf = (m: CredentialMatch): CredentialSpec => options.credentials[m.rule]!;
          for (const m of matches) {
            const spec = specOf(m);
            declare(
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
          let next = replaceSpans(value, matches, (m) => refFor(specOf(m).setting));
          for (const m of matches)
            next = replaceOutsideReferences(next, m.secret, refFor(specOf(m).setting));
          value = next;
        }
      }
      // 4. Literal values.
      if (typeof value === 'string') {
        // One scan says whether any literal occurs at all; most strings hold none.
        if (plan.anyString?.test(value)) {
          for (let i = 0; i < plan.strings.length; i++) {
            const spec = plan.strings[i]!;
            const match = spec.match as string;
            if (value === match) {
              declare(spec, value, path);
              value = refFor(spec.setting);
              continue;
            }
            // The literal as written, then escaped or percent-encoded inside a body or another URL.
            for (const form of plan.forms[i]!) {
              if (typeof value !== 'string' || !value.includes(form)) continue;
              const next = replaceOutsideReferences(value, form, refFor(spec.setting));
              if (next !== value) {
                declare({ ...spec, type: spec.type ?? 'string' }, match, path);
                value = next;
              }
            }
          }
        }
      } else if (plan.scalars.length > 0 && (inParams ?? insideParams(path))) {
        // A number or boolean is only org data inside step params; elsewhere (`op: "true", values: [true]`) it is logic.
        for (const spec of plan.scalars) {
          if (value === spec.match) {
            declare(spec, value, path);
            value = refFor(spec.setting);
            break;
          }
        }
      }
      return value;
    };
    // Numbers and booleans need a look only when a literal to replace is one; otherwise only strings are visited.
    out =
      plan.scalars.length > 0
        ? mapLeaves(out, onLeaf)
        : mapStrings(out, onLeaf as (text: string, path: Path) => string);
    if (unmapped.size > 0) {
      const message = `unmapped workflow variable${unmapped.size === 1 ? '' : 's'} ${[...unmapped].join(', ')}; map ${unmapped.size === 1 ? 'it' : 'them'} in app-settings.variables`;
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
