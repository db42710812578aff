// The closing line says what happened to the target: written or already up to date, and for --into which workflows
// were added, replaced, left stale or removed (named up to ten, then counted). A wave calls the inputs it did not
// choose "left out", never "unchanged".
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runCli, SAMPLES, tempDir } from '../helpers/cli';

function project(): string {
  const dir = tempDir();
  fs.cpSync(path.join(SAMPLES, 'exports'), path.join(dir, 'exports'), { recursive: true });
  fs.copyFileSync(path.join(SAMPLES, 'kwt.config.json'), path.join(dir, 'kwt.config.json'));
  fs.writeFileSync(
    path.join(dir, 'app.json'),
    '{"app": "acme_orders", "version": "1.1.0", "title": "Acme Orders"}\n',
  );
  return dir;
}

test('--into: a wave adds one and leaves the others out; the whole run adds and replaces; again, nothing is touched', async () => {
  const dir = project();
  const wave = await runCli(['transform', 'exports', '--into', 'app.json', '--only', 'Refund*'], {
    cwd: dir,
  });
  expect(wave.code).toBe(0);
  expect(wave.stderr).toContain('3 inputs (1 ok, 2 left out), 1 workflow');
  expect(wave.stderr).toContain('kwt: wrote app.json: 1 added (acme_orders-refund-order)\n');
  const json = await runCli(
    [
      'transform',
      'exports',
      '--into',
      'app.json',
      '--only',
      'Refund*',
      '--report',
      'json',
      '--report-file',
      'r.json',
    ],
    { cwd: dir },
  );
  expect(json.code).toBe(0);
  const report = JSON.parse(fs.readFileSync(path.join(dir, 'r.json'), 'utf8')) as {
    inputs: { file: string; status: string }[];
  };
  expect(report.inputs.filter((i) => i.status === 'left-out').map((i) => i.file)).toEqual([
    'exports/escalation-mailbox.json',
    'exports/order-posted.json',
  ]);
  const all = await runCli(['transform', 'exports', '--into', 'app.json'], { cwd: dir });
  expect(all.stderr).toContain(
    'kwt: wrote app.json: 2 added (acme_orders-escalation-mailbox, acme_orders-order-posted), 1 replaced\n',
  );
  const again = await runCli(['transform', 'exports', '--into', 'app.json'], { cwd: dir });
  expect(again.stderr).toContain(
    'kwt: app.json was already up to date (3 workflows of this run); not touched\n',
  );
});

test('--into: a workflow no export produces any more is named as stale, then as removed with --prune', async () => {
  const dir = project();
  expect(
    (await runCli(['transform', 'exports', '--into', 'app.json', '-q'], { cwd: dir })).code,
  ).toBe(0);
  fs.rmSync(path.join(dir, 'exports', 'escalation-mailbox.json'));
  const stale = await runCli(['transform', 'exports', '--into', 'app.json'], { cwd: dir });
  expect(stale.stderr).toContain(
    'app.json was already up to date (2 workflows of this run); 1 stale, kept (acme_orders-escalation-mailbox; --prune removes them); not touched',
  );
  const pruned = await runCli(['transform', 'exports', '--into', 'app.json', '--prune'], {
    cwd: dir,
  });
  expect(pruned.stderr).toContain('2 replaced, 1 removed (acme_orders-escalation-mailbox)');
});

test('-o and --out-dir: written, or already up to date and not touched', async () => {
  const dir = project();
  expect(
    (await runCli(['transform', 'exports', '-o', 'block.json'], { cwd: dir })).stderr,
  ).toContain('kwt: wrote block.json\n');
  expect(
    (await runCli(['transform', 'exports', '-o', 'block.json'], { cwd: dir })).stderr,
  ).toContain('kwt: block.json was already up to date; not touched\n');
  const out = await runCli(['transform', 'exports', '--out-dir', 'blocks'], { cwd: dir });
  expect(out.stderr).toMatch(
    /kwt: wrote 3 files \(blocks\/escalation-mailbox\.json, blocks\/order-posted\.json, blocks\/refund-order\.json\)\n/,
  );
  // -q keeps the closing line out, as it keeps every summary line.
  expect(
    (await runCli(['transform', 'exports', '-o', 'block2.json', '-q'], { cwd: dir })).stderr,
  ).toBe('');
});
