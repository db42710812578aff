// The build precompiles built-in option schemas (scripts/precompile-options.ts): those validators must accept, reject
// and fill in defaults exactly as compiling at run time does, on every fixture's options and on broken ones.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { BUILT_INS } from '../transforms';
import { closedSchema, compileSchema, describeErrors } from '../src/core/options';
import { cloneJson, type JsonObject } from '../src/core/json';
import { ROOT } from './helpers/cli';
import { FIXTURES } from './helpers/fixtures';

const GENERATED = path.join(ROOT, 'dist', 'src', 'core', 'option-validators.generated.js');

function optionSamples(id: string): JsonObject[] {
  const dir = path.join(FIXTURES, id);
  const fromFixtures = fs.existsSync(dir)
    ? fs
        .readdirSync(dir)
        .map((c) => path.join(dir, c, 'options.json'))
        .filter((f) => fs.existsSync(f))
        .map((f) => {
          const { app: _a, version: _v, transforms: _t, ...rest } = JSON.parse(fs.readFileSync(f, 'utf8')) as JsonObject;
          return rest;
        })
    : [];
  // Broken ones: an unknown key, wrong types everywhere.
  return [...fromFixtures, {}, { colour: 'red' }, { prefix: 3, events: [], values: 'x', keep: {}, set: 1, namespaces: [1] }];
}

test('the build wrote precompiled validators for every built-in, with the schema text they were made from', () => {
  expect(fs.existsSync(GENERATED)).toBe(true);
  const generated = require(GENERATED) as Record<string, unknown> & { __schemas: Record<string, string> };
  for (const t of BUILT_INS) {
    expect(typeof generated[t.id]).toBe('function');
    expect(generated.__schemas[t.id]).toBe(JSON.stringify(closedSchema(t.options)));
  }
});

test.each(BUILT_INS.map((t) => [t.id, t] as const))('%s: precompiled and run-time validation agree', (_id, t) => {
  const generated = require(GENERATED) as Record<string, ((data: unknown) => boolean) & { errors?: unknown }>;
  const runtime = compileSchema(closedSchema(t.options), {});
  for (const sample of optionSamples(t.id)) {
    const a = cloneJson(sample);
    const b = cloneJson(sample);
    const okA = generated[t.id]!(a);
    const okB = runtime(b);
    expect({ sample, ok: okA, value: a }).toEqual({ sample, ok: okB, value: b });
    if (!okA) {
      expect(describeErrors(generated[t.id]!.errors as never, 'x')).toEqual(describeErrors(runtime.errors, 'x'));
    }
  }
});
