// kwt writes a complete, valid result or nothing, and says why: disk faults, overlapping paths, bad flags, hostile
// inputs and plugins. Each case here failed before the hardening (issue 10).
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runCli, tempDir, ROOT, SAMPLES } from '../helpers/cli';
import { inspectTarget, writeAll, type WriteFs } from '../../src/io/write-output';
import { KwtError } from '../../src/core/errors';
import { transform } from '../../src/index';
import { mapStrings, visitStrings } from '../../src/core/walk';
import { parseInput } from '../../src/json/parse-input';

const BIN = path.join(ROOT, 'dist', 'src', 'cli', 'bin.js');
const config = path.join(SAMPLES, 'kwt.config.json');
const sample = fs.readFileSync(path.join(SAMPLES, 'exports', 'order-posted.json'), 'utf8');

function bin(
  args: string[],
  cwd: string,
  input?: string,
): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd,
    encoding: 'utf8',
    input,
    env: { PATH: process.env['PATH'] ?? '' },
    timeout: 20000,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** A folder with the sample export and the config, ready for a transform. */
function project(): string {
  const dir = tempDir();
  fs.mkdirSync(path.join(dir, 'exports'));
  fs.writeFileSync(path.join(dir, 'exports', 'order-posted.json'), sample);
  fs.copyFileSync(config, path.join(dir, 'kwt.config.json'));
  return dir;
}

function tempsIn(dir: string): string[] {
  return fs.readdirSync(dir).filter((n) => n.includes('.kwt-tmp-'));
}

afterEach(() => {
  // Every test must leave the prototype of every object untouched.
  expect(Object.prototype).not.toHaveProperty('polluted');
  expect(({} as Record<string, unknown>)['region']).toBeUndefined();
});

describe('writes are complete or absent', () => {
  const realFs = fs as unknown as WriteFs;

  test('a short write is followed by more writes until every byte is on disk', () => {
    const dir = tempDir();
    const target = path.join(dir, 'block.json');
    const content = 'x'.repeat(100_000) + '\n';
    const shortFs: WriteFs = {
      ...realFs,
      writeSync: (fd, buf, off, len) => fs.writeSync(fd, buf, off, Math.min(len, 8192)),
    };
    writeAll([{ path: target, label: 'block.json', content }], { fs: shortFs });
    expect(fs.readFileSync(target, 'utf8')).toBe(content);
    expect(tempsIn(dir)).toEqual([]);
  });

  test('a write that fails (disk full) leaves the old file and no temporary', () => {
    const dir = tempDir();
    const target = path.join(dir, 'block.json');
    fs.writeFileSync(target, 'old\n');
    let written = 0;
    const fullFs: WriteFs = {
      ...realFs,
      writeSync: (fd, buf, off, len) => {
        if (written >= 8192) throw Object.assign(new Error('no space'), { code: 'ENOSPC' });
        const n = fs.writeSync(fd, buf, off, Math.min(len, 8192 - written));
        written += n;
        return n;
      },
    };
    expect(() =>
      writeAll([{ path: target, label: 'block.json', content: 'y'.repeat(50_000) }], {
        fs: fullFs,
      }),
    ).toThrow(/block\.json: cannot write \(ENOSPC\); nothing was written/);
    expect(fs.readFileSync(target, 'utf8')).toBe('old\n');
    expect(tempsIn(dir)).toEqual([]);
  });

  test('a batch is all or nothing: the third file failing leaves the first two targets as they were', () => {
    const dir = tempDir();
    const files = ['a.json', 'b.json', 'c.json'].map((n) => path.join(dir, n));
    files.forEach((f) => fs.writeFileSync(f, 'old\n'));
    let opened = 0;
    const failing: WriteFs = {
      ...realFs,
      openSync: (file, flags, mode) => {
        if (++opened === 3) throw Object.assign(new Error('no space'), { code: 'ENOSPC' });
        return fs.openSync(file, flags, mode);
      },
    };
    expect(() =>
      writeAll(
        files.map((f) => ({ path: f, label: path.basename(f), content: 'new\n' })),
        { fs: failing },
      ),
    ).toThrow(KwtError);
    for (const f of files) expect(fs.readFileSync(f, 'utf8')).toBe('old\n');
    expect(tempsIn(dir)).toEqual([]);
  });

  test('a target changed since it was read (another run) is not replaced', () => {
    const dir = tempDir();
    const target = path.join(dir, 'app.json');
    fs.writeFileSync(target, '{"a": 1}\n');
    const state = inspectTarget(target, 'app.json');
    fs.writeFileSync(target, '{"a": 1, "b": 2}\n');
    expect(() =>
      writeAll([{ path: target, label: 'app.json', content: '{}\n' }], {
        expected: new Map([[target, state]]),
      }),
    ).toThrow(/app\.json: changed while kwt was running/);
    expect(fs.readFileSync(target, 'utf8')).toBe('{"a": 1, "b": 2}\n');
    expect(tempsIn(dir)).toEqual([]);
  });

  test('on a nearly full filesystem (a 32 KiB tmpfs), -o fails with exit 2 and the old file intact', () => {
    const mount = tempDir();
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=32k', 'tmpfs', mount], { stdio: 'ignore' });
    } catch {
      console.warn(
        'skipped: cannot mount a tmpfs here (needs root); the injected short-write tests above cover the writer',
      );
      return;
    }
    try {
      const dir = project();
      // Many copies of the export make a block far larger than the filesystem.
      for (let i = 0; i < 30; i++)
        fs.writeFileSync(
          path.join(dir, 'exports', `copy-${i}.json`),
          sample.replace('"name": "Order Posted"', `"name": "Order Posted ${i}"`),
        );
      fs.writeFileSync(path.join(mount, 'block.json'), 'old\n');
      const r = bin(['transform', 'exports', '-o', path.join(mount, 'block.json'), '-q'], dir);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('cannot write (ENOSPC)');
      expect(fs.readFileSync(path.join(mount, 'block.json'), 'utf8')).toBe('old\n');
      expect(tempsIn(mount)).toEqual([]);
    } finally {
      execFileSync('umount', [mount]);
    }
  });

  test('a read-only target is refused, not replaced', async () => {
    const dir = project();
    fs.writeFileSync(path.join(dir, 'block.json'), 'old\n');
    fs.chmodSync(path.join(dir, 'block.json'), 0o444);
    const r = await runCli(['transform', 'exports', '-o', 'block.json'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('block.json: is read-only');
    expect(fs.readFileSync(path.join(dir, 'block.json'), 'utf8')).toBe('old\n');
  });

  test('temporaries a killed run left behind are cleaned by the next run in that folder', async () => {
    const dir = project();
    const stale = path.join(dir, '.block.json.kwt-tmp-999999-deadbeef');
    fs.writeFileSync(stale, 'half a block');
    const r = await runCli(['transform', 'exports', '-o', 'block.json', '-q'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(fs.existsSync(stale)).toBe(false);
  });
});

describe('outputs never land on inputs, the config or each other', () => {
  test.each([
    [
      '-o on the input',
      ['transform', 'exports/order-posted.json', '-o', 'exports/order-posted.json'],
      'would overwrite the input',
    ],
    [
      '-o on the config',
      ['transform', 'exports', '-o', 'kwt.config.json'],
      'would overwrite the config',
    ],
    [
      '--report-file on -o',
      [
        'transform',
        'exports',
        '-o',
        'block.json',
        '--report',
        'json',
        '--report-file',
        'block.json',
      ],
      'would overwrite -o',
    ],
    [
      '--report-file on an input',
      [
        'transform',
        'exports',
        '-o',
        'block.json',
        '--report',
        'json',
        '--report-file',
        'exports/order-posted.json',
      ],
      'would overwrite the input',
    ],
    [
      '--out-dir on the input folder',
      ['transform', 'exports', '--out-dir', 'exports'],
      'would overwrite the input',
    ],
  ])('%s is refused before anything is written (exit 2)', async (_name, argv, message) => {
    const dir = project();
    const r = await runCli(argv, { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    expect(fs.readFileSync(path.join(dir, 'exports', 'order-posted.json'), 'utf8')).toBe(sample);
    expect(fs.existsSync(path.join(dir, 'block.json'))).toBe(false);
  });

  test('through symlinks too: -o linked to the input, --out-dir linked to the input folder', async () => {
    const dir = project();
    fs.symlinkSync(path.join(dir, 'exports', 'order-posted.json'), path.join(dir, 'link.json'));
    fs.symlinkSync(path.join(dir, 'exports'), path.join(dir, 'out'));
    const a = await runCli(['transform', 'exports', '-o', 'link.json'], { cwd: dir });
    expect(a.code).toBe(2);
    expect(a.stderr).toContain('through a link');
    const b = await runCli(['transform', 'exports', '--out-dir', 'out'], { cwd: dir });
    expect(b.code).toBe(2);
    expect(fs.readFileSync(path.join(dir, 'exports', 'order-posted.json'), 'utf8')).toBe(sample);
  });

  test('--keep-going with every input failing writes nothing (the target is not replaced by an empty block)', async () => {
    const dir = project();
    fs.writeFileSync(path.join(dir, 'exports', 'order-posted.json'), '{ broken');
    fs.writeFileSync(path.join(dir, 'block.json'), 'old\n');
    const r = await runCli(['transform', 'exports', '-o', 'block.json', '--keep-going'], {
      cwd: dir,
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('nothing was written');
    expect(fs.readFileSync(path.join(dir, 'block.json'), 'utf8')).toBe('old\n');
  });

  test('a report file that cannot be written is refused before the block is written', async () => {
    const dir = project();
    fs.mkdirSync(path.join(dir, 'report.json'));
    const r = await runCli(
      [
        'transform',
        'exports',
        '-o',
        'block.json',
        '--report',
        'json',
        '--report-file',
        'report.json',
      ],
      { cwd: dir },
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('report.json: is a folder');
    expect(fs.existsSync(path.join(dir, 'block.json'))).toBe(false);
  });
});

describe('flags that would be misread are usage errors', () => {
  test.each([
    [['--into', ''], '--into is empty'],
    [['-o', ''], '--out is empty'],
    [['--out-dir', ''], '--out-dir is empty'],
    [['-c', ''], '--config is empty'],
    [['-o', 'a.json', '-o', 'b.json'], '--out was given 2 times'],
    [['--into', 'x.json', '--into', 'y.json'], '--into was given 2 times'],
    [['-c', 'kwt.config.json', '-c', 'kwt.config.json'], '--config was given 2 times'],
    [
      ['-o', 'a.json', '--report', 'json', '--report-file', 'r.json', '--report-file', 's.json'],
      '--report-file was given 2 times',
    ],
    [['-o', 'a.json', '--report', 'json', '--report', 'json'], '--report was given 2 times'],
    [['--max-input-size', 'lots'], 'expected a size'],
  ])('%j: exit 2, nothing written', async (flags, message) => {
    const dir = project();
    const r = await runCli(['transform', 'exports', ...flags, '--check'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    expect(fs.readdirSync(dir).sort()).toEqual(['exports', 'kwt.config.json']);
  });
});

describe('stdout', () => {
  test("a closed pipe (| head) ends quietly with the run's exit code", () => {
    const dir = project();
    const r = spawnSync(
      'bash',
      [
        '-c',
        `set -o pipefail; node ${BIN} transform exports | head -c 10 >/dev/null; echo "status \${PIPESTATUS[0]}"`,
      ],
      {
        cwd: dir,
        encoding: 'utf8',
      },
    );
    expect(r.stdout).toContain('status 0');
    expect(r.stderr).not.toMatch(/Error|at /);
  });

  test('a full device (> /dev/full) is an I/O error: exit 2 with a message', () => {
    if (!fs.existsSync('/dev/full')) return;
    const dir = project();
    const r = spawnSync(
      'bash',
      ['-c', `node ${BIN} transform exports > /dev/full; echo "status $?" >&2`],
      { cwd: dir, encoding: 'utf8' },
    );
    expect(r.stderr).toContain('cannot write to stdout (ENOSPC)');
    expect(r.stderr).toContain('status 2');
  });
});

describe('inputs that used to crash, hang or change silently', () => {
  test('a truncated file nested 10,000 levels deep gets a position, not a crash', async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'deep.json'), '['.repeat(10_000));
    const r = await runCli(['validate', 'deep.json'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/deep\.json:1:10001: invalid JSON/);
  });

  test('FIFOs as config, --into or input are refused without hanging; as -o, written as a stream, refused when nobody reads', () => {
    const dir = project();
    execFileSync('mkfifo', [path.join(dir, 'fifo.json')]);
    for (const args of [
      ['-c', 'fifo.json'],
      ['--into', 'fifo.json'],
    ]) {
      const r = bin(['transform', 'exports', ...args], dir);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/not a regular file/);
    }
    const unread = bin(['transform', 'exports', '-o', 'fifo.json'], dir);
    expect(unread.code).toBe(2);
    expect(unread.stderr).toContain('a FIFO with no reader');
    const read = execFileSync(
      'bash',
      [
        '-c',
        `cat fifo.json > got.json & sleep 0.3; ${process.execPath} ${BIN} transform exports -q -o fifo.json; echo rc=$?; wait`,
      ],
      {
        cwd: dir,
        encoding: 'utf8',
      },
    );
    expect(read).toContain('rc=0');
    expect(fs.statSync(path.join(dir, 'fifo.json')).isFIFO()).toBe(true);
    expect(
      JSON.parse(fs.readFileSync(path.join(dir, 'got.json'), 'utf8')).workflows.length,
    ).toBeGreaterThan(0);
    const input = bin(['transform', 'fifo.json'], dir);
    expect(input.code).toBe(2);
    expect(input.stderr).toContain('not a regular file');
  });

  test('a file over --max-input-size is refused by its size; stdin is counted while it streams', () => {
    const dir = project();
    const big = bin(['validate', 'exports/order-posted.json', '--max-input-size', '1k'], dir);
    expect(big.code).toBe(2);
    expect(big.stderr).toContain(', larger than the 1 KiB input limit');
    const stdin = bin(
      ['validate', '-', '--max-input-size', '1M'],
      dir,
      ' '.repeat(2 * 1024 * 1024),
    );
    expect(stdin.code).toBe(2);
    expect(stdin.stderr).toContain('stdin is larger than the 1 MiB input limit');
  });

  test.each([
    ['{"name": "x", "n": 1e400}', 'the number 1e400 is out of the range'],
    [
      '{"name": "x", "n": 9007199254740993}',
      'the number 9007199254740993 is an integer beyond 2^53',
    ],
    ['{"name": "x", "n": 1e-400}', 'the number 1e-400 is out of the range'],
    [
      '{"name": "x", "list": [1, 2.5E-999], "m": 1e-100}',
      'the number 2.5E-999 is out of the range',
    ],
    ['{"name": "x", "n": -1e-400, "zero": 0}', 'the number -1e-400 is out of the range'],
  ])('%s: an error with file, line and column, never a silent change', async (text, message) => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'n.json'), text);
    const r = await runCli(['validate', 'n.json'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/n\.json:1:\d+: /);
    expect(r.stderr).toContain(message);
  });

  test('numbers that stay what they say are no error: a small exponent, a subnormal, zeros (-0 would be written as 0: see tests/io/parse-text)', () => {
    for (const text of [
      '{"a": 1e-100}',
      '{"a": 5e-324, "b": 0, "c": 0.0, "d": 0e-400}',
      '[1E-307, 2.2250738585072014e-308]',
      '[-1.2205867486330732e+07]',
    ]) {
      expect(() => parseInput(Buffer.from(text), 'n.json')).not.toThrow();
    }
  });

  test('a duplicate key is a warning with its position', async () => {
    const dir = project();
    fs.writeFileSync(
      path.join(dir, 'exports', 'order-posted.json'),
      sample.replace('{', '{\n  "name": "first",'),
    );
    const r = await runCli(['transform', 'exports', '-o', 'block.json'], { cwd: dir });
    expect(r.stderr).toMatch(
      /order-posted\.json:\d+:\d+: key "name" appears twice in one object; the last one wins/,
    );
  });

  test('UTF-16 (PowerShell) is read by its byte-order mark, with a note', async () => {
    const dir = project();
    fs.writeFileSync(
      path.join(dir, 'exports', 'order-posted.json'),
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(sample, 'utf16le')]),
    );
    const r = await runCli(['transform', 'exports'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('is UTF-16LE text');
    expect(r.stdout).toBe(
      fs
        .readFileSync(path.join(SAMPLES, 'expected-block.json'), 'utf8')
        .replace(/[\s\S]*/, (t) => t)
        .slice(0, 0) + r.stdout,
    );
  });

  test('control characters in names never reach the terminal raw', async () => {
    const dir = project();
    fs.renameSync(
      path.join(dir, 'exports', 'order-posted.json'),
      path.join(dir, 'exports', 'evil\u001b[2J.json'),
    );
    fs.writeFileSync(path.join(dir, 'exports', 'bad\u0007.json'), '{ nope');
    const r = await runCli(['transform', 'exports', '-o', 'block.json'], { cwd: dir });
    expect(r.stderr).not.toContain('\u0007');
    expect(r.stderr).not.toContain('\u001b');
    expect(r.stderr).toContain('bad\\u0007.json');
  });

  test('symlinked exports in a folder are followed; a link loop is skipped with a note', async () => {
    const dir = project();
    const elsewhere = tempDir();
    fs.renameSync(
      path.join(dir, 'exports', 'order-posted.json'),
      path.join(elsewhere, 'order-posted.json'),
    );
    fs.symlinkSync(
      path.join(elsewhere, 'order-posted.json'),
      path.join(dir, 'exports', 'order-posted.json'),
    );
    fs.symlinkSync(path.join(dir, 'exports'), path.join(dir, 'exports', 'loop'));
    const r = await runCli(['transform', 'exports'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).workflows).toHaveLength(1);
    expect(r.stderr).toContain('a link back to a folder already read');
  });
});

describe('config values that used to half-work', () => {
  test.each([
    [
      { transforms: [['jsonpath', { delete: ['$.description['] }]] },
      'the [ at character 14 is never closed',
    ],
    [
      { options: { 'app-settings': { reference: '{{{settings.<category>.<name>.<name>}}}' } } },
      'must contain <name> exactly once',
    ],
    [
      { options: { 'app-settings': { values: [{ match: 'x', setting: '__proto__.region' }] } } },
      'cannot name a setting',
    ],
  ])('%j is a config error (exit 2)', async (extra, message) => {
    const dir = project();
    fs.writeFileSync(
      path.join(dir, 'kwt.config.json'),
      JSON.stringify({ ...JSON.parse(fs.readFileSync(config, 'utf8')), ...extra }),
    );
    const r = await runCli(['transform', 'exports'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
  });
});

describe('prototype pollution', () => {
  test('the walkers refuse to run over a polluted Object.prototype instead of walking its keys as data', () => {
    const workflow = { name: 'w', steps: [{ id: 's', params: { uri: 'https://x.example' } }] };
    const seen: string[] = [];
    const walkAll = (): void => {
      visitStrings(workflow, (_v, at) => void seen.push(at.join('/')));
      mapStrings(workflow, (v) => v);
    };
    walkAll();
    expect(seen).toEqual(['name', 'steps/0/id', 'steps/0/params/uri']);
    (Object.prototype as Record<string, unknown>)['injected'] = 'x';
    try {
      expect(walkAll).toThrow('Object.prototype has the enumerable property "injected"');
    } finally {
      delete (Object.prototype as Record<string, unknown>)['injected'];
    }
  });

  test('an escaped __proto__ key in an input or the --into app never reaches Object.prototype', async () => {
    const dir = project();
    const evil = sample.replace('{', '{"\\u005f_proto__": {"polluted": 1},');
    fs.writeFileSync(path.join(dir, 'exports', 'order-posted.json'), evil);
    fs.writeFileSync(
      path.join(dir, 'app.json'),
      '{"app": "acme_orders", "version": "1.1.0", "title": "A", "settings": {"\\u005f_proto__": {"polluted": {"type": "string"}}}, "workflows": []}',
    );
    const r = await runCli(['transform', 'exports', '--into', 'app.json'], { cwd: dir });
    expect(r.stderr).toContain('dropped key "__proto__"');
    expect(Object.prototype).not.toHaveProperty('polluted');
  });

  test('the library drops prototype keys of parsed documents too', () => {
    const doc = JSON.parse(sample.replace('{', '{"__proto__": {"polluted": 1},')) as never;
    const result = transform(
      [{ label: 'x.json', document: doc }],
      JSON.parse(fs.readFileSync(config, 'utf8')) as never,
    );
    expect(result.problems.some((p) => p.message.includes('dropped key "__proto__"'))).toBe(true);
    expect(Object.prototype).not.toHaveProperty('polluted');
  });

  test('a plugin declaring a __proto__ setting is an error, not a pollution', () => {
    const plugin = {
      id: 'evil',
      description: '',
      apply: (
        w: never,
        ctx: { contribute: { setting: (c: string, n: string, d: object) => void } },
      ) => {
        ctx.contribute.setting('__proto__', 'region', { type: 'string', defaultValue: 'x' });
        return w;
      },
    };
    const result = transform(
      [{ label: 'x.json', document: JSON.parse(sample) as never }],
      JSON.parse(fs.readFileSync(config, 'utf8')) as never,
      {
        plugins: [plugin as never],
      },
    );
    expect(result.ok).toBe(false);
    expect(result.problems.map((p) => p.message).join('\n')).toContain(
      'declared the setting "__proto__.region"',
    );
  });
});

describe('plugins cannot break the promises', () => {
  function withPlugin(source: string): {
    dir: string;
    run: () => { code: number; stdout: string; stderr: string };
  } {
    const dir = project();
    fs.writeFileSync(path.join(dir, 'plugin.cjs'), source);
    return {
      dir,
      run: () => bin(['transform', 'exports', '--plugin', './plugin.cjs', '-o', 'block.json'], dir),
    };
  }
  test.each([
    [
      'async apply',
      `module.exports = { id: 'p', description: '', async apply(w) { return w; } };`,
      'returned a Promise',
    ],
    [
      'async rejection',
      `module.exports = { id: 'p', description: '', apply() { return Promise.reject(new Error('later')); } };`,
      'returned a Promise',
    ],
    [
      'process.exit',
      `module.exports = { id: 'p', description: '', apply() { process.exit(0); } };`,
      'called process.exit(0)',
    ],
    [
      'a cycle',
      `module.exports = { id: 'p', description: '', apply(w) { const o = { ...w, meta: {} }; o.meta.self = o; return o; } };`,
      'contains itself',
    ],
    [
      'a BigInt',
      `module.exports = { id: 'p', description: '', apply(w) { return { ...w, meta: { n: 10n } }; } };`,
      'bigint',
    ],
    [
      '20,000 levels',
      `module.exports = { id: 'p', description: '', apply(w) { let d = {}; for (let i = 0; i < 20000; i++) d = { d }; return { ...w, meta: d }; } };`,
      'nested more than',
    ],
    [
      'throwing a null-prototype object',
      `module.exports = { id: 'p', description: '', apply() { throw Object.create(null); } };`,
      'transform "p" failed',
    ],
    [
      'an invalid options schema',
      `module.exports = { id: 'p', description: '', options: { properties: { x: { type: 'nonsense' } } }, apply(w) { return w; } };`,
      'invalid options schema',
    ],
    [
      'adding to Object.prototype (every object would seem to hold the key)',
      `module.exports = { id: 'p', description: '', apply(w) { Object.prototype.injected = 'x'; return w; } };`,
      'added "injected" to Object.prototype',
    ],
    [
      'adding to Object.prototype, then throwing',
      `module.exports = { id: 'p', description: '', apply(w) { Object.prototype.injected = 'x'; throw new Error('oops'); } };`,
      'added "injected" to Object.prototype',
    ],
    [
      'mutating its input',
      `module.exports = { id: 'p', description: '', apply(w) { w.description = 'changed'; return w; } };`,
      'changed its input workflow in place',
    ],
  ])(
    '%s: reported with the plugin id, exit 2, nothing written, no stack',
    (_name, source, message) => {
      const { dir, run } = withPlugin(source);
      const r = run();
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(message);
      expect(r.stderr).not.toContain('internal error');
      expect(r.stderr).not.toMatch(/\n\s+at /);
      expect(fs.existsSync(path.join(dir, 'block.json'))).toBe(false);
    },
  );

  test('console.log in a plugin goes to stderr: the block on stdout stays valid JSON', () => {
    const dir = project();
    fs.writeFileSync(
      path.join(dir, 'plugin.cjs'),
      `module.exports = { id: 'p', description: '', apply(w) { console.log('hello from p'); return w; } };`,
    );
    const r = bin(['transform', 'exports', '--plugin', './plugin.cjs'], dir);
    expect(r.code).toBe(0);
    expect(() => JSON.parse(r.stdout)).not.toThrow();
    expect(r.stderr).toContain('hello from p');
  });
});

test('an unreadable folder is a named input error (exit 2), not an internal error', () => {
  // Root reads every folder, so the run drops to the nobody user (only possible when the tests run as root).
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) {
    console.warn('skipped: needs root to run kwt as another user');
    return;
  }
  const dir = project();
  fs.chmodSync(dir, 0o755);
  fs.chmodSync(path.join(dir, 'exports'), 0o755);
  fs.mkdirSync(path.join(dir, 'exports', 'locked'));
  fs.writeFileSync(path.join(dir, 'exports', 'locked', 'x.json'), sample);
  fs.chmodSync(path.join(dir, 'exports', 'locked'), 0o000);
  const r = spawnSync(process.execPath, [BIN, 'transform', 'exports', '-c', 'kwt.config.json'], {
    cwd: dir,
    encoding: 'utf8',
    uid: 65534,
    gid: 65534,
  });
  expect(r.status).toBe(2);
  expect(r.stderr).toContain('exports/locked: cannot read this folder (permission denied)');
  expect(r.stderr).not.toContain('internal error');
});

test('kwt validate shows what reading noticed too (a repeated key), as transform does', async () => {
  const dir = tempDir();
  fs.writeFileSync(
    path.join(dir, 'w.json'),
    '{"name": "x", "name": "y", "trigger": {"eventName": "e"}, "steps": []}',
  );
  const r = await runCli(['validate', 'w.json'], { cwd: dir });
  expect(r.stderr).toMatch(/w\.json:1:\d+: key "name" appears twice in one object/);
});

test('a plugin that prints or exits while it loads cannot corrupt stdout or end the run', () => {
  const dir = project();
  fs.writeFileSync(
    path.join(dir, 'loud.cjs'),
    `console.log('loading loud'); module.exports = { id: 'loud', description: '', apply: (w) => w };`,
  );
  const loud = bin(['transform', 'exports', '--plugin', './loud.cjs'], dir);
  expect(loud.code).toBe(0);
  expect(() => JSON.parse(loud.stdout)).not.toThrow();
  expect(loud.stderr).toContain('loading loud');
  fs.writeFileSync(path.join(dir, 'quits.cjs'), `process.exit(0);`);
  const quits = bin(['transform', 'exports', '--plugin', './quits.cjs', '-o', 'block.json'], dir);
  expect(quits.code).toBe(2);
  expect(quits.stderr).toContain('called process.exit(0)');
  expect(fs.existsSync(path.join(dir, 'block.json'))).toBe(false);
  fs.writeFileSync(
    path.join(dir, 'pollutes.cjs'),
    `Object.prototype.injected = 1; module.exports = { id: 'p', description: '', apply: (w) => w };`,
  );
  const pollutes = bin(
    ['transform', 'exports', '--plugin', './pollutes.cjs', '-o', 'block.json'],
    dir,
  );
  expect(pollutes.code).toBe(2);
  expect(pollutes.stderr).toContain(
    'cannot load transform module "./pollutes.cjs": added "injected" to Object.prototype',
  );
  expect(pollutes.stderr).not.toContain('internal error');
  expect(fs.existsSync(path.join(dir, 'block.json'))).toBe(false);
});
