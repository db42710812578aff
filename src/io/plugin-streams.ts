// Inside the plugin thread: kwt's stdout and stderr are the process's, shared with this thread, so every route a
// transform could write to them by (an fd number, /dev/stdout and its aliases, another fd opened on the same file, a
// stream made on one) is turned into text kwt collects and prints on stderr; closing or truncating them, signals and
// child processes (which inherit them) are refused. Nothing a transform writes can reach the block on stdout. Files
// are recognised by name (std-streams.ts) and by device and inode. These guard against accidents, not against
// code set on harm.
import type { Stats } from 'node:fs';
import { Writable } from 'node:stream';
import { identity, namedStream } from './std-streams';

type Fs = typeof import('node:fs');
type Collect = (text: string) => void;
type AnyFn = (...args: unknown[]) => unknown;

/** The modules whose objects this thread's code gets from require (patched in place). */
export interface StreamModules {
  fs: Fs;
  tty: Record<string, unknown>;
  net: Record<string, unknown>;
}

function textOf(data: unknown): string {
  if (typeof data === 'string') return data;
  if (ArrayBuffer.isView(data))
    return Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('utf8');
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString('utf8');
  return typeof data === 'number' || typeof data === 'boolean' ? String(data) : '';
}

class Refused extends Error {
  constructor(what: string) {
    super(
      `${what}: a transform cannot reach kwt's stdout or stderr this way (console.log is shown on stderr)`,
    );
  }
}

/** Which fds and paths are kwt's stdout or stderr: fd 1 and 2 themselves, their names, or the same device and inode. */
class StdStreams {
  private readonly ids = new Set<string>();
  private readonly fstat: (fd: number) => Stats;
  private readonly stat: (file: string) => Stats;

  constructor(fs: Fs) {
    // fstatSync and statSync are never patched here; a path that does not exist throws (caught by the callers).
    this.fstat = (fd) => fs.fstatSync(fd);
    this.stat = (file) => fs.statSync(file);
    for (const fd of [1, 2]) {
      try {
        this.ids.add(identity(this.fstat(fd)));
      } catch {
        // A closed stream has nothing to protect.
      }
    }
  }

  isFd(fd: unknown): boolean {
    if (fd === 1 || fd === 2) return true;
    if (typeof fd !== 'number') return false;
    try {
      return this.ids.has(identity(this.fstat(fd)));
    } catch {
      return false;
    }
  }

  /** A path (string, Buffer or file: URL) or an fd. */
  isFile(file: unknown): boolean {
    if (typeof file === 'number') return this.isFd(file);
    const name =
      typeof file === 'string'
        ? file
        : Buffer.isBuffer(file)
          ? file.toString('utf8')
          : file instanceof URL && file.protocol === 'file:'
            ? decodeURIComponent(file.pathname)
            : undefined;
    if (name === undefined) return false;
    if (namedStream(name) !== undefined) return true;
    try {
      return this.ids.has(identity(this.stat(name)));
    } catch {
      return false;
    }
  }
}

/** Calls the last function among `args` on the next tick, as a callback API would. */
function callBack(args: readonly unknown[], ...results: unknown[]): void {
  const callback = [...args].reverse().find((a): a is AnyFn => typeof a === 'function');
  if (callback) process.nextTick(() => callback(...results));
}

function collectingStream(collect: Collect): Writable {
  return new Writable({
    write(chunk: unknown, _encoding, done) {
      collect(textOf(chunk));
      done();
    },
  });
}

/** Replaces `target[name]` (when a function) with `guarded(original)`. */
function wrap(target: object, name: string, guarded: (original: AnyFn) => AnyFn): void {
  const mutable = target as Record<string, unknown>;
  const original = mutable[name];
  if (typeof original === 'function') mutable[name] = guarded(original.bind(target) as AnyFn);
}

/** Writes to an fd: 1, 2 or another fd on the same file, sync, with a callback, or in vectors. */
function guardFdWrites(fs: Fs, std: StdStreams, collect: Collect): void {
  wrap(fs, 'writeSync', (original) => (fd, data, ...rest) => {
    if (!std.isFd(fd)) return original(fd, data, ...rest);
    const text = textOf(data);
    collect(text);
    return Buffer.byteLength(text);
  });
  wrap(fs, 'write', (original) => (fd, data, ...rest) => {
    if (!std.isFd(fd)) return original(fd, data, ...rest);
    const text = textOf(data);
    collect(text);
    callBack(rest, null, Buffer.byteLength(text), data);
    return undefined;
  });
  for (const name of ['writevSync', 'writev'])
    wrap(fs, name, (original) => (fd, buffers, ...rest) => {
      if (!std.isFd(fd)) return original(fd, buffers, ...rest);
      const text = (buffers as unknown[]).map(textOf).join('');
      collect(text);
      if (name === 'writev') callBack(rest, null, Buffer.byteLength(text), buffers);
      return Buffer.byteLength(text);
    });
}

/** Whole files, by fd or by a path that is (or names) a standard stream, and streams made on one. */
function guardFileWrites(fs: Fs, std: StdStreams, collect: Collect): void {
  for (const name of ['writeFileSync', 'appendFileSync'])
    wrap(fs, name, (original) => (file, data, ...rest) => {
      if (!std.isFile(file)) return original(file, data, ...rest);
      collect(textOf(data));
      return undefined;
    });
  for (const name of ['writeFile', 'appendFile'])
    wrap(fs, name, (original) => (file, data, ...rest) => {
      if (!std.isFile(file)) return original(file, data, ...rest);
      collect(textOf(data));
      callBack(rest, null);
      return undefined;
    });
  for (const name of ['writeFile', 'appendFile'])
    wrap(fs.promises, name, (original) => (file, data, ...rest) => {
      if (!std.isFile(file)) return original(file, data, ...rest);
      collect(textOf(data));
      return Promise.resolve();
    });
  wrap(fs, 'createWriteStream', (original) => (file, options, ...rest) => {
    const fd =
      typeof options === 'object' && options !== null
        ? (options as { fd?: unknown }).fd
        : undefined;
    return std.isFile(file) || (fd !== undefined && std.isFd(fd))
      ? collectingStream(collect)
      : original(file, options, ...rest);
  });
}

/** What would end or change a stream itself: closing it, truncating it, copying a file over it. */
function guardStreamEnds(fs: Fs, std: StdStreams): void {
  for (const name of ['closeSync', 'close', 'ftruncateSync', 'ftruncate'])
    wrap(fs, name, (original) => (fd, ...rest) => {
      if (std.isFd(fd)) throw new Refused(`fs.${name}(${String(fd)})`);
      return original(fd, ...rest);
    });
  for (const name of ['truncateSync', 'truncate', 'copyFileSync', 'copyFile', 'cpSync', 'cp'])
    wrap(fs, name, (original) => (first, second, ...rest) => {
      if (std.isFile(name.startsWith('truncate') ? first : second)) throw new Refused(`fs.${name}`);
      return original(first, second, ...rest);
    });
}

/** A terminal or socket stream made on fd 1 or 2 writes through libuv, not fs: it gets a collecting stream instead. */
function guardLibuvStreams(modules: StreamModules, std: StdStreams, collect: Collect): void {
  const onStdFd = (
    module: Record<string, unknown>,
    name: string,
    fdOf: (arg: unknown) => unknown,
  ): void => {
    const found = module[name];
    if (typeof found !== 'function') return;
    const Original = found as new (...args: unknown[]) => unknown;
    function Guarded(this: unknown, ...args: unknown[]): unknown {
      return std.isFd(fdOf(args[0])) ? collectingStream(collect) : new Original(...args);
    }
    Guarded.prototype = Original.prototype as unknown;
    module[name] = Guarded;
  };
  onStdFd(modules.tty, 'WriteStream', (arg) => arg);
  onStdFd(modules.net, 'Socket', (arg) =>
    typeof arg === 'object' && arg !== null ? (arg as { fd?: unknown }).fd : undefined,
  );
}

/**
 * Guards fd 1 and 2 in this thread (see the header); `collect` receives what was written. The patches stay for the
 * thread's life: the thread exists only to run transforms.
 */
export function guardStandardStreams(modules: StreamModules, collect: Collect): void {
  const std = new StdStreams(modules.fs);
  guardFdWrites(modules.fs, std, collect);
  guardFileWrites(modules.fs, std, collect);
  guardStreamEnds(modules.fs, std);
  guardLibuvStreams(modules, std, collect);
}

/**
 * A transform is pure: it starts no process (a child inheriting fd 1 would write into the block) and sends no signal
 * (process.pid is kwt's own in this thread, so process.kill(process.pid) would end the run with nothing said).
 */
export function refuseProcesses(childProcess: Record<string, unknown>): void {
  for (const name of ['spawn', 'spawnSync', 'exec', 'execSync', 'execFile', 'execFileSync', 'fork'])
    childProcess[name] = () => {
      throw new Error(`child_process.${name}: a transform cannot start processes`);
    };
  process.kill = () => {
    throw new Error(
      'process.kill: a transform cannot send signals (throw an Error to fail the run)',
    );
  };
}
