// app-settings, its options: the JSON Schema (declared once; the Options type is derived from it) and the checks a schema cannot make.
import { UNSAFE_KEYS } from '../../src/core/json';
import { CREDENTIAL_KINDS } from '../../src/core/credentials';
import { jsonPathSyntaxError } from '../../src/core/jsonpath';
import type { ConfigOptionsOf, OptionsOf, SettingDeclaration } from '../../src/core/transform';

export type SettingType = SettingDeclaration['type'];

export interface SettingSpec {
  setting: string;
  type?: SettingType;
  description?: string;
  displayName?: string;
  defaultValue?: string | number | boolean;
  required?: boolean;
  hidden?: boolean;
}

const SETTING_PATH = '^[A-Za-z0-9_]+\\.[A-Za-z0-9_]+$';
/** A JSONPath that names no prototype key (the pattern accepts only safe paths). */
const SAFE_PATH = '^(?!.*(__proto__|constructor|prototype)).*$';
const TYPE = { enum: ['string', 'number', 'boolean', 'secret'] } as const;

const specProperties = {
  setting: { type: 'string', pattern: SETTING_PATH, description: 'Setting as "<category>.<name>"' },
  type: {
    ...TYPE,
    description:
      'Setting type; default "string" ("number"/"boolean" when the replaced whole value was one)',
  },
  description: {
    type: 'string',
    description: 'Shown on the app settings page (written to i18n en_us too)',
  },
  displayName: {
    type: 'string',
    minLength: 1,
    description:
      "The setting's label on the settings page (i18n en_us; default: its name in words)",
  },
  defaultValue: {
    type: ['string', 'number', 'boolean'],
    description:
      'The default installers see (default: the replaced value, or empty for secrets, org ids and org hosts)',
  },
  required: {
    type: 'boolean',
    description:
      'Whether installers must fill it in (default: true for secrets, org ids and org hosts)',
  },
  hidden: { type: 'boolean', description: 'Hide it on the settings page' },
} as const;

/** The options' JSON Schema; the Options type is derived from it, so the two cannot drift apart. */
export const OPTIONS = {
  type: 'object',
  additionalProperties: false,
  properties: {
    variables: {
      type: 'object',
      default: {},
      description:
        'Workflow variable id (the <id> in {{{variables.<id>}}}) -> "<category>.<name>" or {setting, type, description}',
      propertyNames: { not: { enum: ['__proto__', 'constructor', 'prototype'] } },
      additionalProperties: {
        anyOf: [
          { type: 'string', pattern: SETTING_PATH },
          {
            type: 'object',
            additionalProperties: false,
            required: ['setting'],
            properties: specProperties,
          },
        ],
      },
    },
    values: {
      type: 'array',
      default: [],
      description:
        'Literals to replace wherever they occur (whole values, or inside strings and templates)',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['match', 'setting'],
        properties: {
          match: { type: ['string', 'number', 'boolean'], minLength: 1 },
          ...specProperties,
        },
      },
    },
    paths: {
      type: 'array',
      default: [],
      description:
        'JSONPath selections (jsonpath-plus, no script evaluation) whose whole value becomes a setting',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['path', 'setting'],
        properties: {
          path: { type: 'string', minLength: 2, pattern: SAFE_PATH },
          ...specProperties,
        },
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
          header: {
            type: 'string',
            minLength: 1,
            description:
              'Whatever this request header holds (case-insensitive), minus an auth scheme',
          },
          kind: {
            enum: CREDENTIAL_KINDS.map((k) => k.id),
            description:
              'Only credentials of this kind, anywhere in step params (see the README table of kinds)',
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
      description:
        'What a workflow variable with no mapping does: "error" (default) or "keep" (a warning)',
    },
  },
} as const;

export type Options = OptionsOf<typeof OPTIONS>;
/** What a config may write under `options."app-settings"` (the library's KwtConfig uses it). */
export type ConfigOptions = ConfigOptionsOf<typeof OPTIONS>;

/** What the schema cannot say: JSONPath syntax, one of each placeholder, no prototype key as a setting name. */
export function checkOptions(options: Options): string[] {
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
      if (count !== 1)
        problems.push(
          `${option}: ${JSON.stringify(template)} must contain ${placeholder} exactly once (found ${count})`,
        );
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
      problems.push(
        `setting ${JSON.stringify(setting)}: __proto__, constructor and prototype cannot name a setting`,
      );
  }
  return problems;
}
