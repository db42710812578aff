// `--report json`: one document per run, valid against schema/kwt.report.schema.json, masked, with the exit code inside.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv';
import { runCli, tempDir, SAMPLES, ROOT } from '../helpers/cli';

const config = path.join(SAMPLES, 'kwt.config.json');
const exportsDir = path.join(SAMPLES, 'exports');
const schema = JSON.parse(
  fs.readFileSync(path.join(ROOT, 'schema/kwt.report.schema.json'), 'utf8'),
);
const validateReport = new Ajv({ allErrors: true, strict: true }).compile(schema);

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read reports loosely after validating them against the schema
function parseReport(text: string): any {
  const report = JSON.parse(text);
  const ok = validateReport(report);
  if (!ok) throw new Error(JSON.stringify(validateReport.errors, null, 2));
  return report;
}

describe('--report json', () => {
  test('transform: per input its status and every change; totals; outputs; the exit code', async () => {
    const dir = tempDir();
    const r = await runCli(
      ['transform', exportsDir, '-c', config, '-o', 'block.json', '--report', 'json'],
      { cwd: dir },
    );
    expect(r.code).toBe(0);
    const report = parseReport(r.stdout);
    expect(report).toMatchObject({
      format: 1,
      command: 'transform',
      exitCode: 0,
      app: { name: 'acme_orders', version: '1.1.0' },
    });
    expect(report.inputs.map((i: { status: string }) => i.status)).toEqual(['ok', 'ok', 'ok']);
    expect(report.outputs).toEqual([{ file: 'block.json', status: 'written' }]);
    const changes = report.inputs.flatMap((i: any) => i.workflows.flatMap((w: any) => w.changes)); // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(changes.length).toBe(report.totals.changes);
    expect(changes.find((c: { transform: string }) => c.transform === 'rename')).toMatchObject({
      op: 'replace',
      pointer: '/name',
      after: 'acme_orders-escalation-mailbox',
    });
    // The pretty summary on stderr is derived from the same data.
    expect(r.stderr).toContain(
      `changes: ${Object.entries(report.totals.changesByTransform)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')}`,
    );
    // A second run: the target is left alone and says so.
    const again = parseReport(
      (
        await runCli(
          ['transform', exportsDir, '-c', config, '-o', 'block.json', '--report', 'json'],
          { cwd: dir },
        )
      ).stdout,
    );
    expect(again.outputs).toEqual([{ file: 'block.json', status: 'unchanged' }]);
  });

  test('on stdout it needs the block elsewhere; --report-file writes it beside a block on stdout', async () => {
    const dir = tempDir();
    const clash = await runCli(['transform', exportsDir, '-c', config, '--report', 'json'], {
      cwd: dir,
    });
    expect(clash.code).toBe(2);
    expect(clash.stderr).toContain('--report json prints on stdout');
    const r = await runCli(
      ['transform', exportsDir, '-c', config, '--report', 'json', '--report-file', 'report.json'],
      { cwd: dir },
    );
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).workflows).toHaveLength(3);
    expect(parseReport(fs.readFileSync(path.join(dir, 'report.json'), 'utf8')).outputs).toEqual([
      { file: '-', status: 'written' },
    ]);
    const noJson = await runCli(
      ['transform', exportsDir, '-c', config, '--report-file', 'r.json'],
      { cwd: dir },
    );
    expect(noJson.code).toBe(2);
  });

  test('validation problems and --check differences are in the report with exit code 1', async () => {
    const dir = tempDir();
    const invalid = parseReport(
      (
        await runCli(
          [
            'transform',
            exportsDir,
            '-c',
            config,
            '-t',
            'strip-metadata',
            '-o',
            'b.json',
            '--report',
            'json',
          ],
          { cwd: dir },
        )
      ).stdout,
    );
    expect(invalid.exitCode).toBe(1);
    expect(invalid.outputs).toEqual([{ file: 'b.json', status: 'not-written' }]);
    // The refused output is never written: the finding points at the export that caused it, with its line and column.
    const hook = invalid.problems.find(
      (p: { code: string; file: string }) =>
        p.code === 'org-hook-event' && p.file.endsWith('order-posted.json'),
    );
    expect(hook).toMatchObject({
      file: path.join(exportsDir, 'order-posted.json'),
      pointer: '/trigger/eventName',
      line: expect.any(Number),
      column: expect.any(Number),
    });
    fs.writeFileSync(path.join(dir, 'b.json'), '{}\n');
    const check = parseReport(
      (
        await runCli(
          ['transform', exportsDir, '-c', config, '-o', 'b.json', '--check', '--report', 'json'],
          { cwd: dir },
        )
      ).stdout,
    );
    expect(check).toMatchObject({ exitCode: 1, outputs: [{ file: 'b.json', status: 'differs' }] });
  });

  test('an unreadable input is an input with status error and exit code 2', async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'bad.json'), '{"a":');
    const r = await runCli(
      ['transform', 'bad.json', '--app', 'acme', '-o', 'b.json', '--report', 'json'],
      { cwd: dir },
    );
    expect(r.code).toBe(2);
    const report = parseReport(r.stdout);
    expect(report.inputs[0]).toMatchObject({
      file: 'bad.json',
      status: 'error',
      problems: [{ code: 'input', severity: 'error' }],
    });
    expect(report.inputs[0].problems[0].message).toMatch(/^bad\.json:1:6: /);
  });

  test('validate --report json', async () => {
    const dir = tempDir();
    fs.writeFileSync(
      path.join(dir, 'w.json'),
      JSON.stringify({
        name: 'bad name',
        trigger: { id: '1', eventName: 'x', transitions: [] },
        steps: [],
      }),
    );
    const r = await runCli(['validate', 'w.json', '--report', 'json'], { cwd: dir });
    expect(r.code).toBe(1);
    const report = parseReport(r.stdout);
    expect(report).toMatchObject({
      command: 'validate',
      exitCode: 1,
      totals: { errors: 1, warnings: 0 },
    });
    expect(report.inputs[0].problems[0]).toMatchObject({
      code: 'name-format',
      file: 'w.json',
      pointer: '/name',
    });
  });

  test('secrets are masked in change records', async () => {
    const dir = tempDir();
    const SECRET = 'sk_test_Ab12Cd34Ef56Gh78';
    fs.writeFileSync(
      path.join(dir, 'w.json'),
      JSON.stringify({
        name: 'Pay',
        trigger: {
          id: '1',
          eventName: 'kustomer.conversation.create',
          transitions: [{ target: 'a' }],
        },
        steps: [
          {
            id: 'a',
            action: 'kustomer.rest-api.json',
            params: { headers: { 'X-Key': `key=${SECRET}` } },
            transitions: [],
          },
        ],
      }),
    );
    fs.writeFileSync(
      path.join(dir, 'kwt.config.json'),
      JSON.stringify({
        app: 'acme',
        options: {
          'app-settings': { values: [{ match: SECRET, setting: 'default.key', type: 'secret' }] },
        },
      }),
    );
    const r = await runCli(['transform', 'w.json', '-o', 'b.json', '--report', 'json'], {
      cwd: dir,
    });
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain(SECRET);
    expect(r.stderr).not.toContain(SECRET);
    const change = parseReport(r.stdout).inputs[0].workflows[0].changes.find(
      (c: { transform: string }) => c.transform === 'app-settings',
    );
    expect(change).toMatchObject({ before: 'key=***', after: 'key={{{settings.default.key}}}' });
  });
});
