// `kwt validate` (src/cli/run/validate.ts): documents, exit codes, channels, --strict.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runCli, tempDir, SAMPLES } from '../../helpers/cli';
import { writeJson, goodWorkflow } from '../../helpers/documents';

const HEX = '5f0c0a1b2c3d4e5f60718293';

/** A valid workflow whose only finding is a hex-id warning (an org queue id in params). */
const withOrgQueue = () => {
  const wf = goodWorkflow();
  (wf.steps[0]!.params as Record<string, string>)['queue'] = HEX;
  return wf;
};

describe('kwt validate', () => {
  test('a valid block exits 0 with totals on stderr', async () => {
    const r = await runCli(['validate', path.join(SAMPLES, 'expected-block.json')], {
      cwd: tempDir(),
    });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('kwt validate: 1 file, 0 errors, 0 warnings\n');
  });

  test('errors exit 1, each with file, pointer, message and code', async () => {
    const dir = tempDir();
    writeJson(dir, 'app.json', {
      app: 'acme',
      version: '1.0',
      title: 'Acme',
      workflows: [{ ...goodWorkflow(), rev: 4 }],
    });
    const r = await runCli(['validate', 'app.json'], { cwd: dir });
    expect(r.code).toBe(1);
    // Findings go to stdout as ESLint's do, each at file:line:column of its value, then its pointer.
    expect(r.stdout).toMatch(/^error {3}app\.json:\d+:\d+ #\/version: .*\[app-version\]$/m);
    expect(r.stdout).toMatch(
      /^error {3}app\.json:\d+:\d+ #\/workflows\/0\/rev: server field "rev" must not be in an app workflow \(strip-metadata removes it\) \[server-field\]$/m,
    );
    expect(r.stderr).toContain('2 errors, 0 warnings');
    expect(r.stderr).not.toContain('[server-field]');
  });

  test('warnings alone exit 0; --strict makes them count', async () => {
    const dir = tempDir();
    writeJson(dir, 'w.json', withOrgQueue());
    const plain = await runCli(['validate', 'w.json'], { cwd: dir });
    expect(plain.code).toBe(0);
    expect(plain.stdout).toContain('[hex-id]');
    const strict = await runCli(['validate', 'w.json', '--strict'], { cwd: dir });
    expect(strict.code).toBe(1);
  });

  test('the config "validate" section sets rule severities', async () => {
    const dir = tempDir();
    writeJson(dir, 'w.json', withOrgQueue());
    writeJson(dir, 'kwt.config.json', { validate: { rules: { 'hex-id': 'error' } } });
    expect((await runCli(['validate', 'w.json'], { cwd: dir })).code).toBe(1);
    writeJson(dir, 'kwt.config.json', { validate: { rules: { 'hex-id': 'off' } } });
    const off = await runCli(['validate', 'w.json'], { cwd: dir });
    expect(off.code).toBe(0);
    expect(off.stdout + off.stderr).not.toContain('hex-id');
  });

  test('unreadable input exits 2 with file:line:column; a folder validates every file', async () => {
    const dir = tempDir();
    writeJson(dir, 'in/good.json', goodWorkflow());
    fs.writeFileSync(path.join(dir, 'in/bad.json'), '{"name": }');
    const r = await runCli(['validate', 'in'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('in/bad.json:1:10: invalid JSON');
    expect(r.stderr).toContain('2 files');
  });

  test('-q shows errors only', async () => {
    const dir = tempDir();
    writeJson(dir, 'w.json', withOrgQueue());
    const r = await runCli(['validate', 'w.json', '-q'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
  });
});

describe('validate --strict fails on what reading noticed', () => {
  const body = '"name": "x", "trigger": {"eventName": "kustomer.conversation.create"}, "steps": []';
  test.each([
    [
      'a repeated key',
      `{"name": "y", ${body}}`,
      /dup\.json:1:15: key "name" appears twice in one object; the last one wins \[input\/reading\]/,
    ],
    [
      'a byte-order mark',
      `\uFEFF{${body}}`,
      /dup\.json: starts with a UTF-8 byte-order mark; ignored it \[input\/reading\]/,
    ],
    [
      'a prototype key',
      `{"__proto__": {"admin": true}, ${body}}`,
      /dup\.json: dropped key "__proto__" at \/__proto__ \(not allowed in inputs\) \[input\/reading\]/,
    ],
  ])(
    '%s: a warning finding (exit 1) in every format; without --strict a note (exit 0)',
    async (_what, text, line) => {
      const dir = tempDir();
      fs.writeFileSync(path.join(dir, 'dup.json'), text);
      const strict = await runCli(['validate', 'dup.json', '--strict'], { cwd: dir });
      expect(strict.code).toBe(1);
      expect(strict.stdout + strict.stderr).toMatch(line);
      const json = await runCli(['validate', 'dup.json', '--strict', '--report', 'json'], {
        cwd: dir,
      });
      const report = JSON.parse(json.stdout) as {
        exitCode: number;
        inputs: { problems: { code: string; severity: string }[] }[];
      };
      expect(report.exitCode).toBe(1);
      expect(report.inputs[0]?.problems).toContainEqual(
        expect.objectContaining({ code: 'input/reading', severity: 'warning' }),
      );
      const lenient = await runCli(['validate', 'dup.json'], { cwd: dir });
      expect(lenient.code).toBe(0);
    },
  );
});
