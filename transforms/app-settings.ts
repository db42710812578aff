// app-settings: replace hardcoded org values (workflow variables, literals, JSONPath selections) with App Settings references.
import { type Json, type JsonObject, type Path, UNSAFE_KEYS, setAtPointer, getAtPointer, toPointer } from '../src/core/json';
import { mapLeaves, mapStrings } from '../src/core/walk';
import { HEX24_EXACT, ORG_HOST, SETTING_ANY_REF, VARIABLE_PATH, VARIABLE_REF } from '../src/core/kustomer';
import { jsonPathSyntaxError, selectPointers as selectJsonPath } from '../src/core/jsonpath';
import { hasCredential, CREDENTIAL_KINDS } from '../src/core/credentials';
import { analyzeCredentials, matchCredentials } from './app-settings/credentials';
import { escapeRegExp } from '../src/core/app-names';
import { errorMessage } from '../src/core/errors';
import { defineTransform, type SettingDeclaration, type TransformContext, type OptionsOf } from '../src/core/transform';

type SettingType = SettingDeclaration['type'];

interface SettingSpec {
  setting: string;
  type?: SettingType;
  description?: string;
  displayName?: string;
  defaultValue?: string | number | boolean;
  required?: boolean;
  hidden?: boolean;
}

/** A 24-hex id (queue, team, user, tag, sub-status) or a Kustomer org host: values no other org shares. */
function isOrgSpecific(literal: Json): boolean {
  return typeof literal === 'string' && (HEX24_EXACT.test(literal) || ORG_HOST.test(literal));
}

const SETTING_PATH = '^[A-Za-z0-9_]+\\.[A-Za-z0-9_]+$';
/** A JSONPath that names no prototype key (the pattern accepts only safe paths). */
const SAFE_PATH = '^(?!.*(__proto__|constructor|prototype)).*$';
const TYPE = { enum: ['string', 'number', 'boolean', 'secret'] } as const;

const specProperties = {
  setting: { type: 'string', pattern: SETTING_PATH, description: 'Setting as "<category>.<name>"' },
  type: { ...TYPE, description: 'Setting type; default "string" ("number"/"boolean" when the replaced whole value was one)' },
  description: { type: 'string', description: 'Shown on the app settings page (written to i18n en_us too)' },
  displayName: { type: 'string', minLength: 1, description: "The setting's label on the settings page (i18n en_us; default: its name in words)" },
  defaultValue: {
    type: ['string', 'number', 'boolean'],
    description: 'The default installers see (default: the replaced value, or empty for secrets, org ids and org hosts)',
  },
  required: { type: 'boolean', description: 'Whether installers must fill it in (default: true for secrets, org ids and org hosts)' },
  hidden: { type: 'boolean', description: 'Hide it on the settings page' },
} as const;

function replaceOutsideReferences(text: string, match: string, replacement: string): string {
  if (!text.includes(match)) return text;
  let out = '';
  let last = 0;
  // A `{{{settings.…}}}` reference is already final: literals inside it are never replaced (idempotence).
  for (const m of text.matchAll(SETTING_ANY_REF)) {
    out += text.slice(last, m.index).split(match).join(replacement) + m[0];
    last = (m.index ?? 0) + m[0].length;
  }
  return out + text.slice(last).split(match).join(replacement);
}

/** Keys whose values are the workflow's structure, never org data: replacing them would break the workflow. */
const STRUCTURAL_KEYS: ReadonlySet<string | number> = new Set(['id', 'target', 'op', 'action', 'eventName', 'appVersion', 'name', 'callable', 'type']);

function insideParams(path: readonly (string | number)[]): boolean {
  return path.includes('params');
}

function typeOfLiteral(value: Json): SettingType {
  return typeof value === 'number' ? 'number' : typeof value === 'boolean' ? 'boolean' : 'string';
}

/** The literal as a setting default: scalars as they are, arrays and objects as their JSON text. */
function defaultOf(value: Json): Json {
  return typeof value === 'object' && value !== null ? JSON.stringify(value) : value;
}

type ValueSpec = Options['values'][number];

interface MatchPlan {
  /** Matches when a string contains any string literal of `values`. */
  anyString: RegExp | undefined;
  strings: ValueSpec[];
  scalars: ValueSpec[];
}

/** Splits `values` by kind (once per step, through ctx.memo: the options are the same for every workflow). */
function matchPlan(options: Options): MatchPlan {
  const strings = options.values.filter((v) => typeof v.match === 'string');
  return {
    anyString: strings.length > 0 ? new RegExp(strings.map((v) => escapeRegExp(v.match as string)).join('|')) : undefined,
    strings,
    scalars: options.values.filter((v) => typeof v.match !== 'string'),
  };
}

/** The options' JSON Schema; the Options type is derived from it, so the two cannot drift apart. */
const OPTIONS = {
  type: 'object',
  additionalProperties: false,
  properties: {
    variables: {
      type: 'object',
      default: {},
      description: 'Workflow variable id (the <id> in {{{variables.<id>}}}) -> "<category>.<name>" or {setting, type, description}',
      propertyNames: { not: { enum: ['__proto__', 'constructor', 'prototype'] } },
      additionalProperties: {
        anyOf: [
          { type: 'string', pattern: SETTING_PATH },
          { type: 'object', additionalProperties: false, required: ['setting'], properties: specProperties },
        ],
      },
    },
    values: {
      type: 'array',
      default: [],
      description: 'Literals to replace wherever they occur (whole values, or inside strings and templates)',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['match', 'setting'],
        properties: { match: { type: ['string', 'number', 'boolean'], minLength: 1 }, ...specProperties },
      },
    },
    paths: {
      type: 'array',
      default: [],
      description: 'JSONPath selections (jsonpath-plus, no script evaluation) whose whole value becomes a setting',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['path', 'setting'],
        properties: { path: { type: 'string', minLength: 2, pattern: SAFE_PATH }, ...specProperties },
      },
    },
    credentials: {
      type: 'array',
      default: [],
      description:
        'Credential-shaped literals in step params (Bearer/Basic tokens, sk_live_ keys, AWS, GitHub and Slack tokens, JWTs) become secret settings, without the config holding the credential',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['setting'],
        properties: {
          setting: specProperties.setting,
          header: { type: 'string', minLength: 1, description: 'Whatever this request header holds (case-insensitive), minus an auth scheme' },
          kind: {
            enum: CREDENTIAL_KINDS.map((k) => k.id),
            description: 'Only credentials of this kind, anywhere in step params (see the README table of kinds)',
          },
          description: specProperties.description,
          displayName: specProperties.displayName,
        },
      },
    },
    reference: {
      type: 'string',
      default: '{{{settings.<category>.<name>}}}',
      pattern: '<category>[\\s\\S]*<name>',
      description: 'How a workflow refers to a setting; <category> and <name> are filled in',
    },
    pathReference: {
      type: 'string',
      default: 'settings.<category>.<name>',
      pattern: '^[^/\\s]*<category>[^/\\s]*<name>[^/\\s]*$',
      description:
        'How a setting is read where a path is expected: a variable read as /#variables.<id> becomes /#<this>, and /#fn:<fn>,variables.<id> becomes /#fn:<fn>,<this>',
    },
    unmapped: {
      enum: ['error', 'keep'],
      default: 'error',
      description: 'What a workflow variable with no mapping does: "error" (default) or "keep" (a warning)',
    },
  },
} as const;

type Options = OptionsOf<typeof OPTIONS>;

export default defineTransform<Options>({
  id: 'app-settings',
  description: 'Replace hardcoded org values (workflow variables, URLs, keys, ids) with App Settings references and declare the settings',
  options: OPTIONS,
  checkOptions(options) {
    const problems: string[] = [];
    for (const spec of options.paths) {
      const problem = jsonPathSyntaxError(spec.path);
      if (problem) problems.push(`paths: JSONPath ${JSON.stringify(spec.path)}: ${problem}`);
    }
    // Each placeholder exactly once: a second one would stay a literal "<category>" in every reference.
    for (const [option, template] of [
      ['reference', options.reference],
      ['pathReference', options.pathReference],
    ] as const) {
      for (const placeholder of ['<category>', '<name>']) {
        const count = template.split(placeholder).length - 1;
        if (count !== 1) problems.push(`${option}: ${JSON.stringify(template)} must contain ${placeholder} exactly once (found ${count})`);
      }
    }
    const settings = [
      ...Object.values(options.variables).map((v) => (typeof v === 'string' ? v : v.setting)),
      ...options.values.map((v) => v.setting),
      ...options.paths.map((p) => p.setting),
      ...options.credentials.map((c) => c.setting),
    ];
    for (const setting of settings) {
      if (setting.split('.').some((part) => UNSAFE_KEYS.has(part)))
        problems.push(`setting ${JSON.stringify(setting)}: __proto__, constructor and prototype cannot name a setting`);
    }
    return problems;
  },
  apply(workflow, ctx) {
    const { options } = ctx;
    const pathRefFor = (setting: string): string => {
      const [category, name] = setting.split('.') as [string, string];
      return options.pathReference.replace('<category>', category).replace('<name>', name);
    };
    const refFor = (setting: string): string => {
      const [category, name] = setting.split('.') as [string, string];
      return options.reference.replace('<category>', category).replace('<name>', name);
    };
    // The first declaration of a setting wins when the block is built, so later ones in this workflow are skipped.
    const declared = new Set<string>();
    const declare = (spec: SettingSpec, literal: Json, at: string | Path): void => {
      let type = spec.type ?? typeOfLiteral(literal);
      if (type !== 'secret' && typeof literal === 'string' && hasCredential(literal, { key: typeof at === 'string' ? undefined : at[at.length - 1] })) {
        // Never ship a credential as a default that every installing org would receive.
        ctx.warn(`setting ${spec.setting} would default to a credential; declared it secret with an empty default (set type "secret" to say so)`);
        type = 'secret';
      }
      const secret = type === 'secret';
      if (secret && typeof literal === 'string') ctx.secret(literal);
      if (declared.has(spec.setting)) return;
      declared.add(spec.setting);
      const where = typeof at === 'string' ? at : toPointer(at);
      const [category, name] = spec.setting.split('.') as [string, string];
      // The source org's id or host is wrong for every other org: such a setting starts empty and must be filled in.
      const orgOnly = secret || isOrgSpecific(literal);
      const declaration: SettingDeclaration = {
        type,
        defaultValue: spec.defaultValue !== undefined && !secret ? spec.defaultValue : orgOnly ? '' : defaultOf(literal),
        required: spec.required ?? orgOnly,
        ...(spec.hidden !== undefined ? { hidden: spec.hidden } : {}),
        description: spec.description ?? `Replaces the value found at ${where} of ${typeof workflow['name'] === 'string' ? workflow['name'] : 'the workflow'}`,
        ...(spec.displayName !== undefined ? { displayName: spec.displayName } : {}),
      };
      ctx.contribute.setting(category, name, declaration);
    };

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
    // 2. Workflow variables, 3. literal values: one walk over every leaf.
    const unmapped = new Set<string>();
    const variableSpec = (id: string): SettingSpec | undefined => {
      if (!Object.prototype.hasOwnProperty.call(options.variables, id)) return undefined;
      const v = options.variables[id] as string | SettingSpec;
      return typeof v === 'string' ? { setting: v } : v;
    };
    const plan = ctx.memo('match-plan', () => matchPlan(options));
    const onLeaf = (leaf: Json, path: Path): Json => {
      const last = path[path.length - 1] as string | number;
      // Computed once per leaf, and only where an answer depends on it.
      let inParamsCache: boolean | undefined;
      const inParams = (): boolean => (inParamsCache ??= insideParams(path));
      if (STRUCTURAL_KEYS.has(last) && !inParams()) return leaf;
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
      if (typeof value === 'string') {
        // One scan says whether any literal occurs at all; most strings hold none.
        if (plan.anyString?.test(value)) {
          for (const spec of plan.strings) {
            const match = spec.match as string;
            if (value === match) {
              declare(spec, value, path);
              value = refFor(spec.setting);
            } else if (value.includes(match)) {
              const next = replaceOutsideReferences(value, match, refFor(spec.setting));
              if (next !== value) {
                declare({ ...spec, type: spec.type ?? 'string' }, match, path);
                value = next;
              }
            }
          }
        }
      } else if (plan.scalars.length > 0 && inParams()) {
        // A number or boolean is only org data inside step params; elsewhere (`op: "true", values: [true]`) it is logic.
        for (const spec of plan.scalars) {
          if (value === spec.match) {
            declare(spec, value, path);
            value = refFor(spec.setting);
            break;
          }
        }
      }
      // 4. Credentials: matched by shape or header, so the config never has to hold the secret itself.
      if (typeof value === 'string' && options.credentials.length > 0 && inParams()) {
        for (const { rule, secret } of matchCredentials(value, path, options.credentials)) {
          const spec = options.credentials[rule]!;
          declare(
            {
              setting: spec.setting,
              type: 'secret',
              ...(spec.description !== undefined ? { description: spec.description } : {}),
              ...(spec.displayName !== undefined ? { displayName: spec.displayName } : {}),
            },
            secret,
            path,
          );
          value = replaceOutsideReferences(value, secret, refFor(spec.setting));
        }
      }
      return value;
    };
    // Numbers and booleans need a look only when a literal to replace is one; otherwise only strings are visited.
    out = plan.scalars.length > 0 ? mapLeaves(out, onLeaf) : mapStrings(out, onLeaf as (text: string, path: Path) => string);
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
  for (const i of analysis.unmatched) ctx.warn(`app-settings.${describe(i)} matched nothing in this run`);
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
