// The library's public types (KwtConfig, KustomerWorkflow, WorkflowsBlock, ...) against the JSON Schemas they describe.
// `npm run typecheck` checks the @ts-expect-error lines (each fails the build if the type stops rejecting it); the tests
// below compare the types' keys with the generated schema, so a new config key or built-in cannot be left out.
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  transform,
  validateDocument,
  builtInTransforms,
  KwtError,
  type BuiltInOptions,
  type KwtConfig,
  type KustomerWorkflow,
} from '../src/index';
import { configSchema } from '../src/schema/config-schema';
import { RULE_CODES, type RuleCode } from '../src/validate/rules';
import { SAMPLES } from './helpers/cli';

const sampleConfig = JSON.parse(
  fs.readFileSync(path.join(SAMPLES, 'kwt.config.json'), 'utf8'),
) as KwtConfig;

// @ts-expect-error a misspelt top-level key does not compile (it did while the config was a plain object)
const misspelt: KwtConfig = { app: 'acme', optons: {} };

// @ts-expect-error a misspelt transform id under options does not compile
const badId: KwtConfig = { options: { 'strip-metdata': {} } };

// @ts-expect-error an option value outside the built-in's schema does not compile
const badEnum: KwtConfig = { options: { 'strip-metadata': { longDescriptions: 'cut' } } };

// @ts-expect-error a rule severity is "off", "warning" or "error"
const badSeverity: KwtConfig = { validate: { rules: { 'hex-id': 'ignore' } } };

// Defaults are optional in a config; plugin options are typed by the caller.
const good: KwtConfig<{ 'describe-owner': { team: string } }> = {
  app: 'acme_orders',
  options: { rename: { prefix: 'acme-' }, 'strip-metadata': {}, 'describe-owner': { team: 'ops' } },
  validate: { rules: { 'hex-id': 'error' } },
};

const workflow: KustomerWorkflow = {
  name: 'acme-order',
  trigger: { eventName: 'kustomer.conversation.create', transitions: [{ target: 's1' }] },
  steps: [
    {
      id: 's1',
      action: 'kustomer.rest-api.json',
      params: { uri: 'https://api.acme.example' },
      transitions: [],
    },
  ],
};

test('a transform result validates as it is typed: validateDocument accepts the block and typed workflows', () => {
  const exportsDir = path.join(SAMPLES, 'exports');
  const inputs = fs.readdirSync(exportsDir).map((f) => ({
    label: f,
    document: JSON.parse(fs.readFileSync(path.join(exportsDir, f), 'utf8')) as never,
  }));
  const result = transform(inputs, sampleConfig);
  // @ts-expect-error: the block is reachable only once `ok` says the run succeeded.
  expect(result.block.workflows).toBeDefined();
  if (!result.ok) throw new Error('expected the samples to transform');
  expect(validateDocument(result.block)).toEqual([]);
  expect(result.block.workflows.map((w) => w.trigger.eventName)).toHaveLength(3);
  expect(validateDocument(workflow, 'w.json').map((p) => p.code)).toEqual([]);
  expect([misspelt, badId, badEnum, badSeverity, good]).toHaveLength(5);
});

test('KwtConfig has exactly the keys of the config schema; BuiltInOptions exactly the built-ins; rules the registry', () => {
  const configKeys: { [K in keyof Required<KwtConfig>]: true } = {
    $schema: true,
    app: true,
    version: true,
    transforms: true,
    options: true,
    validate: true,
    release: true,
  };
  const schema = configSchema() as {
    properties: Record<string, { properties?: Record<string, unknown> }>;
  };
  expect(Object.keys(configKeys).sort()).toEqual(Object.keys(schema.properties).sort());
  const builtIns: { [K in keyof Required<BuiltInOptions>]: true } = {
    'strip-metadata': true,
    denamespace: true,
    rename: true,
    'swap-hook-events': true,
    'app-settings': true,
    jsonpath: true,
  };
  expect(Object.keys(builtIns).sort()).toEqual(builtInTransforms.map((t) => t.id).sort());
  expect(Object.keys(schema.properties['options']?.properties ?? {}).sort()).toEqual(
    Object.keys(builtIns).sort(),
  );
  // KwtConfig's rules are keyed by RuleCode, the registry's type: the schema lists the same codes.
  const codes: readonly RuleCode[] = RULE_CODES;
  const rules = schema.properties['validate']?.properties?.['rules'] as {
    properties: Record<string, unknown>;
  };
  expect(Object.keys(rules.properties).sort()).toEqual([...codes].sort());
});

test('a thrown KwtError is an Error whose message lists every detail', () => {
  expect(() => transform([], { transforms: ['no-such-thing', 'nor-this'] })).toThrow(KwtError);
});
