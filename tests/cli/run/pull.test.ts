// `kwt pull` against a real HTTP server on 127.0.0.1: pages, variables without values, incremental runs, faults
// (429 with Retry-After, 500s, a stall, bad JSON, a page loop, 401, 403), pacing, and the key in no output.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runCli, tempDir } from '../../helpers/cli';
import { startKustomer, TOKEN, type FakeKustomer } from '../../helpers/kustomer-server';

let api: FakeKustomer;
beforeEach(async () => {
  api = await startKustomer();
  api.variables.set('7701a2b3c4d5e6f708190001', [
    {
      id: '6501a2b3c4d5e6f708192a40',
      name: 'Acme API token',
      type: 'secret',
      value: 'VALUE-OF-A-SECRET-1234567890',
    },
    { id: '6501a2b3c4d5e6f708192a41', name: 'Region', type: 'string', value: 'eu-west' },
    { id: '6501a2b3c4d5e6f708192a42', name: 'Follow-up minutes', type: 'number', value: '30' },
  ]);
});
afterEach(async () => api.close());

const env = (): Record<string, string> => ({ KUSTOMER_API_KEY: TOKEN });
const pull = (dir: string, ...extra: string[]) =>
  runCli(['pull', '--out-dir', 'exports', '--base-url', api.url, '--timeout', '1', ...extra], {
    cwd: dir,
    env: env(),
  });

/** Nothing a run printed or wrote holds the key or a variable's value. */
function expectClean(dir: string, outputs: string[]): void {
  const files = fs.existsSync(path.join(dir, 'exports'))
    ? fs
        .readdirSync(path.join(dir, 'exports'))
        .map((f) => fs.readFileSync(path.join(dir, 'exports', f), 'utf8'))
    : [];
  for (const text of [...outputs, ...files]) {
    expect(text).not.toContain(TOKEN);
    expect(text).not.toContain('VALUE-OF-A-SECRET');
  }
}

test('pulls every page into one file per workflow, with a manifest of variables (names and types, no values)', async () => {
  const dir = tempDir();
  const r = await pull(dir);
  expect(r.code).toBe(0);
  expect(fs.readdirSync(path.join(dir, 'exports')).sort()).toEqual([
    '.kwt-pull.json',
    'escalation-mailbox.json',
    'order-posted.json',
    'refund-order.json',
  ]);
  // Two pages of two: the second page was followed; every request carried the key.
  expect(
    api.requests
      .filter((q) => q.path.startsWith('/v1/workflows?') || q.path === '/v1/workflows')
      .map((q) => q.path),
  ).toEqual(['/v1/workflows', '/v1/workflows?page=2']);
  expect(api.requests.every((q) => q.authorization === `Bearer ${TOKEN}`)).toBe(true);
  const manifest = JSON.parse(
    fs.readFileSync(path.join(dir, 'exports', '.kwt-pull.json'), 'utf8'),
  ) as {
    source: string;
    workflows: Record<
      string,
      { file: string; variables: { id: string; name: string; type: string }[] }
    >;
  };
  expect(manifest.source).toBe(api.url);
  expect(manifest.workflows['7701a2b3c4d5e6f708190001']?.variables).toEqual([
    { id: '6501a2b3c4d5e6f708192a40', name: 'Acme API token', type: 'secret' },
    { id: '6501a2b3c4d5e6f708192a41', name: 'Region', type: 'string' },
    { id: '6501a2b3c4d5e6f708192a42', name: 'Follow-up minutes', type: 'number' },
  ]);
  expect(r.stderr).toContain('3 workflows in the org; 3 added, 0 changed, 0 unchanged');
  expectClean(dir, [r.stdout, r.stderr]);
  // What was pulled is what transform reads: the API resource shape.
  const t = await runCli(
    ['transform', 'exports', '--app', 'acme_orders', '-t', 'strip-metadata', '--no-validate'],
    { cwd: dir },
  );
  expect(t.code).toBe(0);
  expect((JSON.parse(t.stdout) as { workflows: unknown[] }).workflows).toHaveLength(3);
});

test('a second pull rewrites only what changed, reports removed workflows, and deletes them only with --prune', async () => {
  const dir = tempDir();
  expect((await pull(dir)).code).toBe(0);
  const refund = path.join(dir, 'exports', 'refund-order.json');
  const stamp = fs.statSync(refund).mtimeMs;
  const manifestStamp = fs.statSync(path.join(dir, 'exports', '.kwt-pull.json')).mtimeMs;
  const variableCalls = (): number =>
    api.requests.filter((q) => q.path.endsWith('/variables')).length;
  const before = variableCalls();
  const again = await pull(dir);
  expect(again.stderr).toContain('0 added, 0 changed, 3 unchanged');
  // Unchanged workflows keep the variables recorded last time: no request for them.
  expect(variableCalls()).toBe(before);
  expect(fs.statSync(refund).mtimeMs).toBe(stamp);
  expect(fs.statSync(path.join(dir, 'exports', '.kwt-pull.json')).mtimeMs).toBe(manifestStamp);
  const order = api.workflows.find((w) => w.attributes['name'] === 'Order Posted')!;
  order.attributes['rev'] = 2;
  order.attributes['description'] = 'changed in the org';
  api.workflows = api.workflows.filter((w) => w.attributes['name'] !== 'Escalation Mailbox');
  const third = await pull(dir, '--report', 'json');
  const report = JSON.parse(third.stdout) as {
    changed: string[];
    removed: string[];
    deleted: string[];
    unchanged: string[];
  };
  expect(report).toMatchObject({
    changed: ['order-posted.json'],
    removed: ['escalation-mailbox.json'],
    deleted: [],
    unchanged: ['refund-order.json'],
  });
  expect(fs.existsSync(path.join(dir, 'exports', 'escalation-mailbox.json'))).toBe(true);
  expect(fs.readFileSync(path.join(dir, 'exports', 'order-posted.json'), 'utf8')).toContain(
    'changed in the org',
  );
  const pruned = await pull(dir, '--prune');
  expect(pruned.code).toBe(0);
  expect(fs.existsSync(path.join(dir, 'exports', 'escalation-mailbox.json'))).toBe(false);
});

test('--name, --exclude, --id choose workflows; disabled ones are skipped and listed unless --include-disabled; --dry-run writes nothing', async () => {
  api.workflows.find((w) => w.attributes['name'] === 'Refund Order')!.attributes['enabled'] = false;
  const dir = tempDir();
  const dry = await pull(dir, '--dry-run');
  expect(dry.code).toBe(0);
  expect(dry.stderr).toContain('skipped   Refund Order: disabled in the org');
  expect(dry.stderr).toContain('dry run; nothing was written');
  expect(fs.existsSync(path.join(dir, 'exports'))).toBe(false);
  expect(
    (await pull(dir, '--name', 'order*', '--name', 'ESCALATION*', '--exclude', 'esc*')).code,
  ).toBe(0);
  expect(fs.readdirSync(path.join(dir, 'exports')).filter((f) => !f.startsWith('.'))).toEqual([
    'order-posted.json',
  ]);
  expect((await pull(dir, '--id', '6501a2b3c4d5e6f708192a60', '--include-disabled')).code).toBe(0);
  expect(
    fs
      .readdirSync(path.join(dir, 'exports'))
      .filter((f) => !f.startsWith('.'))
      .sort(),
  ).toEqual(['order-posted.json', 'refund-order.json']);
});

test('a workflow listed on two pages is pulled once', async () => {
  api.workflows.splice(2, 0, structuredClone(api.workflows[1]!));
  const dir = tempDir();
  const r = await pull(dir, '--report', 'json');
  expect(r.code).toBe(0);
  expect((JSON.parse(r.stdout) as { added: string[]; workflows: number }).added).toHaveLength(3);
});

test('file names are slugs, collision-safe and stable across runs', async () => {
  const copy = structuredClone(api.workflows.find((w) => w.attributes['name'] === 'Order Posted')!);
  copy.id = '7701a2b3c4d5e6f7081900ff';
  copy.attributes['name'] = 'Order  posted!';
  api.workflows.push(copy);
  const dir = tempDir();
  expect((await pull(dir)).code).toBe(0);
  const names = (): string[] =>
    fs
      .readdirSync(path.join(dir, 'exports'))
      .filter((f) => !f.startsWith('.'))
      .sort();
  const first = names();
  expect(first).toContain('order-posted.json');
  expect(first).toContain('order-posted-1900ff.json');
  const long = structuredClone(copy);
  long.id = '7701a2b3c4d5e6f7081900fe';
  long.attributes['name'] = 'Ω'.repeat(3) + 'x'.repeat(300);
  api.workflows.push(long);
  api.workflows.reverse();
  expect((await pull(dir)).code).toBe(0);
  expect(names()).toEqual([...first, 'x'.repeat(100) + '.json'].sort());
});

test('429 with Retry-After, 500s and a stalled request are retried, and pacing follows the rate-limit headers', async () => {
  api.faults.set('/v1/workflows', [
    { status: 429, retryAfter: '1' },
    { status: 500 },
    { stall: true },
  ]);
  const dir = tempDir();
  const started = Date.now();
  const r = await pull(dir, '--report', 'json');
  expect(r.code).toBe(0);
  const report = JSON.parse(r.stdout) as { retries: number; requests: number };
  expect(report.retries).toBe(3);
  const lists = api.requests.filter((q) => q.path === '/v1/workflows');
  expect(lists).toHaveLength(4);
  // Retry-After: 1 was honoured before the second attempt.
  expect(lists[1]!.at - lists[0]!.at).toBeGreaterThanOrEqual(950);
  expect(Date.now() - started).toBeGreaterThanOrEqual(1900); // the 1 s Retry-After and the 1 s timeout of the stall
  // Few requests left of the org's budget: the next ones are spread out (60 s / 600 = 100 ms apart).
  let remaining = 50;
  api.rateLimit = { limit: 600, remaining: () => remaining-- };
  const paced = tempDir();
  const from = api.requests.length;
  expect((await pull(paced)).code).toBe(0);
  const times = api.requests.slice(from).map((q) => q.at);
  for (let i = 1; i < times.length; i++)
    expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(90);
}, 20_000);

test.each([
  [
    'an expired key (401)',
    { status: 401 },
    /the API key was refused \(401.*org\.permission\.workflow\.read/,
  ],
  ['a missing role (403)', { status: 403 }, /lacks a role \(403\).*org\.permission\.workflow\b/],
  ['malformed JSON', { malformed: true }, /the answer is not JSON/],
  ['a page loop', { next: '/v1/workflows' }, /pages loop/],
] as const)(
  '%s stops with exit 2 naming what failed; the previous export is intact',
  async (_name, fault, message) => {
    const dir = tempDir();
    expect((await pull(dir)).code).toBe(0);
    const snapshot = (): Record<string, string> =>
      Object.fromEntries(
        fs
          .readdirSync(path.join(dir, 'exports'))
          .map((f) => [f, fs.readFileSync(path.join(dir, 'exports', f), 'utf8')]),
      );
    const before = snapshot();
    api.workflows[0]!.attributes['rev'] = 99;
    api.faults.set('/v1/workflows', [fault]);
    const r = await pull(dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(snapshot()).toEqual(before);
    expectClean(dir, [r.stdout, r.stderr]);
  },
);

test('a failure after listing (500s on variables past the retries) leaves the previous export intact', async () => {
  const dir = tempDir();
  expect((await pull(dir)).code).toBe(0);
  const before = fs.readFileSync(path.join(dir, 'exports', '.kwt-pull.json'), 'utf8');
  api.workflows[0]!.attributes['rev'] = 5;
  const id = api.workflows[0]!.id;
  api.faults.set(`/v1/workflows/${id}/variables`, [{ status: 500 }, { status: 502 }]);
  const r = await pull(dir, '--retries', '1');
  expect(r.code).toBe(2);
  expect(r.stderr).toContain(`GET /v1/workflows/${id}/variables: HTTP 502 after 2 attempts`);
  expect(fs.readFileSync(path.join(dir, 'exports', '.kwt-pull.json'), 'utf8')).toBe(before);
});

test('the key comes from the environment only; the base URL is https except to this machine', async () => {
  const dir = tempDir();
  const none = await runCli(['pull', '--out-dir', 'x', '--base-url', api.url], {
    cwd: dir,
    env: {},
  });
  expect(none.code).toBe(2);
  expect(none.stderr).toContain('set KUSTOMER_API_KEY');
  const named = await runCli(
    ['pull', '--out-dir', 'x', '--base-url', api.url, '--token-env', 'MY_KEY'],
    { cwd: dir, env: { MY_KEY: TOKEN } },
  );
  expect(named.code).toBe(0);
  const http = await runCli(
    ['pull', '--out-dir', 'x', '--base-url', 'http://api.kustomerapp.com'],
    { cwd: dir, env: env() },
  );
  expect(http.code).toBe(2);
  expect(http.stderr).toContain('must use https');
  // A next page on another host is not followed with the key.
  api.faults.set('/v1/workflows', [{ next: 'https://elsewhere.example/v1/workflows?page=2' }]);
  const away = await pull(dir);
  expect(away.code).toBe(2);
  expect(away.stderr).toContain('another host');
  expect(api.requests.every((q) => !q.path.includes('elsewhere'))).toBe(true);
});

test('a hostile manifest cannot make --prune delete files outside the export folder', async () => {
  const dir = tempDir();
  expect((await pull(dir)).code).toBe(0);
  fs.writeFileSync(path.join(dir, 'precious.json'), '{}');
  const manifestFile = path.join(dir, 'exports', '.kwt-pull.json');
  const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as {
    workflows: Record<string, unknown>;
  };
  manifest.workflows['aaaaaaaaaaaaaaaaaaaaaaaa'] = {
    file: '../precious.json',
    name: 'x',
    enabled: true,
    variables: [],
  };
  // A "__proto__" entry as JSON text holds it (an assignment would set the prototype instead of a key).
  fs.writeFileSync(
    manifestFile,
    JSON.stringify(manifest).replace(
      '"workflows":{',
      '"workflows":{"__proto__":{"file":"x.json","name":"x","enabled":true,"variables":[]},',
    ),
  );
  expect(fs.readFileSync(manifestFile, 'utf8')).toContain('"__proto__"');
  expect((await pull(dir, '--prune')).code).toBe(0);
  expect(fs.existsSync(path.join(dir, 'precious.json'))).toBe(true);
  const rewritten = fs.readFileSync(manifestFile, 'utf8');
  expect(rewritten).not.toContain('__proto__');
  expect(rewritten).not.toContain('precious');
  expect(({} as Record<string, unknown>)['file']).toBeUndefined();
});

test('pull, then init, then transform: a block that validates, its settings named after the org variables', async () => {
  const dir = tempDir();
  expect((await pull(dir)).code).toBe(0);
  const init = await runCli(
    ['init', 'exports', '--app', 'acme_orders', '--app-version', '1.0.0', '--write'],
    { cwd: dir },
  );
  expect(init.code).toBe(0);
  expect(init.stderr).toContain(
    "named 3 workflow variables after the org's names and types (.kwt-pull.json of kwt pull)",
  );
  const config = JSON.parse(fs.readFileSync(path.join(dir, 'kwt.config.json'), 'utf8')) as {
    options: {
      'app-settings': {
        variables: Record<string, { setting: string; type?: string; displayName?: string }>;
      };
    };
  };
  const variables = config.options['app-settings'].variables;
  expect(variables['6501a2b3c4d5e6f708192a40']).toMatchObject({
    setting: 'default.acmeApiToken',
    type: 'secret',
    displayName: 'Acme API token',
  });
  expect(variables['6501a2b3c4d5e6f708192a41']).toMatchObject({
    setting: 'default.region',
    displayName: 'Region',
  });
  expect(variables['6501a2b3c4d5e6f708192a41']?.type).toBeUndefined();
  const t = await runCli(['transform', 'exports', '-o', 'block.json'], { cwd: dir });
  expect(t.code).toBe(0);
  const v = await runCli(['validate', 'block.json'], { cwd: dir });
  expect(v.code).toBe(0);
  const block = fs.readFileSync(path.join(dir, 'block.json'), 'utf8');
  expect(block).toContain('{{{settings.default.acmeApiToken}}}');
  expectClean(dir, [init.stdout, init.stderr, t.stdout, t.stderr, block]);
});

test('an --out-dir that is a file, or an API nobody answers on, is an error naming it (exit 2)', async () => {
  const dir = tempDir();
  fs.writeFileSync(path.join(dir, 'exports'), 'a file');
  const file = await pull(dir);
  expect(file.code).toBe(2);
  expect(file.stderr).toContain('--out-dir exports: cannot make this folder');
  await api.close();
  const closed = await runCli(['pull', '--out-dir', 'x', '--base-url', api.url, '--retries', '0'], {
    cwd: dir,
    env: env(),
  });
  expect(closed.code).toBe(2);
  expect(closed.stderr).toMatch(/GET \/v1\/workflows: network error \([A-Z_]+\) after 1 attempts/);
  api = await startKustomer();
});

describe("pull's folder is kwt's alone", () => {
  test('a hand-made file where a workflow would go is named and left alone; nothing is written', async () => {
    const dir = tempDir();
    fs.mkdirSync(path.join(dir, 'exports'));
    fs.writeFileSync(path.join(dir, 'exports', 'order-posted.json'), '{"mine": true}\n');
    const r = await pull(dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("1 file this pull would write is not kwt's");
    expect(r.stderr).toContain(path.join('exports', 'order-posted.json'));
    expect(fs.readFileSync(path.join(dir, 'exports', 'order-posted.json'), 'utf8')).toBe(
      '{"mine": true}\n',
    );
    expect(fs.readdirSync(path.join(dir, 'exports'))).toEqual(['order-posted.json']);
  });

  test('--report-file inside the export folder (the manifest, or any file there) is refused before any request', async () => {
    for (const file of ['exports/.kwt-pull.json', 'exports/report.json']) {
      const dir = tempDir();
      fs.mkdirSync(path.join(dir, 'exports'));
      const from = api.requests.length;
      const r = await pull(dir, '--report', 'json', '--report-file', file);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('is inside the --out-dir folder');
      expect(api.requests.length).toBe(from);
    }
  });

  test('a manifest that is a folder or a FIFO is refused, without hanging', async () => {
    const dir = tempDir();
    fs.mkdirSync(path.join(dir, 'exports', '.kwt-pull.json'), { recursive: true });
    const folder = await pull(dir);
    expect(folder.code).toBe(2);
    expect(folder.stderr).toContain('.kwt-pull.json: is not a regular file');
    const fifo = tempDir();
    fs.mkdirSync(path.join(fifo, 'exports'));
    require('node:child_process').execFileSync('mkfifo', [
      path.join(fifo, 'exports', '.kwt-pull.json'),
    ]);
    const r = await pull(fifo);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('is not a regular file');
  });

  test('a workflow that holds the API key itself is not written; the others are, and the run exits 1', async () => {
    const leaky = api.workflows[0]!;
    leaky.attributes['note'] =
      `curl -H "Authorization: Basic ${Buffer.from(`me:${TOKEN}`).toString('base64')}"`;
    const dir = tempDir();
    const r = await pull(dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('holds the API key this pull used; not written');
    expect(fs.readdirSync(path.join(dir, 'exports'))).toHaveLength(3);
    expectClean(dir, [r.stdout, r.stderr]);
    for (const f of fs.readdirSync(path.join(dir, 'exports')))
      expect(fs.readFileSync(path.join(dir, 'exports', f), 'utf8')).not.toContain(
        Buffer.from(`me:${TOKEN}`).toString('base64').slice(4, -4),
      );
  });

  test('a workflow renamed in the org is reported as renamed', async () => {
    const dir = tempDir();
    expect((await pull(dir)).code).toBe(0);
    const order = api.workflows.find((w) => w.attributes['name'] === 'Order Posted')!;
    order.attributes['name'] = 'Order Shipped';
    order.attributes['rev'] = 9;
    const r = await pull(dir);
    expect(r.stderr).toContain('1 renamed');
    expect(r.stderr).toContain('renamed   order-posted.json -> order-shipped.json');
    expect(fs.existsSync(path.join(dir, 'exports', 'order-posted.json'))).toBe(false);
  });
});

test('variables are fetched a few at a time: 12 slow answers take about a third of the time, never more than 4 in flight', async () => {
  api.workflows = Array.from({ length: 12 }, (_, i) => ({
    type: 'workflow' as const,
    id: `7701a2b3c4d5e6f70819${String(i).padStart(4, '0')}`,
    attributes: {
      name: `Flow ${i}`,
      rev: 1,
      trigger: { eventName: 'kustomer.conversation.create' },
      steps: [],
    },
  }));
  api.pageSize = 50;
  api.variablesDelayMs = 300;
  const dir = tempDir();
  const started = Date.now();
  const r = await pull(dir);
  expect(r.code).toBe(0);
  const took = Date.now() - started;
  expect(api.variablesInFlightMax).toBe(4);
  expect(took).toBeLessThan(12 * 300 * 0.6);
  // Every workflow has its variables recorded, in a manifest sorted by id whatever order the answers came in.
  const manifest = JSON.parse(
    fs.readFileSync(path.join(dir, 'exports', '.kwt-pull.json'), 'utf8'),
  ) as { workflows: Record<string, unknown> };
  expect(Object.keys(manifest.workflows)).toEqual([...Object.keys(manifest.workflows)].sort());
  expect(Object.keys(manifest.workflows)).toHaveLength(12);
});
