// `kwt validate` and the review flags of `kwt transform` (--check, --diff, --dry-run, --no-validate): exit codes and channels.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runCli, tempDir, SAMPLES } from './helpers/cli';

const config = path.join(SAMPLES, 'kwt.config.json');
const exportsDir = path.join(SAMPLES, 'exports');
const expected = fs.readFileSync(path.join(SAMPLES, 'expected-block.json'), 'utf8');
const HEX = '5f0c0a1b2c3d4e5f60718293';

function writeJson(dir: string, name: string, value: unknown): string {
  const file = path.join(dir, name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(value, null, 2) + '\n');
  return file;
}

const goodWorkflow = () => ({
  name: 'acme-tag',
  trigger: { id: '1', eventName: 'kustomer.conversation.create', transitions: [{ target: 'a1' }] },
  steps: [{ id: 'a1', action: 'kustomer.conversation.update', params: { id: '/#steps.1.id' }, transitions: [] }],
});

/** A valid workflow whose only finding is a hex-id warning (an org queue id in params). */
const withOrgQueue = () => {
  const wf = goodWorkflow();
  (wf.steps[0]!.params as Record<string, string>)['queue'] = HEX;
  return wf;
};

describe('kwt validate', () => {
  test('a valid block exits 0 with totals on stderr', async () => {
    const r = await runCli(['validate', path.join(SAMPLES, 'expected-block.json')], { cwd: tempDir() });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('kwt validate: 1 file, 0 errors, 0 warnings\n');
  });

  test('errors exit 1, each with file, pointer, message and code', async () => {
    const dir = tempDir();
    writeJson(dir, 'app.json', { app: 'acme', version: '1.0', title: 'Acme', workflows: [{ ...goodWorkflow(), rev: 4 }] });
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

describe('kwt transform: validation before writing', () => {
  test('an invalid result is reported and nothing is written (exit 1); --no-validate writes it (exit 0)', async () => {
    const dir = tempDir();
    const args = ['transform', path.join(exportsDir, 'order-posted.json'), '-c', config, '-t', 'strip-metadata', '-o', 'out.json'];
    const r = await runCli(args, { cwd: dir });
    expect(r.code).toBe(1);
    // out.json is never written: the finding points at the export that caused it, where the user fixes it.
    expect(r.stderr).toMatch(/order-posted\.json:\d+:\d+ #\/trigger\/eventName: org inbound-hook event left in the workflow/);
    expect(r.stderr).not.toContain('out.json#');
    expect(r.stderr).toContain('nothing was written');
    expect(fs.existsSync(path.join(dir, 'out.json'))).toBe(false);
    const forced = await runCli([...args, '--no-validate'], { cwd: dir });
    expect(forced.code).toBe(0);
    expect(fs.existsSync(path.join(dir, 'out.json'))).toBe(true);
  });

  test('--out-dir files may call workflows written beside them', async () => {
    const dir = tempDir();
    const r = await runCli(['transform', exportsDir, '-c', config, '--out-dir', 'blocks'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stderr).not.toContain('workflow-call');
  });
});

describe('kwt transform: --check, --diff, --dry-run', () => {
  function setup(): string {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'block.json'), expected);
    return dir;
  }

  test('--check: 0 when the target is up to date, writes nothing', async () => {
    const dir = setup();
    const before = fs.statSync(path.join(dir, 'block.json')).mtimeMs;
    const r = await runCli(['transform', exportsDir, '-c', config, '-o', 'block.json', '--check'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('kwt: up to date');
    expect(fs.statSync(path.join(dir, 'block.json')).mtimeMs).toBe(before);
  });

  test('--check: 1 when it differs or is missing, listing what differs; the file is untouched', async () => {
    const dir = setup();
    const stale = expected.replace('"acme_orders-order-posted"', '"acme_orders-order-posted-old"');
    fs.writeFileSync(path.join(dir, 'block.json'), stale);
    const r = await runCli(['transform', exportsDir, '-c', config, '-o', 'block.json', '--check'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('differs: block.json');
    expect(fs.readFileSync(path.join(dir, 'block.json'), 'utf8')).toBe(stale);
    const missing = await runCli(['transform', exportsDir, '-c', config, '-o', 'nope.json', '--check'], { cwd: dir });
    expect(missing.code).toBe(1);
    expect(fs.existsSync(path.join(dir, 'nope.json'))).toBe(false);
  });

  test('--check: 1 when the result does not validate, 2 on input errors and without a target', async () => {
    const dir = setup();
    const invalid = await runCli(['transform', exportsDir, '-c', config, '-t', 'strip-metadata', '-o', 'block.json', '--check'], { cwd: dir });
    expect(invalid.code).toBe(1);
    fs.writeFileSync(path.join(dir, 'broken.json'), '[');
    const broken = await runCli(['transform', 'broken.json', '-c', config, '-o', 'block.json', '--check'], { cwd: dir });
    expect(broken.code).toBe(2);
    const noTarget = await runCli(['transform', exportsDir, '-c', config, '--check'], { cwd: dir });
    expect(noTarget.code).toBe(2);
    expect(noTarget.stderr).toContain('--check compares with a target');
  });

  test('--check --into: the release-prep gate over an app definition', async () => {
    const dir = tempDir();
    writeJson(dir, 'app.json', { app: 'acme_orders', version: '1.1.0', title: 'Acme Orders', workflows: [] });
    expect((await runCli(['transform', exportsDir, '-c', config, '--into', 'app.json', '--check'], { cwd: dir })).code).toBe(1);
    expect((await runCli(['transform', exportsDir, '-c', config, '--into', 'app.json'], { cwd: dir })).code).toBe(0);
    expect((await runCli(['transform', exportsDir, '-c', config, '--into', 'app.json', '--check'], { cwd: dir })).code).toBe(0);
  });

  test('--diff --dry-run prints a unified diff and writes nothing', async () => {
    const dir = setup();
    const stale = expected.replace('"acme_orders-order-posted"', '"acme_orders-order-posted-old"');
    fs.writeFileSync(path.join(dir, 'block.json'), stale);
    const r = await runCli(['transform', exportsDir, '-c', config, '-o', 'block.json', '--diff', '--dry-run'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('--- a/block.json');
    expect(r.stdout).toContain('+++ b/block.json');
    expect(r.stdout).toContain('-      "name": "acme_orders-order-posted-old",');
    expect(r.stdout).toContain('+      "name": "acme_orders-order-posted",');
    expect(r.stdout).not.toContain('\x1b[');
    expect(r.stderr).toContain('dry run; would write block.json');
    expect(fs.readFileSync(path.join(dir, 'block.json'), 'utf8')).toBe(stale);
  });

  test('--diff without --dry-run writes too; colour only on a terminal without NO_COLOR', async () => {
    const dir = setup();
    fs.writeFileSync(path.join(dir, 'block.json'), '{}\n');
    const tty = await runCli(['transform', exportsDir, '-c', config, '-o', 'block.json', '--diff', '--dry-run'], { cwd: dir, tty: true });
    expect(tty.stdout).toContain('\x1b[32m+');
    const noColor = await runCli(['transform', exportsDir, '-c', config, '-o', 'block.json', '--diff', '--dry-run'], {
      cwd: dir,
      tty: true,
      env: { NO_COLOR: '1' },
    });
    expect(noColor.stdout).not.toContain('\x1b[');
    const written = await runCli(['transform', exportsDir, '-c', config, '-o', 'block.json', '--diff'], { cwd: dir });
    expect(written.code).toBe(0);
    expect(written.stdout).toContain('+++ b/block.json');
    expect(fs.readFileSync(path.join(dir, 'block.json'), 'utf8')).toBe(expected);
  });

  test('--dry-run without a target prints nothing on stdout and says what it would do', async () => {
    const r = await runCli(['transform', exportsDir, '-c', config, '--dry-run'], { cwd: tempDir() });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('dry run; would write the block to stdout');
  });
});

describe('secrets never leave the tool', () => {
  const SECRET = 'sk_live_Zq9Xw8Vu7Ts6Rq5P';

  function secretSetup(): string {
    const dir = tempDir();
    const wf = {
      name: 'Charge',
      trigger: { id: '1', eventName: 'kustomer.conversation.create', transitions: [{ target: 'a1' }] },
      steps: [{ id: 'a1', action: 'kustomer.rest-api.json', params: { uri: 'https://pay.example/charge', headers: { 'X-Api-Key': SECRET } }, transitions: [] }],
    };
    writeJson(dir, 'in/charge.json', wf);
    writeJson(dir, 'kwt.config.json', {
      app: 'acme',
      version: '1.0.0',
      options: { 'app-settings': { values: [{ match: SECRET, setting: 'default.payKey', type: 'secret' }] } },
    });
    return dir;
  }

  test('not in the block, the summary or the diff', async () => {
    const dir = secretSetup();
    // An old hand-made block still holds the key: the diff must show it masked.
    writeJson(dir, 'block.json', { workflows: [{ name: 'acme-charge', headers: { 'X-Api-Key': SECRET } }] });
    const r = await runCli(['transform', 'in', '-o', 'block.json', '--diff'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('***');
    for (const channel of [r.stdout, r.stderr, fs.readFileSync(path.join(dir, 'block.json'), 'utf8')]) expect(channel).not.toContain(SECRET);
    const block = JSON.parse(fs.readFileSync(path.join(dir, 'block.json'), 'utf8'));
    expect(block.settings.default.payKey).toMatchObject({ type: 'secret', defaultValue: '', required: true });
  });

  test('not in validation errors about the target', async () => {
    const dir = secretSetup();
    const handWritten = {
      name: 'hand',
      trigger: { id: '1', eventName: 'kustomer.conversation.create', transitions: [{ target: 'a1', condition: { op: SECRET, values: [] } }] },
      steps: [{ id: 'a1' }],
    };
    writeJson(dir, 'app.json', { app: 'acme', version: '1.0.0', title: 'Acme', workflows: [handWritten] });
    const r = await runCli(['transform', 'in', '--into', 'app.json'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('[condition-op]');
    expect(r.stderr).toContain('[secret-literal]');
    expect(r.stderr).not.toContain(SECRET);
  });

  test('a credential-shaped literal nobody declared is masked in messages too', async () => {
    const dir = tempDir();
    writeJson(dir, 'w.json', { ...goodWorkflow(), name: `Bearer ${SECRET}` });
    const r = await runCli(['validate', 'w.json'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('[name-format]');
    expect(r.stdout + r.stderr).not.toContain(SECRET);
  });
});

describe('exit codes across flag combinations', () => {
  // state: what the target holds before the run; inputs: good samples, or samples plus one broken file.
  type Case = [flags: string[], state: 'current' | 'stale' | 'missing', inputs: 'good' | 'broken' | 'invalid', code: number, written: boolean];
  const cases: Case[] = [
    [[], 'stale', 'good', 0, true],
    [['--dry-run'], 'stale', 'good', 0, false],
    [['--diff'], 'stale', 'good', 0, true],
    [['--diff', '--dry-run'], 'stale', 'good', 0, false],
    [['--check'], 'current', 'good', 0, false],
    [['--check'], 'stale', 'good', 1, false],
    [['--check'], 'missing', 'good', 1, false],
    [['--check', '--diff'], 'stale', 'good', 1, false],
    [['--check', '--dry-run'], 'current', 'good', 0, false],
    [[], 'stale', 'invalid', 1, false],
    [['--dry-run'], 'stale', 'invalid', 1, false],
    [['--check'], 'current', 'invalid', 1, false],
    [['--no-validate'], 'stale', 'invalid', 0, true],
    [['--no-validate', '--check'], 'stale', 'invalid', 1, false],
    [[], 'stale', 'broken', 2, false],
    [['--check'], 'current', 'broken', 2, false],
    [['--keep-going'], 'stale', 'broken', 2, true],
    [['--keep-going', '--dry-run'], 'stale', 'broken', 2, false],
    [['--report', 'json'], 'stale', 'good', 0, true],
    [['--report', 'json', '--check'], 'stale', 'good', 1, false],
  ];
  test.each(cases)('%j with a %s target and %s inputs: exit %i (written: %s)', async (flags, state, inputs, code, written) => {
    const dir = tempDir();
    fs.cpSync(exportsDir, path.join(dir, 'in'), { recursive: true });
    if (inputs === 'broken') fs.writeFileSync(path.join(dir, 'in', 'zz-broken.json'), '{"name": ');
    const extra = inputs === 'invalid' ? ['-t', 'strip-metadata'] : [];
    const stale = '{"workflows": []}\n';
    if (state === 'current') fs.writeFileSync(path.join(dir, 'block.json'), inputs === 'good' ? expected : stale);
    if (state === 'stale') fs.writeFileSync(path.join(dir, 'block.json'), stale);
    const r = await runCli(['transform', 'in', '-c', config, '-o', 'block.json', ...extra, ...flags], { cwd: dir });
    expect({ code: r.code, stderr: r.code === code ? '' : r.stderr }).toEqual({ code, stderr: '' });
    const now = fs.existsSync(path.join(dir, 'block.json')) ? fs.readFileSync(path.join(dir, 'block.json'), 'utf8') : undefined;
    const before = state === 'missing' ? undefined : state === 'current' && inputs === 'good' ? expected : stale;
    expect(now !== before).toBe(written);
  });
});

describe('validate --strict fails on what reading noticed', () => {
  const body = '"name": "x", "trigger": {"eventName": "kustomer.conversation.create"}, "steps": []';
  test.each([
    ['a repeated key', `{"name": "y", ${body}}`, /dup\.json:1:15: key "name" appears twice in one object; the last one wins \[input\/reading\]/],
    ['a byte-order mark', `\uFEFF{${body}}`, /dup\.json: starts with a UTF-8 byte-order mark; ignored it \[input\/reading\]/],
    [
      'a prototype key',
      `{"__proto__": {"admin": true}, ${body}}`,
      /dup\.json: dropped key "__proto__" at \/__proto__ \(not allowed in inputs\) \[input\/reading\]/,
    ],
  ])('%s: a warning finding (exit 1) in every format; without --strict a note (exit 0)', async (_what, text, line) => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'dup.json'), text);
    const strict = await runCli(['validate', 'dup.json', '--strict'], { cwd: dir });
    expect(strict.code).toBe(1);
    expect(strict.stdout + strict.stderr).toMatch(line);
    const json = await runCli(['validate', 'dup.json', '--strict', '--report', 'json'], { cwd: dir });
    const report = JSON.parse(json.stdout) as { exitCode: number; inputs: { problems: { code: string; severity: string }[] }[] };
    expect(report.exitCode).toBe(1);
    expect(report.inputs[0]?.problems).toContainEqual(expect.objectContaining({ code: 'input/reading', severity: 'warning' }));
    const lenient = await runCli(['validate', 'dup.json'], { cwd: dir });
    expect(lenient.code).toBe(0);
  });
});
