// Builds a realistic synthetic org for the benchmark, from the shapes of samples/ and the corpus: editor exports and API
// resources with server fields, org hooks, workflow variables, namespaced app actions, callable pairs and org ids.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { JsonObject } from '../src/core/json';

export const BENCH_APP = 'benchapp';
const ORG = '5f0c0a1b2c3d4e5f60718293';
const HOOKS = 50;
const VARIABLES = 10;
const QUEUES = [
  '5fce94b7dc76150019710806',
  '5d718d3d773704001d488fa0',
  '5f3da0527d93220019c112e1',
  '5e7140649ae78f001322a0c4',
];
const HOST = 'https://api.bench-orders.example';

/** Small deterministic PRNG (mulberry32): the same seed always builds the same org. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function hex(n: number, salt: number): string {
  return (n * 7919 + salt).toString(16).padStart(24, '0').slice(-24);
}

const hookId = (i: number): string => hex(i, 0xa000);
const variableId = (i: number): string => hex(i, 0xb000);
const workflowId = (i: number): string => hex(i, 0xc000);
const stepId = (w: number, s: number): string => `s${w.toString(36)}x${s.toString(36)}`;

function step(
  rand: () => number,
  w: number,
  s: number,
  count: number,
  callee: number | undefined,
): JsonObject {
  const id = stepId(w, s);
  const next =
    s + 1 < count
      ? [
          {
            target: stepId(w, s + 1),
            condition: { op: 'exists', values: [`/#steps.${id}.id`, ''] },
            meta: { name: 'Found' },
          },
        ]
      : [];
  const base = {
    id,
    transitions: next,
    errorCases: [],
    _id: hex(w * 100 + s, 0xd000),
    meta: { displayName: `Step ${s}` },
  };
  const kind =
    s === 0 && callee !== undefined
      ? 'call'
      : ['rest', 'rest', 'app', 'update', 'update', 'find'][Math.floor(rand() * 6)];
  switch (kind) {
    case 'call':
      return {
        ...base,
        action: `kustomer.workflow.${workflowId(callee!)}.call`,
        params: { orderId: '/#steps.1.attributes.data.id' },
      };
    case 'rest':
      return {
        ...base,
        action: 'kustomer.rest-api.json',
        params: {
          method: 'POST',
          uri: `${rand() < 0.5 ? HOST : `{{{variables.${variableId(0)}}}}`}/orders/{{{steps.1.attributes.data.id}}}`,
          headers: {
            Authorization: `Bearer {{{variables.${variableId(1 + Math.floor(rand() * (VARIABLES - 1)))}}}}`,
            'Content-Type': 'application/json',
          },
          body: { note: `Synced by workflow ${w}`, amount: Math.floor(rand() * 500) },
        },
        appVersion: 'kustomer-^1.9.2',
      };
    case 'app':
      return {
        ...base,
        action: `kustomer.app.${BENCH_APP}_${ORG}.sync-order`,
        appVersion: `${BENCH_APP}_${ORG}-^1.0.0`,
        params: { order: `{{{steps.${stepId(w, Math.max(0, s - 1))}.id}}}` },
      };
    case 'update':
      return {
        ...base,
        action: 'kustomer.conversation.update',
        params: {
          id: '/#steps.1.attributes.data.conversationId',
          queue: QUEUES[Math.floor(rand() * QUEUES.length)]!,
          tags: ['synced'],
        },
      };
    default:
      return {
        ...base,
        action: 'kustomer.customer.find-by-email',
        params: { email: '/#steps.1.attributes.data.email' },
      };
  }
}

/** One exported workflow; every fifth is an API resource, every tenth a callable one called by its neighbour. */
export function workflow(i: number, seed: number, total: number): JsonObject {
  const rand = random(seed * 100_003 + i);
  const count = 5 + Math.floor(rand() * 36);
  const callable = i % 10 === 1;
  const callee = i % 10 === 0 && i + 1 < total ? i + 1 : undefined;
  const steps = Array.from({ length: count }, (_, s) => step(rand, i, s, count, callee));
  const trigger = callable
    ? {
        id: '1',
        callable: true,
        eventName: `kustomer.workflow.${workflowId(i)}.call`,
        schema: { properties: { orderId: { type: 'string' } } },
        transitions: [{ target: stepId(i, 0) }],
      }
    : rand() < 0.6
      ? {
          id: '1',
          eventName: `kustomer.hooks.${rand() < 0.5 ? 'web' : 'form'}.${hookId(Math.floor(rand() * HOOKS))}.receive`,
          appVersion: 'hooks-^1.0.0',
          transitions: [{ target: stepId(i, 0) }],
        }
      : {
          id: '1',
          eventName: 'kustomer.conversation.create',
          transitions: [{ target: stepId(i, 0) }],
        };
  const attributes: JsonObject = {
    name: `Bench Workflow ${i}`,
    description: `Synthetic workflow ${i} for the benchmark`,
    meta: { displayName: `Bench workflow ${i}` },
    enabled: true,
    rev: 3,
    createdAt: '2026-01-02T03:04:05.000Z',
    updatedAt: '2026-02-03T04:05:06.000Z',
    editable: true,
    trigger,
    steps,
  };
  if (i % 5 === 0)
    return {
      data: {
        type: 'workflow',
        id: workflowId(i),
        attributes,
        links: { self: `/v1/workflows/${workflowId(i)}` },
      },
    };
  return callable ? { id: workflowId(i), ...attributes } : attributes;
}

/** The config a developer would write for this org: every hook and variable mapped, host and queues made settings. */
export function benchConfig(): JsonObject {
  return {
    app: BENCH_APP,
    version: '1.0.0',
    options: {
      'swap-hook-events': {
        events: Object.fromEntries(
          Array.from({ length: HOOKS }, (_, i) => [hookId(i), `hook${i}.received`]),
        ),
      },
      'app-settings': {
        variables: Object.fromEntries(
          Array.from({ length: VARIABLES }, (_, i) => [
            variableId(i),
            i === 0 ? 'default.baseUrl' : { setting: `default.token${i}`, type: 'secret' },
          ]),
        ),
        values: [
          { match: HOST, setting: 'default.apiHost' },
          ...QUEUES.map((q, i) => ({ match: q, setting: `ids.queue${i}` })),
        ],
      },
    },
  };
}

/**
 * The same workflow with a distinct credential per workflow (a 64-hex `X-Api-Key` on every REST step): the
 * distinct-secrets case, where every workflow declares its own secret and every output is masked against all of them.
 */
export function withDistinctSecret(doc: JsonObject, i: number): JsonObject {
  const key = createHash('sha256').update(`bench-secret-${i}`).digest('hex');
  const copy = JSON.parse(JSON.stringify(doc)) as JsonObject;
  const holder =
    ((copy['data'] as JsonObject | undefined)?.['attributes'] as JsonObject | undefined) ?? copy;
  for (const s of holder['steps'] as JsonObject[]) {
    const headers = (s['params'] as JsonObject | undefined)?.['headers'] as JsonObject | undefined;
    if (headers) headers['X-Api-Key'] = key;
  }
  return copy;
}

/** A folder of `count` export files, as `kwt pull` or an admin would leave them; returns their size and step count. */
export function writeOrg(
  dir: string,
  count: number,
  seed: number,
  variant: (doc: JsonObject, i: number) => JsonObject = (d) => d,
): { bytes: number; steps: number } {
  fs.mkdirSync(dir, { recursive: true });
  let bytes = 0;
  let steps = 0;
  for (let i = 0; i < count; i++) {
    const doc = variant(workflow(i, seed, count), i);
    const text = JSON.stringify(doc, null, 2) + '\n';
    bytes += Buffer.byteLength(text);
    const attributes =
      ((doc['data'] as JsonObject | undefined)?.['attributes'] as JsonObject | undefined) ?? doc;
    steps += (attributes['steps'] as unknown[]).length;
    fs.writeFileSync(path.join(dir, `workflow-${String(i).padStart(6, '0')}.json`), text);
  }
  return { bytes, steps };
}

/**
 * The same workflow with `n` steps no transition reaches: `n` unreachable-step warnings per workflow, the findings case
 * (a real org's exports have findings, and each must be placed in its file).
 */
export function withWarnings(n: number): (doc: JsonObject, i: number) => JsonObject {
  return (doc, i) => {
    if (n === 0) return doc;
    const copy = JSON.parse(JSON.stringify(doc)) as JsonObject;
    const holder =
      ((copy['data'] as JsonObject | undefined)?.['attributes'] as JsonObject | undefined) ?? copy;
    const steps = holder['steps'] as JsonObject[];
    for (let k = 0; k < n; k++) {
      steps.push({
        id: `u${i.toString(36)}x${k}`,
        action: 'kustomer.customer.find-by-email',
        params: { email: '/#steps.1.attributes.data.email' },
        transitions: [],
      });
    }
    return copy;
  };
}

/** The org as one JSON:API list (`GET /v1/workflows` with every page joined): `{ data: [resource, …] }`. */
export function writeListFile(
  file: string,
  count: number,
  seed: number,
  variant: (doc: JsonObject, i: number) => JsonObject = (d) => d,
): number {
  const fd = fs.openSync(file, 'w');
  try {
    fs.writeSync(fd, '{\n  "data": [\n');
    for (let i = 0; i < count; i++) {
      const doc = variant(workflow(i, seed, count), i);
      const resource = (doc['data'] as JsonObject | undefined) ?? {
        type: 'workflow',
        id: workflowId(i),
        attributes: doc,
      };
      fs.writeSync(
        fd,
        (i > 0 ? ',\n' : '') + JSON.stringify(resource, null, 2).replace(/^/gm, '    '),
      );
    }
    fs.writeSync(fd, '\n  ],\n  "links": { "self": "/v1/workflows?page=1", "next": null }\n}\n');
  } finally {
    fs.closeSync(fd);
  }
  return fs.statSync(file).size;
}
