// Where kwt writes: a path that is its own stdout or stderr is written as that stream (never renamed over what the
// shell redirected to), a FIFO or device as a stream, and a target that is an input by device and inode is refused,
// whatever name reaches it (a symlink, a hard link, /dev/stdout).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT, SAMPLES, tempDir } from '../helpers/cli';
import { stdStreamOf } from '../../src/io/std-streams';
import { checkPathsApart } from '../../src/io/target-paths';
import { checkTarget } from '../../src/io/write-output';

const BIN = path.join(ROOT, 'dist', 'src', 'cli', 'bin.js');
const NODE = process.execPath;

function project(): string {
  const dir = tempDir();
  fs.cpSync(path.join(SAMPLES, 'exports'), path.join(dir, 'ex'), { recursive: true });
  fs.copyFileSync(path.join(SAMPLES, 'kwt.config.json'), path.join(dir, 'kwt.config.json'));
  return dir;
}

/** Runs a shell line in `dir` with `kwt` on hand; returns stdout, stderr and status. */
function sh(dir: string, line: string): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(
    'bash',
    ['-c', `kwt() { ${JSON.stringify(NODE)} ${JSON.stringify(BIN)} "$@"; }; ${line}`],
    {
      cwd: dir,
      encoding: 'utf8',
      timeout: 30_000,
    },
  );
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

describe("a target that is kwt's own stream is written as the stream", () => {
  test.each(['/dev/stdout', '/dev/fd/1', '/proc/self/fd/1', 'out-link.json'])(
    '-o %s inside a redirected group keeps the lines around it',
    (target) => {
      const dir = project();
      fs.symlinkSync('/dev/stdout', path.join(dir, 'out-link.json'));
      const r = sh(
        dir,
        `(echo before; kwt transform ex -q -c kwt.config.json -o ${target}; echo "rc=$?"; echo after) > log.txt`,
      );
      expect(r.code).toBe(0);
      const log = fs.readFileSync(path.join(dir, 'log.txt'), 'utf8');
      expect(log.startsWith('before\n{\n  "workflows"')).toBe(true);
      expect(log.endsWith('}\nrc=0\nafter\n')).toBe(true);
      expect(fs.lstatSync(path.join(dir, 'out-link.json')).isSymbolicLink()).toBe(true);
    },
  );

  test('-o naming the very file stdout is redirected to is that stream, by device and inode', () => {
    const dir = project();
    const r = sh(
      dir,
      `(echo before; kwt transform ex -q -c kwt.config.json -o log.txt; echo after) > log.txt`,
    );
    expect(r.code).toBe(0);
    const log = fs.readFileSync(path.join(dir, 'log.txt'), 'utf8');
    expect(log.startsWith('before\n{')).toBe(true);
    expect(log.endsWith('}\nafter\n')).toBe(true);
  });

  test('--report-file /dev/stderr with 2>> appends, keeping what stderr held', () => {
    const dir = project();
    fs.writeFileSync(path.join(dir, 'err.log'), 'earlier\n');
    const r = sh(
      dir,
      `kwt transform ex -q -c kwt.config.json -o block.json --report json --report-file /dev/stderr 2>>err.log`,
    );
    expect(r.code).toBe(0);
    const log = fs.readFileSync(path.join(dir, 'err.log'), 'utf8');
    expect(log.startsWith('earlier\n{\n  "format"')).toBe(true);
    expect(JSON.parse(log.slice('earlier\n'.length)).exitCode).toBe(0);
  });

  test('--report-file /dev/stdout on a pipe: the report reaches the pipe, the block its file', () => {
    const dir = project();
    const r = sh(
      dir,
      `kwt transform ex -q -c kwt.config.json -o block.json --report json --report-file /dev/stdout | cat`,
    );
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).outputs).toEqual([{ file: 'block.json', status: 'written' }]);
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'block.json'), 'utf8')).workflows.length).toBe(
      3,
    );
  });

  test('the block and a report both on stdout is refused before anything is written', () => {
    const dir = project();
    const r = sh(
      dir,
      `kwt transform ex -q -c kwt.config.json -o /dev/stdout --report json --report-file /dev/stdout`,
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--report json prints on stdout');
  });

  test('-o - writes the block on stdout, never a file named "-" nor a stdin placeholder', () => {
    const dir = project();
    const r = sh(dir, `kwt transform ex -q -c kwt.config.json -o -`);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout).workflows.length).toBe(3);
    expect(fs.existsSync(path.join(dir, '-'))).toBe(false);
  });

  test('graph -o /dev/stdout prints; -o /dev/null is written as a device, left a device', () => {
    const dir = project();
    const g = sh(dir, `(echo before; kwt graph ex -q -o /dev/stdout) > g.md`);
    expect(g.code).toBe(0);
    expect(fs.readFileSync(path.join(dir, 'g.md'), 'utf8')).toMatch(/^before\n# Workflows/);
    const n = sh(dir, `kwt transform ex -q -c kwt.config.json -o /dev/null`);
    expect(n.code).toBe(0);
    expect(fs.statSync('/dev/null').isCharacterDevice()).toBe(true);
  });

  test('stdStreamOf knows the names and the identity of fd 1 and 2, and nothing else', () => {
    const dir = tempDir();
    const file = path.join(dir, 'x.json');
    fs.writeFileSync(file, '{}');
    const fd = fs.openSync(file, 'r');
    try {
      expect(stdStreamOf('/dev/stdout')).toBe('stdout');
      expect(stdStreamOf('/dev/fd/2')).toBe('stderr');
      expect(stdStreamOf(file, { stdout: fd, stderr: fd })).toBe('stdout');
      expect(stdStreamOf(path.join(dir, 'missing.json'))).toBeUndefined();
      expect(stdStreamOf(file)).toBeUndefined();
    } finally {
      fs.closeSync(fd);
    }
  });
});

describe('a target is compared with what the run reads by device and inode', () => {
  test('a hard link to the input, under another name, is refused', () => {
    const dir = project();
    fs.linkSync(path.join(dir, 'ex', 'order-posted.json'), path.join(dir, 'other-name.json'));
    const r = sh(dir, `kwt transform ex -c kwt.config.json -o other-name.json`);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('would overwrite the input');
    expect(r.stderr).toContain('reached through a link or a mount');
  });

  test('graph -o never writes over its input, its config or its --base', () => {
    const dir = project();
    const input = path.join(dir, 'ex', 'order-posted.json');
    const before = fs.readFileSync(input, 'utf8');
    for (const [line, what] of [
      ['kwt graph ex/order-posted.json -o ex/order-posted.json', 'the input'],
      ['kwt graph ex -c kwt.config.json -o kwt.config.json', 'the config'],
      [
        'cp ex/order-posted.json base.json; kwt graph ex --base base.json -o base.json',
        'the --base',
      ],
    ] as const) {
      const r = sh(dir, line);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`would overwrite ${what}`);
    }
    expect(fs.readFileSync(input, 'utf8')).toBe(before);
  });

  test('checkPathsApart: a bind-mount-like second path (a symlinked folder) to the input is the input', () => {
    const dir = project();
    fs.symlinkSync(path.join(dir, 'ex'), path.join(dir, 'mounted'));
    expect(() =>
      checkPathsApart({
        inputs: [{ path: path.join(dir, 'ex', 'refund-order.json') }],
        target: { flag: '-o', file: path.join(dir, 'mounted', 'refund-order.json') },
      }),
    ).toThrow(/would overwrite the input/);
    // New files never collide with inputs; two new outputs with one real path do.
    expect(() =>
      checkPathsApart({
        inputs: [{ path: path.join(dir, 'ex', 'refund-order.json') }],
        target: { flag: '-o', file: path.join(dir, 'new.json') },
      }),
    ).not.toThrow();
    expect(() =>
      checkPathsApart({
        inputs: [],
        target: { flag: '-o', file: path.join(dir, 'new.json') },
        reportFile: path.join(dir, 'ex', '..', 'new.json'),
      }),
    ).toThrow(/--report-file .* would overwrite -o/);
  });
});

describe('stdout or stderr redirected to a file the run reads', () => {
  const snapshot = (dir: string): string =>
    fs
      .readdirSync(path.join(dir, 'ex'))
      .sort()
      .map((f) => fs.readFileSync(path.join(dir, 'ex', f), 'utf8'))
      .join('\n');

  test.each([
    'kwt transform ex -c kwt.config.json >> ex/order-posted.json',
    'kwt transform ex -c kwt.config.json -o /dev/stdout >> ex/order-posted.json',
    'kwt validate ex >> ex/order-posted.json',
    'kwt graph ex >> ex/order-posted.json',
    'kwt init ex --app acme >> ex/order-posted.json',
    'kwt transform ex -c kwt.config.json -o block.json 1<> ex/order-posted.json',
  ])('%s: refused before anything is read, the export left as it was', (line) => {
    const dir = project();
    const before = snapshot(dir);
    const r = sh(dir, line);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('stdout is redirected to the input ex/order-posted.json');
    expect(snapshot(dir)).toBe(before);
    expect(fs.existsSync(path.join(dir, 'block.json'))).toBe(false);
  });

  test('stderr appended to an export: refused without a word, since any word would land in it', () => {
    const dir = project();
    const before = snapshot(dir);
    const r = sh(dir, 'kwt validate ex 2>> ex/refund-order.json');
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(snapshot(dir)).toBe(before);
  });

  test('release and register: stdout appended to the definition they read is refused', () => {
    const dir = project();
    expect(sh(dir, 'kwt transform ex -q -c kwt.config.json -o app.json').code).toBe(0);
    fs.copyFileSync(path.join(dir, 'app.json'), path.join(dir, 'base.json'));
    const before = fs.readFileSync(path.join(dir, 'app.json'), 'utf8');
    for (const line of [
      'kwt release app.json --base base.json >> app.json',
      'kwt release app.json --base base.json >> base.json',
      'KUSTOMER_API_KEY=x kwt register app.json --dry-run >> app.json',
    ]) {
      const r = sh(dir, line);
      expect({ line, code: r.code }).toEqual({ line, code: 2 });
      expect(r.stderr).toContain('stdout is redirected to the definition');
    }
    expect(fs.readFileSync(path.join(dir, 'app.json'), 'utf8')).toBe(before);
    expect(fs.readFileSync(path.join(dir, 'base.json'), 'utf8')).toBe(before);
  });

  test('stdout appended to the config is refused; a log file of its own is fine', () => {
    const dir = project();
    const config = fs.readFileSync(path.join(dir, 'kwt.config.json'), 'utf8');
    const r = sh(dir, 'kwt transform ex -c kwt.config.json -o block.json >> kwt.config.json');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('stdout is redirected to the config');
    expect(fs.readFileSync(path.join(dir, 'kwt.config.json'), 'utf8')).toBe(config);
    const ok = sh(dir, 'kwt transform ex -c kwt.config.json -o block.json > log.txt 2>&1');
    expect(ok.code).toBe(0);
  });
});

describe('a target that is not a plain file to replace', () => {
  test('-o dir/ names a folder: refused, whether or not it exists, and no file "dir" is made', () => {
    const dir = project();
    for (const target of ['made/', 'new-folder/']) {
      if (target === 'made/') fs.mkdirSync(path.join(dir, 'made'));
      const r = sh(dir, `kwt transform ex -q -c kwt.config.json -o ${target}`);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/folder; give a file name/);
    }
    expect(fs.existsSync(path.join(dir, 'new-folder'))).toBe(false);
    expect(fs.statSync(path.join(dir, 'made')).isDirectory()).toBe(true);
  });

  test('a dangling symlink as the target is refused and stays a link', () => {
    const dir = project();
    fs.symlinkSync('nowhere/x.json', path.join(dir, 'dangling.json'));
    const r = sh(dir, `kwt transform ex -q -c kwt.config.json -o dangling.json`);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('is a link to nowhere/x.json, which does not exist');
    expect(fs.lstatSync(path.join(dir, 'dangling.json')).isSymbolicLink()).toBe(true);
    expect(() => checkTarget(path.join(dir, 'dangling.json'), 'dangling.json')).toThrow(
      /does not replace a link/,
    );
  });
});
