// Discovers fixture cases (tests/fixtures/<transform>/<case>/{input,options,output}.json) and runs them through the real engine.
import { joined } from '../../src/core/text';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { type Json, type JsonObject, deepFreeze } from '../../src/core/json';
import { recognise } from '../../src/core/input-shapes';
import { resolveConfig } from '../../src/core/config';
import type { Problem } from '../../src/core/transform';
import { planTransform } from '../../src/plan/plan';
import { CATALOG } from '../../src/catalog';
import { KwtError } from '../../src/core/errors';

export const FIXTURES = path.join(__dirname, '..', 'fixtures');

export interface FixtureCase {
  transform: string;
  name: string;
  dir: string;
  input: Json;
  /** Config for the case: `{app, version, options}` or `{app, transforms: [...]}`; defaults to just this transform. */
  config: JsonObject;
  /** Expected block, or undefined when the case expects errors (errors.json). */
  output?: Json;
  /** Expected error messages (substring match), from errors.json. */
  errors?: string[];
  /** Expected change pointers, from changes.json, when the case pins them. */
  changes?: Json;
}

function readJson(file: string): Json {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as Json;
}

export function discoverCases(transform: string): FixtureCase[] {
  const root = path.join(FIXTURES, transform);
  if (!fs.existsSync(root)) return [];
  return fs
    .readdirSync(root)
    .sort()
    .map((name) => {
      const dir = path.join(root, name);
      const optional = (file: string): Json | undefined =>
        fs.existsSync(path.join(dir, file)) ? readJson(path.join(dir, file)) : undefined;
      const options = (optional('options.json') ?? {}) as JsonObject;
      const { app, version, transforms, ...rest } = options;
      const config: JsonObject = {
        ...(app !== undefined ? { app } : {}),
        ...(version !== undefined ? { version } : {}),
        transforms: (transforms as Json) ?? [[transform, rest]],
      };
      const c: FixtureCase = {
        transform,
        name,
        dir,
        input: readJson(path.join(dir, 'input.json')),
        config,
      };
      const output = optional('output.json');
      if (output !== undefined) c.output = output;
      const errors = optional('errors.json');
      if (errors !== undefined) c.errors = errors as string[];
      const changes = optional('changes.json');
      if (changes !== undefined) c.changes = changes;
      return c;
    });
}

export interface RunResult {
  block: Json;
  text: string;
  problems: Problem[];
  changes: { transform: string; op: string; pointer: string; workflow: string }[];
  secrets: string[];
}

/** Run a config over one input document exactly as `kwt transform` does, without files. */
export function runOnDocument(input: Json, config: JsonObject, label = 'input.json'): RunResult {
  const parsed = recognise(deepFreeze(input), label, 'input');
  let resolved: ReturnType<typeof resolveConfig>;
  try {
    resolved = resolveConfig(config, 'options.json', CATALOG);
  } catch (error) {
    // A case may expect its options to be refused at config time: the config errors are its problems then.
    if (!(error instanceof KwtError) || error.kind !== 'config') throw error;
    const problems: Problem[] = error.details.map((message) => ({
      severity: 'error',
      code: 'config',
      message,
    }));
    return { block: null, text: '', problems, changes: [], secrets: [] };
  }
  // The same plan `kwt transform` makes, without validation (fixtures test transforms, not the validator).
  const plan = planTransform(
    [{ label, parsed }],
    resolved,
    { kind: 'stdout' },
    { validate: false },
  );
  const { batch } = plan;
  const problems = [...batch.problems, ...plan.problems];
  const block = plan.documents[0]?.value as Json;
  const changes = batch.inputs.flatMap((i) =>
    i.results.flatMap((r) =>
      r.changes.map((c) => ({
        transform: c.transform,
        op: c.op,
        pointer: c.pointer,
        workflow: String(r.workflow['name']),
      })),
    ),
  );
  return { block, text: joined(plan.stdout ?? ''), problems, changes, secrets: batch.secrets };
}
