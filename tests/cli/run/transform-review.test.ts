// The review flags of `kwt transform` (src/cli/run/transform.ts): validation before writing, --check, --diff,
// --dry-run, --no-validate, and the exit code of each combination.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runCli, tempDir, SAMPLES } from '../../helpers/cli';
import { writeJson } from '../../helpers/documents';

const config = path.join(SAMPLES, 'kwt.config.json');
const exportsDir = path.join(SAMPLES, 'exports');
const expected = fs.readFileSync(path.join(SAMPLES, 'expected-block.json'), 'utf8');

describe('kwt transform: validation before writing', () => {
  test('an invalid result is reported and nothing is written (exit 1); --no-validate writes it (exit 0)', async () => {
    const dir = tempDir();
    const args = [
      'transform',
      path.join(exportsDir, 'order-posted.json'),
      '-c',
      config,
      '-t',
      'strip-metadata',
      '-o',
      'out.json',
    ];
    const r = await runCli(args, { cwd: dir });
    expect(r.code).toBe(1);
    // out.json is never written: the finding points at the export that caused it, where the user fixes it.
    expect(r.stderr).toMatch(
      /order-posted\.json:\d+:\d+ #\/trigger\/eventName: org inbound-hook event left in the workflow/,
    );
    expect(r.stderr).not.toContain('out.json#');
    expect(r.stderr).toContain('nothing was written');
    expect(fs.existsSync(path.join(dir, 'out.json'))).toBe(false);
    const forced = await runCli([...args, '--no-validate'], { cwd: dir });
    expect(forced.code).toBe(0);
    expect(fs.existsSync(path.join(dir, 'out.json'))).toBe(true);
  });

  test('--out-dir files may call workflows written beside them', async () => {
    const dir = tempDir();
    const r = await runCli(['transform', exportsDir, '-c', config, '--out-dir', 'blocks'], {
      cwd: dir,
    });
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
    const r = await runCli(['transform', exportsDir, '-c', config, '-o', 'block.json', '--check'], {
      cwd: dir,
    });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('kwt: up to date');
    expect(fs.statSync(path.join(dir, 'block.json')).mtimeMs).toBe(before);
  });

  test('--check: 1 when it differs or is missing, listing what differs; the file is untouched', async () => {
    const dir = setup();
    const stale = expected.replace('"acme_orders-order-posted"', '"acme_orders-order-posted-old"');
    fs.writeFileSync(path.join(dir, 'block.json'), stale);
    const r = await runCli(['transform', exportsDir, '-c', config, '-o', 'block.json', '--check'], {
      cwd: dir,
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('differs: block.json');
    expect(fs.readFileSync(path.join(dir, 'block.json'), 'utf8')).toBe(stale);
    const missing = await runCli(
      ['transform', exportsDir, '-c', config, '-o', 'nope.json', '--check'],
      { cwd: dir },
    );
    expect(missing.code).toBe(1);
    expect(fs.existsSync(path.join(dir, 'nope.json'))).toBe(false);
  });

  test('--check: 1 when the result does not validate, 2 on input errors and without a target', async () => {
    const dir = setup();
    const invalid = await runCli(
      [
        'transform',
        exportsDir,
        '-c',
        config,
        '-t',
        'strip-metadata',
        '-o',
        'block.json',
        '--check',
      ],
      { cwd: dir },
    );
    expect(invalid.code).toBe(1);
    fs.writeFileSync(path.join(dir, 'broken.json'), '[');
    const broken = await runCli(
      ['transform', 'broken.json', '-c', config, '-o', 'block.json', '--check'],
      { cwd: dir },
    );
    expect(broken.code).toBe(2);
    const noTarget = await runCli(['transform', exportsDir, '-c', config, '--check'], { cwd: dir });
    expect(noTarget.code).toBe(2);
    expect(noTarget.stderr).toContain('--check compares with a target');
  });

  test('--check --into: the release-prep gate over an app definition', async () => {
    const dir = tempDir();
    writeJson(dir, 'app.json', {
      app: 'acme_orders',
      version: '1.1.0',
      title: 'Acme Orders',
      workflows: [],
    });
    expect(
      (
        await runCli(['transform', exportsDir, '-c', config, '--into', 'app.json', '--check'], {
          cwd: dir,
        })
      ).code,
    ).toBe(1);
    expect(
      (await runCli(['transform', exportsDir, '-c', config, '--into', 'app.json'], { cwd: dir }))
        .code,
    ).toBe(0);
    expect(
      (
        await runCli(['transform', exportsDir, '-c', config, '--into', 'app.json', '--check'], {
          cwd: dir,
        })
      ).code,
    ).toBe(0);
  });

  test('--diff --dry-run prints a unified diff and writes nothing', async () => {
    const dir = setup();
    const stale = expected.replace('"acme_orders-order-posted"', '"acme_orders-order-posted-old"');
    fs.writeFileSync(path.join(dir, 'block.json'), stale);
    const r = await runCli(
      ['transform', exportsDir, '-c', config, '-o', 'block.json', '--diff', '--dry-run'],
      { cwd: dir },
    );
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
    const tty = await runCli(
      ['transform', exportsDir, '-c', config, '-o', 'block.json', '--diff', '--dry-run'],
      { cwd: dir, tty: true },
    );
    expect(tty.stdout).toContain('\x1b[32m+');
    const noColor = await runCli(
      ['transform', exportsDir, '-c', config, '-o', 'block.json', '--diff', '--dry-run'],
      {
        cwd: dir,
        tty: true,
        env: { NO_COLOR: '1' },
      },
    );
    expect(noColor.stdout).not.toContain('\x1b[');
    const written = await runCli(
      ['transform', exportsDir, '-c', config, '-o', 'block.json', '--diff'],
      { cwd: dir },
    );
    expect(written.code).toBe(0);
    expect(written.stdout).toContain('+++ b/block.json');
    expect(fs.readFileSync(path.join(dir, 'block.json'), 'utf8')).toBe(expected);
  });

  test('--dry-run without a target prints nothing on stdout and says what it would do', async () => {
    const r = await runCli(['transform', exportsDir, '-c', config, '--dry-run'], {
      cwd: tempDir(),
    });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('dry run; would write the block to stdout');
  });
});

describe('exit codes across flag combinations', () => {
  // state: what the target holds before the run; inputs: good samples, or samples plus one broken file.
  type Case = [
    flags: string[],
    state: 'current' | 'stale' | 'missing',
    inputs: 'good' | 'broken' | 'invalid',
    code: number,
    written: boolean,
  ];
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
  test.each(cases)(
    '%j with a %s target and %s inputs: exit %i (written: %s)',
    async (flags, state, inputs, code, written) => {
      const dir = tempDir();
      fs.cpSync(exportsDir, path.join(dir, 'in'), { recursive: true });
      if (inputs === 'broken')
        fs.writeFileSync(path.join(dir, 'in', 'zz-broken.json'), '{"name": ');
      const extra = inputs === 'invalid' ? ['-t', 'strip-metadata'] : [];
      const stale = '{"workflows": []}\n';
      if (state === 'current')
        fs.writeFileSync(path.join(dir, 'block.json'), inputs === 'good' ? expected : stale);
      if (state === 'stale') fs.writeFileSync(path.join(dir, 'block.json'), stale);
      const r = await runCli(
        ['transform', 'in', '-c', config, '-o', 'block.json', ...extra, ...flags],
        { cwd: dir },
      );
      expect({ code: r.code, stderr: r.code === code ? '' : r.stderr }).toEqual({
        code,
        stderr: '',
      });
      const now = fs.existsSync(path.join(dir, 'block.json'))
        ? fs.readFileSync(path.join(dir, 'block.json'), 'utf8')
        : undefined;
      const before =
        state === 'missing'
          ? undefined
          : state === 'current' && inputs === 'good'
            ? expected
            : stale;
      expect(now !== before).toBe(written);
    },
  );
});
