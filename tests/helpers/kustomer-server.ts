// A Kustomer-shaped API on 127.0.0.1 for `kwt pull` tests: JSON:API pages of workflows, their variables (with values,
// which kwt must drop), the bearer key checked, and faults queued per path (429, 500, a stall, bad JSON, 401, 403).
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { SAMPLES } from './cli';

export const TOKEN = 'kst_test_' + 'Q7w8E9r0T1y2U3i4O5p6A7s8';

export type Fault =
  | { status: number; retryAfter?: string; body?: string }
  | { stall: true }
  | { malformed: true }
  | { next: string };

export interface Resource {
  type: 'workflow';
  id: string;
  attributes: Record<string, unknown>;
}

export interface FakeKustomer {
  url: string;
  workflows: Resource[];
  /** Variables by workflow id (values included, as the API may send them). */
  variables: Map<string, { id: string; name: string; type: string; value: string }[]>;
  /** Faults served, in order, before the normal answer of a path (`/v1/workflows`, `/v1/workflows?page=2`, …). */
  faults: Map<string, Fault[]>;
  /** Every request: path and time. */
  requests: { path: string; at: number; authorization: string | undefined }[];
  pageSize: number;
  /** App versions registered (`app@version`). */
  registered: string[];
  /** How long each variables answer takes (ms), and the most variables requests seen in flight at once. */
  variablesDelayMs: number;
  variablesInFlightMax: number;
  /** Rate-limit headers to send (none when undefined). */
  rateLimit?: { limit: number; remaining: () => number };
  close(): Promise<void>;
}

/** The samples as the API lists them: each export becomes a resource with an id, updatedAt and rev. */
export function sampleResources(): Resource[] {
  const dir = path.join(SAMPLES, 'exports');
  return fs
    .readdirSync(dir)
    .sort()
    .map((file, i) => {
      const doc = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as {
        data?: Resource;
      } & Record<string, unknown>;
      if (doc.data) return doc.data;
      const id = `7701a2b3c4d5e6f70819${String(i).padStart(4, '0')}`;
      return {
        type: 'workflow',
        id,
        attributes: { ...doc, updatedAt: '2026-11-01T00:00:00.000Z', rev: 1 },
      };
    });
}

export async function startKustomer(
  workflows: Resource[] = sampleResources(),
): Promise<FakeKustomer> {
  const stalled: http.ServerResponse[] = [];
  let inFlight = 0;
  const fake: FakeKustomer = {
    url: '',
    workflows,
    variables: new Map(),
    faults: new Map(),
    requests: [],
    pageSize: 2,
    registered: [],
    variablesDelayMs: 0,
    variablesInFlightMax: 0,
    close: async () => {
      for (const r of stalled) r.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  const server = http.createServer((req, res) => {
    const url = req.url ?? '/';
    fake.requests.push({ path: url, at: Date.now(), authorization: req.headers.authorization });
    const send = (status: number, body: string, headers: Record<string, string> = {}): void => {
      const limit = fake.rateLimit;
      res.writeHead(status, {
        'content-type': 'application/json',
        ...(limit
          ? {
              'x-ratelimit-limit': String(limit.limit),
              'x-ratelimit-remaining': String(limit.remaining()),
            }
          : {}),
        ...headers,
      });
      res.end(body);
    };
    const fault = fake.faults.get(url)?.shift();
    if (fault && 'stall' in fault) {
      stalled.push(res);
      return;
    }
    if (fault && 'malformed' in fault) return send(200, '{"data": [');
    if (fault && 'status' in fault)
      return send(
        fault.status,
        fault.body ?? '{"errors":[{"status":"' + fault.status + '"}]}',
        fault.retryAfter ? { 'retry-after': fault.retryAfter } : {},
      );
    if (req.headers.authorization !== `Bearer ${TOKEN}`)
      return send(401, '{"errors":[{"status":"401"}]}');
    const u = new URL(url, 'http://x');
    const variables = /^\/v1\/workflows\/([^/]+)\/variables$/.exec(u.pathname);
    if (variables) {
      const list = fake.variables.get(decodeURIComponent(variables[1] as string)) ?? [];
      const answer = (): void =>
        send(
          200,
          JSON.stringify({
            data: list.map((v) => ({
              type: 'workflow_variable',
              id: v.id,
              attributes: { name: v.name, type: v.type, value: v.value },
            })),
          }),
        );
      if (fake.variablesDelayMs === 0) return answer();
      inFlight++;
      fake.variablesInFlightMax = Math.max(fake.variablesInFlightMax, inFlight);
      setTimeout(() => {
        inFlight--;
        answer();
      }, fake.variablesDelayMs);
      return;
    }
    // Registering an app version: each version once (409 after), as Kustomer does.
    if (u.pathname === '/v1/apps/available' && req.method === 'POST') {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString('utf8')));
      req.on('end', () => {
        const { app, version } = JSON.parse(body) as { app: string; version: string };
        if (fake.registered.includes(`${app}@${version}`))
          return send(
            409,
            '{"errors":[{"status":409,"detail":"This version has already been registered."}]}',
          );
        fake.registered.push(`${app}@${version}`);
        send(201, JSON.stringify({ data: { type: 'app', id: app } }));
      });
      return;
    }
    if (u.pathname === '/v1/workflows') {
      const page = Number(u.searchParams.get('page') ?? '1');
      const slice = fake.workflows.slice((page - 1) * fake.pageSize, page * fake.pageSize);
      const more = page * fake.pageSize < fake.workflows.length;
      const next =
        fault && 'next' in fault ? fault.next : more ? `/v1/workflows?page=${page + 1}` : null;
      return send(200, JSON.stringify({ data: slice, links: { self: url, next } }));
    }
    send(404, '{"errors":[{"status":"404"}]}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return fake;
}
