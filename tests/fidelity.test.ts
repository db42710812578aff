// What the app does once installed matches what the org's workflow did (issue 12, the parts built so far).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runCli, tempDir, SAMPLES } from './helpers/cli';
import { validateDocument } from '../src/validate/validate';

const sample = JSON.parse(fs.readFileSync(path.join(SAMPLES, 'exports', 'order-posted.json'), 'utf8')) as Record<string, unknown>;

function project(workflows: Record<string, unknown>[]): string {
  const dir = tempDir();
  fs.mkdirSync(path.join(dir, 'exports'));
  workflows.forEach((w, i) => fs.writeFileSync(path.join(dir, 'exports', `w${i}.json`), JSON.stringify(w, null, 2)));
  fs.copyFileSync(path.join(SAMPLES, 'kwt.config.json'), path.join(dir, 'kwt.config.json'));
  return dir;
}

describe('workflows disabled in the org', () => {
  const disabled = { ...sample, enabled: false };
  const other = { ...sample, name: 'Order Posted Again', enabled: true };

  test('are reported by name (summary and JSON report): shipped, they would run for every installer', async () => {
    const dir = project([disabled, other]);
    const r = await runCli(['transform', 'exports', '-o', 'block.json', '--report', 'json'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('"Order Posted" is disabled in the org (enabled: false)');
    const report = JSON.parse(r.stdout) as { inputs: { problems: { message: string }[] }[] };
    expect(report.inputs.flatMap((i) => i.problems).some((p) => p.message.includes('is disabled in the org'))).toBe(true);
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'block.json'), 'utf8')).workflows).toHaveLength(2);
  });

  test('--exclude-disabled leaves them out, naming each', async () => {
    const dir = project([disabled, other]);
    const r = await runCli(['transform', 'exports', '-o', 'block.json', '--exclude-disabled'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('left out "Order Posted": disabled in the org');
    const block = JSON.parse(fs.readFileSync(path.join(dir, 'block.json'), 'utf8')) as { workflows: { name: string }[] };
    expect(block.workflows.map((w) => w.name)).toEqual(['acme_orders-order-posted-again']);
  });
});

test('documented app-definition keys (dataSubscriptions, meta, shortcuts) are not refused', () => {
  const app = { app: 'acme', version: '1.0.0', title: 'Acme', dataSubscriptions: [], meta: {}, shortcuts: [], workflows: [] };
  expect(validateDocument(app, 'app.json').filter((p) => p.code === 'app-unknown-key')).toEqual([]);
});
