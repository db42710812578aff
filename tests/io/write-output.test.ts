// The writer's promises, each held by a test that fails when the code that keeps it is taken out (mutations that
// once left every test green): every temporary is flushed before any rename, and a --check target with anything
// after the expected text is not up to date.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runCli, SAMPLES, tempDir } from '../helpers/cli';
import { writeAll, type WriteFs } from '../../src/io/write-output';

test('every temporary is written, flushed and closed before the first rename', () => {
  const dir = tempDir();
  const calls: string[] = [];
  const names = new Map<number, string>();
  const recording: WriteFs = {
    openSync: (file, flags, mode) => {
      const fd = fs.openSync(file, flags, mode);
      names.set(fd, path.basename(file));
      calls.push(`open ${path.basename(file).replace(/-[0-9a-f]{8}$/, '')}`);
      return fd;
    },
    writeSync: (fd, buffer, offset, length) => fs.writeSync(fd, buffer, offset, length),
    fsyncSync: (fd) => {
      calls.push(`fsync ${(names.get(fd) ?? '').replace(/-[0-9a-f]{8}$/, '')}`);
      fs.fsyncSync(fd);
    },
    closeSync: (fd) => fs.closeSync(fd),
    renameSync: (from, to) => {
      calls.push(`rename ${path.basename(to)}`);
      fs.renameSync(from, to);
    },
    unlinkSync: (file) => fs.unlinkSync(file),
    mkdirSync: (d, o) => fs.mkdirSync(d, o),
  };
  writeAll(
    ['a.json', 'b.json'].map((name) => ({
      path: path.join(dir, name),
      label: name,
      content: `{"name": "${name}"}\n`,
    })),
    { fs: recording },
  );
  const pid = process.pid;
  expect(calls).toEqual([
    `open .a.json.kwt-tmp-${pid}`,
    `fsync .a.json.kwt-tmp-${pid}`,
    `open .b.json.kwt-tmp-${pid}`,
    `fsync .b.json.kwt-tmp-${pid}`,
    'rename a.json',
    'rename b.json',
  ]);
  expect(fs.readFileSync(path.join(dir, 'b.json'), 'utf8')).toBe('{"name": "b.json"}\n');
});

test('--check: a target with extra bytes after the expected text (a blank line, a second document) differs', async () => {
  const dir = tempDir();
  fs.cpSync(path.join(SAMPLES, 'exports'), path.join(dir, 'exports'), { recursive: true });
  fs.copyFileSync(path.join(SAMPLES, 'kwt.config.json'), path.join(dir, 'kwt.config.json'));
  expect((await runCli(['transform', 'exports', '-o', 'block.json'], { cwd: dir })).code).toBe(0);
  expect(
    (await runCli(['transform', 'exports', '-o', 'block.json', '--check'], { cwd: dir })).code,
  ).toBe(0);
  for (const extra of ['\n', ' ', '{}\n']) {
    const text = fs.readFileSync(path.join(SAMPLES, 'expected-block.json'), 'utf8');
    fs.writeFileSync(path.join(dir, 'block.json'), text + extra);
    const r = await runCli(['transform', 'exports', '-o', 'block.json', '--check'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('differs: block.json');
  }
});
