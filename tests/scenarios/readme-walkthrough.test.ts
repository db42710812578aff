// The README's walkthrough runs as written: each command line of its sh block, in the checkout, with its exit code
// (0 unless the line ends in `# exit N`). `npx kwt` runs the built binary; /tmp/kwt-walk becomes a temporary folder.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT, tempDir } from '../helpers/cli';
import { startKustomer, TOKEN } from '../helpers/kustomer-server';

/** Runs one shell line without blocking the event loop (the API server below lives in this process). */
function sh(
  command: string,
  env: Record<string, string>,
): Promise<{ status: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn('bash', ['-c', command], { cwd: ROOT, env: { ...process.env, ...env } });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.resume();
    child.on('close', (status) => resolve({ status, stderr }));
  });
}

function walkthroughLines(heading = '## Walkthrough: a migration from init to CI'): string[] {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const section = readme.split(heading)[1] ?? '';
  const block = /```sh\n([\s\S]*?)```/.exec(section)?.[1] ?? '';
  return block.split('\n').filter((l) => l.trim() !== '' && !l.startsWith('#'));
}

test('every line of "A first conversion" runs as written and exits 0, ending up to date', async () => {
  const dir = tempDir();
  const bin = `node ${JSON.stringify(path.join(ROOT, 'dist', 'src', 'cli', 'bin.js'))}`;
  const lines = walkthroughLines('## A first conversion');
  expect(lines.length).toBe(5);
  for (const line of lines) {
    const r = await sh(line.replace(/\/tmp\//g, `${dir}/`).replace(/\bnpx kwt\b/g, bin), {});
    if (r.status !== 0) throw new Error(`${line}\nexited ${r.status}, expected 0\n${r.stderr}`);
  }
  const app = fs.readFileSync(path.join(dir, 'app.json'), 'utf8');
  expect(app.startsWith('{\n  "app": "acme_orders",\n')).toBe(true);
  expect((JSON.parse(app) as { workflows: unknown[] }).workflows).toHaveLength(3);
}, 30_000);

test('the README walkthrough has its steps, from init to --check and --prune', () => {
  const lines = walkthroughLines();
  expect(lines[0]).toContain('npx kwt pull --out-dir /tmp/kwt-walk/exports');
  for (const step of [
    'kwt init',
    '--dry-run',
    "--only 'Refund*'",
    'kwt validate',
    '--check # exit 1',
    '--prune',
    'kwt release',
    '--write',
    'kwt register',
  ]) {
    expect(lines.some((l) => l.includes(step))).toBe(true);
  }
});

test('every line of the README walkthrough exits as it says', async () => {
  const dir = tempDir();
  const bin = `node ${JSON.stringify(path.join(ROOT, 'dist', 'src', 'cli', 'bin.js'))}`;
  // `kwt pull` reads the samples from a local Kustomer-shaped API.
  const api = await startKustomer();
  try {
    for (const line of walkthroughLines()) {
      const expected = Number(/# exit (\d)\s*$/.exec(line)?.[1] ?? 0);
      let command = line.replace(/\/tmp\/kwt-walk/g, dir).replace(/\bnpx kwt\b/g, bin);
      // `kwt pull` and `kwt register` talk to the local server.
      command = command.replace(/ (pull|register) /, ` $1 --base-url ${api.url} `);
      const r = await sh(command, { KUSTOMER_API_KEY: TOKEN });
      if (r.status !== expected)
        throw new Error(`${line}\nexited ${r.status}, expected ${expected}\n${r.stderr}`);
    }
  } finally {
    await api.close();
  }
  const app = JSON.parse(fs.readFileSync(path.join(dir, 'app.json'), 'utf8')) as {
    workflows: { name: string }[];
    version: string;
  };
  expect(app.workflows.map((w) => w.name).sort()).toEqual([
    'acme_orders-escalation-mailbox',
    'acme_orders-order-received',
    'acme_orders-refund-order',
  ]);
  expect(app.version).toBe('2.0.0');
  expect(api.registered).toEqual(['acme_orders@2.0.0']);
}, 60_000);
