// `kwt register` against a real HTTP server on 127.0.0.1: each documented answer (201, 400 outdated, 400 roles, 409,
// 401, 403, 429), a timeout after the body was sent (never sent again; a 409 on the next run reads as that attempt),
// offline validation before anything is sent, the dry run, and the key in no output.
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { runCli, SAMPLES, tempDir } from '../../helpers/cli';

const KEY = 'kst_reg_' + 'M4n5B6v7C8x9Z0l1K2j3H4g5';

interface Seen {
  method: string;
  path: string;
  authorization: string | undefined;
  body: string;
}

type Answer = (res: http.ServerResponse) => void;

let server: http.Server;
let url: string;
let seen: Seen[];
let answers: Answer[];
const held: http.ServerResponse[] = [];

beforeEach(async () => {
  seen = [];
  answers = [];
  server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      seen.push({
        method: req.method ?? '',
        path: req.url ?? '',
        authorization: req.headers.authorization,
        body,
      });
      (answers.shift() ?? json(201, { data: { type: 'app' } }))(res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterEach(async () => {
  for (const r of held.splice(0)) r.destroy();
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

function json(status: number, body: unknown, headers: Record<string, string> = {}): Answer {
  return (res) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  };
}
const kustomerError = (status: number, detail: string): Answer =>
  json(status, { errors: [{ status, title: 'Error', detail }] });
/** Reads the whole body, then never answers: the request arrived, the client cannot know. */
const stall: Answer = (res) => void held.push(res);

/** An app definition that validates: the samples' block with the app's keys. */
function writeApp(dir: string, extra: Record<string, unknown> = {}): void {
  const block = JSON.parse(
    fs.readFileSync(path.join(SAMPLES, 'expected-block.json'), 'utf8'),
  ) as Record<string, unknown>;
  fs.writeFileSync(
    path.join(dir, 'app.json'),
    JSON.stringify(
      { app: 'acme_orders', version: '1.2.0', title: 'Acme orders', ...block, ...extra },
      null,
      2,
    ),
  );
}

function register(dir: string, ...extra: string[]): ReturnType<typeof runCli> {
  return runCli(
    ['register', 'app.json', '--base-url', url, '--timeout', '1', '--retries', '2', ...extra],
    {
      cwd: dir,
      env: { KUSTOMER_API_KEY: KEY, KWT_STATE_DIR: path.join(dir, '.state') },
    },
  );
}

function expectNoKey(...texts: string[]): void {
  for (const t of texts) {
    expect(t).not.toContain(KEY);
    expect(t).not.toContain(KEY.slice(8));
  }
}

test('201: registered, one POST of the definition as read, with the key as a bearer token', async () => {
  const dir = tempDir();
  writeApp(dir);
  const r = await register(dir);
  expect(r.code).toBe(0);
  expect(r.stderr).toMatch(/registered acme_orders 1\.2\.0/);
  expect(seen).toHaveLength(1);
  expect(seen[0]).toMatchObject({
    method: 'POST',
    path: '/v1/apps/available',
    authorization: `Bearer ${KEY}`,
  });
  expect(JSON.parse(seen[0]?.body ?? '')).toEqual(
    JSON.parse(fs.readFileSync(path.join(dir, 'app.json'), 'utf8')),
  );
  expectNoKey(r.stdout, r.stderr);
});

test.each([
  [
    kustomerError(409, 'This version has already been registered. Please increment the version.'),
    1,
    /already registered \(409\).*increment the version/,
  ],
  [
    kustomerError(400, 'Cannot register outdated version. Version must be greater than 1.3.0.'),
    1,
    /version must be greater than the latest registered one.*1\.3\.0/,
  ],
  [
    kustomerError(
      400,
      'Roles do not match that of the previous version, a major version bump is required',
    ),
    1,
    /roles differ from the previous version.*major/,
  ],
  [
    kustomerError(400, 'settings.default.x: bad'),
    1,
    /refused acme_orders 1\.2\.0 \(400\).*settings\.default\.x/,
  ],
  [json(401, {}), 2, /refused \(401.*org\.admin\.apps/],
  [json(403, {}), 2, /lacks the org\.admin\.apps role \(403\)/],
])('an answer gets its documented meaning in one line (%#)', async (answer, code, message) => {
  const dir = tempDir();
  writeApp(dir);
  answers.push(answer);
  const r = await register(dir);
  expect(r.code).toBe(code);
  expect(r.stderr).toMatch(message);
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  expect(seen).toHaveLength(1);
  expectNoKey(r.stdout, r.stderr);
});

test('429 is retried after Retry-After (nothing was registered); exhausted, it says so', async () => {
  const dir = tempDir();
  writeApp(dir);
  answers.push(json(429, {}, { 'retry-after': '0' }));
  const r = await register(dir);
  expect(r.code).toBe(0);
  expect(seen).toHaveLength(2);
  for (let i = 0; i < 3; i++) answers.push(json(429, {}, { 'retry-after': '0' }));
  const limited = await register(dir);
  expect(limited.code).toBe(2);
  expect(limited.stderr).toMatch(/rate limited \(429.*nothing was registered/);
});

test('a timeout after the body was sent is never sent again; the next run reads a 409 as that attempt', async () => {
  const dir = tempDir();
  writeApp(dir);
  answers.push(stall);
  const first = await register(dir);
  expect(first.code).toBe(2);
  expect(first.stderr).toMatch(
    /no answer within 1 s after the definition was sent: acme_orders 1\.2\.0 may already be registered/,
  );
  expect(first.stderr).toMatch(
    /run the same command again: a 409 then means this attempt registered it/,
  );
  expect(seen).toHaveLength(1);
  answers.push(
    kustomerError(409, 'This version has already been registered. Please increment the version.'),
  );
  const second = await register(dir);
  expect(second.code).toBe(0);
  expect(second.stderr).toMatch(
    /already registered \(409\): most likely by the attempt of .* that broke off/,
  );
  // Once read, the attempt is forgotten: a later 409 is a plain 409.
  answers.push(
    kustomerError(409, 'This version has already been registered. Please increment the version.'),
  );
  expect((await register(dir)).code).toBe(1);
  expectNoKey(first.stderr, second.stderr);
});

test('a 5xx may have been acted on: not sent again, said so', async () => {
  const dir = tempDir();
  writeApp(dir);
  answers.push(json(502, {}));
  const r = await register(dir);
  expect(r.code).toBe(2);
  expect(r.stderr).toMatch(/HTTP 502 after the definition was sent: .* may already be registered/);
  expect(seen).toHaveLength(1);
});

test('a refused connection is retried (nothing arrived) and then reported as not registered', async () => {
  const dir = tempDir();
  writeApp(dir);
  // A port that was just free: nothing listens there.
  const closed = http.createServer();
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
  const port = (closed.address() as AddressInfo).port;
  await new Promise<void>((resolve) => closed.close(() => resolve()));
  const r = await runCli(
    [
      'register',
      'app.json',
      '--base-url',
      `http://127.0.0.1:${port}`,
      '--timeout',
      '1',
      '--retries',
      '1',
    ],
    {
      cwd: dir,
      env: { KUSTOMER_API_KEY: KEY },
    },
  );
  expect(r.code).toBe(2);
  expect(r.stderr).toMatch(/ECONNREFUSED\) after 2 attempts; nothing was registered/);
});

test('nothing is sent while a rule fails, or when the definition holds the key itself', async () => {
  const dir = tempDir();
  writeApp(dir, {
    workflows: [
      { name: 'bad name!', trigger: { eventName: 'kustomer.conversation.create' }, steps: [] },
    ],
  });
  const r = await register(dir);
  expect(r.code).toBe(1);
  expect(r.stderr).toMatch(/app\.json:\d+:\d+.*\[name-format\]/);
  expect(r.stderr).toMatch(/not ready to register \(\d+ errors?\); nothing was sent/);
  for (const form of [
    `Bearer ${KEY}`,
    Buffer.from(`me:${KEY}`).toString('base64'),
    encodeURIComponent(`x=${KEY}`),
  ]) {
    writeApp(dir, { description: `call with ${form}` });
    const leak = await register(dir);
    expect(leak.code).toBe(1);
    expect(leak.stderr).toMatch(/contains the API key itself/);
    expectNoKey(leak.stdout, leak.stderr);
  }
  writeApp(dir, { version: '1.2' });
  expect((await register(dir)).stderr).toMatch(/version "1\.2" is not a semantic version/);
  expect(seen).toHaveLength(0);
});

test('--dry-run prints the request with the key and credentials masked, and sends nothing', async () => {
  const dir = tempDir();
  const secret = 'sk_live_' + 'Q1w2E3r4T5y6U7i8O9p0A1s2';
  writeApp(dir, { description: `uses ${secret}` });
  const r = await register(dir, '--dry-run');
  // A credential in the definition is itself an error: nothing would be sent, and nothing shows it.
  expect(r.code).toBe(1);
  expect(r.stdout + r.stderr).not.toContain(secret);
  writeApp(dir);
  const dry = await register(dir, '--dry-run');
  expect(dry.code).toBe(0);
  expect(dry.stdout).toMatch(
    /^POST http:\/\/127\.0\.0\.1:\d+\/v1\/apps\/available\nauthorization: Bearer \*\*\*\n/,
  );
  expect(dry.stdout).toContain('"app":"acme_orders"');
  expect(dry.stderr).toMatch(/dry run: .* nothing was sent/);
  expectNoKey(dry.stdout, dry.stderr);
  expect(seen).toHaveLength(0);
});

test('without the key in the environment it names the variable and the role', async () => {
  const dir = tempDir();
  writeApp(dir);
  const r = await runCli(['register', 'app.json', '--base-url', url], { cwd: dir, env: {} });
  expect(r.code).toBe(2);
  expect(r.stderr).toMatch(
    /set KUSTOMER_API_KEY to a Kustomer API key with the org\.admin\.apps role/,
  );
});
