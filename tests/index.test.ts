// The library entry (what `import ... from 'kustomer-workflow-transformer'` gives): the pipeline for scripts and defineTransform.
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  transform,
  defineTransform,
  builtInTransforms,
  validateDocument,
  type Workflow,
} from '../src/index';
import { BUILT_INS } from '../transforms';
import type { Json, JsonObject } from '../src/core/json';
import { SAMPLES } from './helpers/cli';

const read = (file: string): Json => JSON.parse(fs.readFileSync(file, 'utf8')) as Json;
const sampleConfig = read(path.join(SAMPLES, 'kwt.config.json')) as JsonObject;
const sampleInputs = ['escalation-mailbox.json', 'order-posted.json', 'refund-order.json'].map(
  (f) => ({
    label: `samples/exports/${f}`,
    document: read(path.join(SAMPLES, 'exports', f)),
  }),
);

test('transform() gives the same bytes as the CLI, with changes and no problem', () => {
  const result = transform(sampleInputs, sampleConfig);
  expect(result.text).toBe(fs.readFileSync(path.join(SAMPLES, 'expected-block.json'), 'utf8'));
  expect(result.ok).toBe(true);
  expect(result.problems).toEqual([]);
  expect(result.changes.map((c) => c.workflow)).toEqual([
    'acme_orders-escalation-mailbox',
    'acme_orders-order-posted',
    'acme_orders-refund-order',
  ]);
  expect(result.changes.every((c) => c.changes.length > 0)).toBe(true);
});

test('a plugin made with defineTransform runs after the built-ins and gets its options from the config', () => {
  const stamp = defineTransform<{ label: string }>({
    id: 'stamp',
    description: 'Adds a label to meta',
    options: { properties: { label: { type: 'string', default: 'none' } } },
    apply(workflow: Workflow, ctx) {
      const meta = (workflow['meta'] ?? {}) as JsonObject;
      return meta['label'] === ctx.options.label
        ? workflow
        : { ...workflow, meta: { ...meta, label: ctx.options.label } };
    },
  });
  const config = {
    ...sampleConfig,
    options: { ...(sampleConfig['options'] as JsonObject), stamp: { label: 'v2' } },
  };
  const result = transform(sampleInputs, config, { plugins: [stamp] });
  if (!result.ok) throw new Error('expected the run to succeed');
  expect(result.block.workflows.map((w) => (w['meta'] as JsonObject)['label'])).toEqual([
    'v2',
    'v2',
    'v2',
  ]);
  const last = result.changes.map((c) => c.changes.at(-1)!);
  expect(last.every((c) => c.transform === 'stamp' && c.pointer.startsWith('/meta'))).toBe(true);
});

test('a result with errors is not ok, and says why', () => {
  const result = transform([sampleInputs[1]!], { app: 'acme_orders' });
  expect(result.ok).toBe(false);
  expect(result.problems.map((p) => p.code)).toContain('transform/swap-hook-events');
});

test('the built-ins and the validator are exposed', () => {
  expect(builtInTransforms.map((t) => t.id)).toEqual(BUILT_INS.map((t) => t.id));
  expect(builtInTransforms.length).toBeGreaterThan(0);
  expect(validateDocument({ workflows: [] }, 'x')).toEqual([]);
});

test('a run that does not record changes gives the same workflows and statuses', () => {
  const { recognise } =
    require('../src/core/input-shapes') as typeof import('../src/core/input-shapes');
  const { resolveConfig } = require('../src/core/config') as typeof import('../src/core/config');
  const { transformBatch } = require('../src/core/batch') as typeof import('../src/core/batch');
  const block = JSON.parse(
    fs.readFileSync(path.join(SAMPLES, 'expected-block.json'), 'utf8'),
  ) as Json;
  const { CATALOG } = require('../src/catalog') as typeof import('../src/catalog');
  const config = resolveConfig(sampleConfig, 'kwt.config.json', CATALOG);
  // The exports change; the block (already transformed) does not.
  for (const [batchInputs, statuses] of [
    [sampleInputs, ['ok', 'ok', 'ok']],
    [[{ label: 'block.json', document: block }], ['unchanged']],
  ] as const) {
    const inputs = batchInputs.map((i) => ({
      label: i.label,
      parsed: recognise(i.document, i.label, 'x'),
    }));
    const withRecords = transformBatch(inputs, config);
    const without = transformBatch(inputs, config, { recordChanges: false });
    expect(without.inputs.map((i) => i.status)).toEqual(statuses);
    expect(withRecords.inputs.map((i) => i.status)).toEqual(statuses);
    expect(without.inputs.map((i) => i.results.map((r) => r.workflow))).toEqual(
      withRecords.inputs.map((i) => i.results.map((r) => r.workflow)),
    );
    expect(without.inputs.flatMap((i) => i.results.flatMap((r) => r.changes))).toEqual([]);
  }
  const withRecords = transformBatch(
    sampleInputs.map((i) => ({ label: i.label, parsed: recognise(i.document, i.label, 'x') })),
    config,
  );
  expect(
    withRecords.inputs.flatMap((i) => i.results.flatMap((r) => r.changes)).length,
  ).toBeGreaterThan(20);
});

test('a thrown KwtError carries every detail in its message, for callers that only log error.message', () => {
  let thrown: unknown;
  try {
    transform([], {
      app: 'acme',
      options: { 'no-such-transform': {} },
      transforms: ['strip-metadata', 'no-such-thing'],
    });
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(Error);
  const error = thrown as { message: string; summary: string; details: string[] };
  expect(error.details.length).toBeGreaterThan(1);
  for (const detail of error.details) expect(error.message).toContain(detail);
  expect(error.message.startsWith(error.summary)).toBe(true);
});

test("masked at the source: a plugin's message holding a credential found in the exports reaches the library caller masked", () => {
  const token = 'gh' + 'p_' + 'aB3dE5gH7jK9mN1pQ2rS4tU6aB3dE5gH7jK9';
  const leaky = defineTransform({
    id: 'leaky',
    description: 'Repeats a header in a warning',
    apply(workflow: Workflow, ctx) {
      ctx.warn(`saw ${JSON.stringify(workflow)}`);
      return workflow;
    },
  });
  const input = {
    label: 'w.json',
    document: {
      name: 'Partner call',
      trigger: {
        id: '1',
        eventName: 'kustomer.conversation.create',
        transitions: [{ target: 'a1' }],
      },
      steps: [
        {
          id: 'a1',
          action: 'kustomer.rest-api.json',
          params: { uri: 'https://p.example', headers: { Authorization: `Bearer ${token}` } },
          transitions: [],
        },
      ],
    } as Json,
  };
  const result = transform(
    [input],
    { app: 'acme', version: '1.0.0', transforms: ['strip-metadata'] },
    { plugins: [leaky] },
  );
  const messages = result.problems.map((p) => p.message).join('\n');
  expect(messages).toContain('saw');
  expect(messages).not.toContain(token.slice(4, 20));
});

test('a failed run gives problems and no block: never a partial one', () => {
  const broken = structuredClone(sampleInputs[2]!) as { label: string; document: JsonObject };
  // A transition to a step that does not exist: one workflow of three fails validation.
  const data = broken.document['data'] as JsonObject;
  const trigger = (data['attributes'] as JsonObject)['trigger'] as JsonObject;
  trigger['transitions'] = [{ target: 'nowhere' }];
  const result = transform([sampleInputs[0]!, sampleInputs[1]!, broken as never], sampleConfig);
  expect(result.ok).toBe(false);
  expect(result.block).toBeUndefined();
  expect(result.text).toBeUndefined();
  expect(result.problems.some((p) => p.severity === 'error')).toBe(true);
});

test('ctx.batch is frozen: a transform that pushes into it fails with its error, and the batch the next one sees is whole', () => {
  const { transform: run } = require('../src/index') as typeof import('../src/index');
  const sample = JSON.parse(
    require('node:fs').readFileSync(
      require('node:path').join(__dirname, '..', 'samples', 'exports', 'refund-order.json'),
      'utf8',
    ),
  );
  const grower = {
    id: 'grower',
    description: 'tries to add to the batch',
    apply: (w: Record<string, unknown>, ctx: { batch: unknown[] }) => {
      ctx.batch.push({ workflow: {}, source: 'x' });
      return w;
    },
  };
  const result = run(
    [{ label: 'refund-order.json', document: sample }],
    { app: 'acme_orders', transforms: ['strip-metadata'] },
    { plugins: [grower as never], validate: false },
  );
  expect(result.ok).toBe(false);
  expect(
    result.problems.some(
      (p) => p.code === 'transform/grower' && /failed on workflow/.test(p.message),
    ),
  ).toBe(true);
});
