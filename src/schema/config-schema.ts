// Generates the JSON Schema of kwt.config.json from the transform and rule registries, so editors complete every transform's options.
import type { JsonObject } from '../core/json';
import { closedSchema } from '../core/options';
import { BUILT_INS } from '../../transforms';
import { RULES } from '../validate/rules';
import { DEFAULT_POLICY } from '../core/release-policy';

/** The `release` section: the bump each kind of change asks for. */
function releaseSchema(): JsonObject {
  return {
    type: 'object',
    additionalProperties: false,
    description:
      'How `kwt release` classifies changes between the released app definition and the new one',
    properties: {
      policy: {
        type: 'object',
        description:
          'The bump per kind of change: "major", "minor" or "patch", or {"bump", "reason"}',
        additionalProperties: false,
        properties: Object.fromEntries(
          Object.entries(DEFAULT_POLICY).map(([kind, c]) => [
            kind,
            {
              description: `Default ${c.bump}: ${c.reason}`,
              anyOf: [
                { enum: ['major', 'minor', 'patch'] },
                {
                  type: 'object',
                  additionalProperties: false,
                  required: ['bump'],
                  properties: {
                    bump: { enum: ['major', 'minor', 'patch'] },
                    reason: { type: 'string' },
                  },
                },
              ],
            },
          ]),
        ),
      },
    },
  };
}

/** The `validate` section: extra app keys, and a severity per rule code. */
function validateSchema(): JsonObject {
  return {
    type: 'object',
    additionalProperties: false,
    properties: {
      allowAppKeys: {
        type: 'array',
        items: { type: 'string' },
        description: 'Extra top-level app-definition keys to accept',
      },
      rules: {
        type: 'object',
        description: 'Severity per rule code: "off", "warning" or "error"',
        additionalProperties: false,
        properties: Object.fromEntries(
          RULES.map((r) => [
            r.code,
            { enum: ['off', 'warning', 'error'], description: r.description },
          ]),
        ),
      },
    },
  };
}

export function configSchema(): JsonObject {
  const ids = BUILT_INS.map((t) => t.id);
  const optionsById: JsonObject = {};
  const pairs: JsonObject[] = [];
  for (const t of BUILT_INS) {
    const schema = { ...closedSchema(t.options), description: t.description };
    optionsById[t.id] = schema;
    pairs.push({ type: 'array', items: [{ const: t.id }, schema], minItems: 1, maxItems: 2 });
  }
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://kustomer-workflow-transformer/schema/kwt.config.schema.json',
    title: 'kwt configuration',
    type: 'object',
    additionalProperties: false,
    properties: {
      $schema: { type: 'string' },
      app: {
        type: 'string',
        pattern: '^[A-Za-z0-9_]+$',
        description: "The app definition's `app` key (no spaces or dashes)",
      },
      version: {
        type: 'string',
        description:
          "The app version being released (semver); written into the app's own appVersion references",
      },
      transforms: {
        type: 'array',
        description:
          'The pipeline, in order: an id, [id, options], or a path to your own transform module. Default: ' +
          ids.join(', '),
        items: {
          anyOf: [
            {
              type: 'string',
              description:
                'A built-in id (' + ids.join(', ') + ') or a module path starting with ./ or /',
            },
            ...pairs,
            {
              type: 'array',
              items: [{ type: 'string' }, { type: 'object' }],
              minItems: 1,
              maxItems: 2,
              description: 'A module path with options',
            },
          ],
        },
      },
      options: {
        type: 'object',
        description:
          'Options per transform id, applied whether the pipeline is the default one or listed in "transforms"',
        additionalProperties: false,
        properties: optionsById,
      },
      release: releaseSchema(),
      validate: validateSchema(),
    },
  };
}
