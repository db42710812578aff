// Writes planned outputs all or nothing: every file to a recognisable temporary name first (each byte written, flushed),
// then a check that no target changed since it was read, then the renames. A failure removes every temporary.
import * as path from 'node:path';
import * as nodeFs from 'node:fs';
import { KwtError, errorMessage } from '../core/errors';
import type { PlannedWrite } from '../plan/plan';
import { pieces, sameBytes, type Text } from '../core/text';
import { stdStreamOf, type StdStream } from './std-streams';

/** The file system calls the writer makes; tests inject short writes and failures through this. */
export interface WriteFs {
  openSync(file: string, flags: string, mode?: number): number;
  writeSync(fd: number, buffer: Uint8Array, offset: number, length: number): number;
  fsyncSync(fd: number): void;
  closeSync(fd: number): void;
  renameSync(from: string, to: string): void;
  unlinkSync(file: string): void;
  mkdirSync(dir: string, options: { recursive: true }): unknown;
}

/** What a target was when it was read: compared again just before the rename. */
export interface TargetState {
  /** The real path written (a symlinked target is written through to its file, keeping the link). */
  path: string;
  /** The file as read, when it was read whole (the --into app, which is parsed); otherwise compared as a stream. */
  bytes?: Buffer;
  /** Device, inode, size and mtime; undefined when the file does not exist yet. */
  identity: string | undefined;
  mode: number | undefined;
  /**
   * A target that is a stream, not a file to replace: kwt's own stdout or stderr (by name or by identity), or a FIFO,
   * socket or device. Written in place after every file is renamed, never renamed over, never compared.
   */
  stream?: StdStream | 'device';
}

/** `.<name>.kwt-tmp-<pid>-<random>`: hidden, named for kwt and for the process that made it, so stale ones can be cleaned. */
const TEMP = /^\..+\.kwt-tmp-(\d+)-[0-9a-f]{8}$/;

function identityOf(stat: nodeFs.Stats): string {
  return `${stat.dev}:${stat.ino}:${stat.size}:${stat.mtimeMs}`;
}

function code(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? errorMessage(error);
}

/**
 * A target before planning a write to it: its identity, and with `read` its bytes (the --into app, to be parsed).
 * Others are compared as a stream (sameContent) and read whole only for a diff, so a block of hundreds of MiB is never
 * held twice. Refuses what cannot be replaced safely (a folder, a read-only file, a link to nothing); a stream (kwt's
 * stdout or stderr, a FIFO or device) is marked to be written in place, and refused where it would have to be read.
 */
export function inspectTarget(
  file: string,
  label: string,
  options: { read?: boolean } = {},
): TargetState {
  const { real, stat, stream } = checkTarget(file, label);
  if (stream) {
    if (options.read)
      throw new KwtError(
        'usage',
        `${label}: is not a regular file (a stream, FIFO or device); kwt reads and replaces only regular files here`,
      );
    return { path: real, identity: undefined, mode: undefined, stream };
  }
  if (!stat) return { path: real, identity: undefined, mode: undefined };
  const state: TargetState = { path: real, identity: identityOf(stat), mode: stat.mode & 0o777 };
  return options.read ? { ...state, bytes: readTarget(state, label) } : state;
}

/** The whole content of an existing target (for a diff, or to parse it). */
export function readTarget(state: TargetState, label: string): Buffer {
  if (state.bytes) return state.bytes;
  try {
    return nodeFs.readFileSync(state.path);
  } catch (error) {
    throw new KwtError('input', `${label}: cannot read (${code(error)})`);
  }
}

/** Reads this much more of a compared file than a piece needs, so small pieces do not each cost a read. */
const COMPARE_CHUNK = 1024 * 1024;

/**
 * Whether the target's bytes are exactly the UTF-8 of `text`: read in chunks beside the pieces as they are made, so
 * neither side is ever whole in memory, and stopped at the first difference. A missing target differs from any text.
 */
export function sameContent(state: TargetState | undefined, text: Text, label: string): boolean {
  if (state === undefined || state.identity === undefined || state.stream) return false;
  if (state.bytes) return sameBytes(state.bytes, text);
  let fd: number;
  try {
    // Non-blocking, then checked: a FIFO put in the file's place since it was inspected must not hang the run.
    fd = nodeFs.openSync(state.path, nodeFs.constants.O_RDONLY | nodeFs.constants.O_NONBLOCK);
  } catch (error) {
    throw new KwtError('input', `${label}: cannot read (${code(error)})`);
  }
  try {
    const stat = nodeFs.fstatSync(fd);
    if (!stat.isFile() || identityOf(stat) !== state.identity) {
      throw changedWhileRunning(label);
    }
    let buffer = Buffer.alloc(COMPARE_CHUNK);
    // buffer[start, end) holds file bytes read but not yet compared.
    let start = 0;
    let end = 0;
    const fill = (need: number): boolean => {
      if (end - start >= need) return true;
      if (start > 0) {
        buffer.copy(buffer, 0, start, end);
        end -= start;
        start = 0;
      }
      if (need > buffer.length)
        buffer = Buffer.concat([buffer.subarray(0, end), Buffer.alloc(need + COMPARE_CHUNK - end)]);
      while (end < need) {
        const read = nodeFs.readSync(fd, buffer, end, buffer.length - end, null);
        if (read === 0) return false;
        end += read;
      }
      return true;
    };
    for (const piece of pieces(text)) {
      const encoded = Buffer.from(piece, 'utf8');
      if (!fill(encoded.length) || !encoded.equals(buffer.subarray(start, start + encoded.length)))
        return false;
      start += encoded.length;
    }
    // Equal so far: the same only when the file has nothing more.
    return !fill(1);
  } catch (error) {
    if (error instanceof KwtError) throw error;
    throw new KwtError('input', `${label}: cannot read (${code(error)})`);
  } finally {
    nodeFs.closeSync(fd);
  }
}

/**
 * The checks of inspectTarget without reading the file: its real path and stat (none when it does not exist yet), or
 * that it is a stream (kwt's stdout or stderr, a FIFO, socket or device), or a KwtError for a folder, a read-only file,
 * a link to nothing. For a target checked early and written later.
 */
export function checkTarget(
  file: string,
  label: string,
): { real: string; stat: nodeFs.Stats | undefined; stream?: StdStream | 'device' } {
  // First, by name and by identity: /dev/stdout resolves to the file the shell redirected to, which must not be renamed over.
  const std = stdStreamOf(file);
  if (std) return { real: file, stat: undefined, stream: std };
  if (/[\\/]$/.test(file) || /[\\/]$/.test(label))
    throw new KwtError('usage', `${label}: names a folder; give a file name`);
  let real = file;
  try {
    real = nodeFs.realpathSync(file);
  } catch {
    // Does not exist (yet): written where it was named, unless it is a link to nothing (replacing it would drop the link).
    const link = nodeFs.lstatSync(file, { throwIfNoEntry: false });
    if (link?.isSymbolicLink())
      throw new KwtError(
        'usage',
        `${label}: is a link to ${nodeFs.readlinkSync(file)}, which does not exist; kwt does not replace a link with a file`,
      );
  }
  let stat: nodeFs.Stats;
  try {
    stat = nodeFs.statSync(real);
  } catch (error) {
    if (code(error) === 'ENOENT') return { real, stat: undefined };
    throw new KwtError('input', `${label}: cannot read (${code(error)})`);
  }
  if (stat.isDirectory()) throw new KwtError('usage', `${label}: is a folder; give a file name`);
  if (!stat.isFile()) return { real, stat: undefined, stream: 'device' };
  if ((stat.mode & 0o222) === 0)
    throw new KwtError(
      'usage',
      `${label}: is read-only (mode ${(stat.mode & 0o777).toString(8)}); kwt does not replace a file you protected`,
    );
  return { real, stat };
}

/** Removes temporaries that a killed kwt left in `dir` (their process is gone). */
export function cleanStaleTemps(dir: string, fs: Pick<WriteFs, 'unlinkSync'> = nodeFs): string[] {
  let names: string[];
  try {
    names = nodeFs.readdirSync(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    const m = TEMP.exec(name);
    if (!m) continue;
    const pid = Number(m[1]);
    // This run's own temporaries, and those of a kwt still running, are not stale.
    if (pid === process.pid || isAlive(pid)) continue;
    try {
      fs.unlinkSync(path.join(dir, name));
      removed.push(name);
    } catch {
      // Someone else removed it: fine.
    }
  }
  return removed;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return code(error) === 'EPERM';
  }
}

/** How many bytes writeFully gathers before a write. */
const WRITE_CHUNK = 1024 * 1024;

/** Writes every byte (a short write is followed by another), flushes, closes. */
function writeFully(fs: WriteFs, file: string, content: Text, mode: number): void {
  const fd = fs.openSync(file, 'wx', mode);
  try {
    // Piece by piece: the whole text of a very large block never exists as one string or one buffer. Pieces (a
    // workflow each) are gathered into one reused buffer and written a chunk at a time: a few dozen writes for 2,000
    // workflows instead of a buffer and a write each.
    const chunk = Buffer.allocUnsafe(WRITE_CHUNK);
    let used = 0;
    const flush = (bytes: Buffer, length: number): void => {
      let offset = 0;
      while (offset < length) {
        const written = fs.writeSync(fd, bytes, offset, length - offset);
        if (written <= 0)
          throw Object.assign(new Error('the write made no progress'), { code: 'EIO' });
        offset += written;
      }
    };
    for (const piece of pieces(content)) {
      // At most 3 bytes per UTF-16 unit: a piece that surely fits is encoded without measuring it first.
      if (
        used + piece.length * 3 > WRITE_CHUNK &&
        used + Buffer.byteLength(piece, 'utf8') > WRITE_CHUNK
      ) {
        flush(chunk, used);
        used = 0;
      }
      if (piece.length * 3 > WRITE_CHUNK && Buffer.byteLength(piece, 'utf8') > WRITE_CHUNK) {
        const bytes = Buffer.from(piece, 'utf8');
        flush(bytes, bytes.length);
      } else used += chunk.write(piece, used, 'utf8');
    }
    flush(chunk, used);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

export interface CommitOptions {
  fs?: WriteFs;
  /** What each target was when read, by real path: a target that changed since is not replaced. */
  expected?: ReadonlyMap<string, TargetState>;
}

/**
 * Writes these files all or nothing, each inspected first: a folder, a FIFO or a read-only file is refused, and a file
 * that changes before its rename is not replaced. For outputs not compared with anything beforehand.
 */
export function writeFiles(writes: readonly PlannedWrite[]): void {
  writeAll(writes, {
    expected: new Map(writes.map((w) => [w.path, inspectTarget(w.path, w.label)])),
  });
}

// The write is synchronous, so a Ctrl-C or a SIGTERM that arrives during it waits until every file is complete (or
// every temporary removed); it is taken on the next turn of the event loop: kwt then says so and stops with 130 or
// 143, never 0. Without a listener, the signal would end kwt between two renames. One pair of listeners for however
// many writes run, taken away once none is running and the signal pipe has been read.
let writing = 0;
let listening = false;

function onSignal(signal: NodeJS.Signals): void {
  process.stderr.write(
    `kwt: ${signal} arrived while writing; the write finished first (every file is complete), then kwt stopped\n`,
  );
  process.exit(signal === 'SIGINT' ? 130 : 143);
}

function beginWrite(): void {
  writing++;
  if (listening) return;
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  listening = true;
}

function endWrite(): void {
  writing--;
  // After the signal pipe was read: a signal that came during the write reaches onSignal first.
  setImmediate(() => {
    if (writing > 0 || !listening) return;
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
    listening = false;
  });
}

/** Writes every planned file or none; throws a KwtError naming the file that failed. */
export function writeAll(writes: readonly PlannedWrite[], options: CommitOptions = {}): void {
  const fs = options.fs ?? nodeFs;
  const temps: { temp: string; write: PlannedWrite; target: string }[] = [];
  const cleaned = new Set<string>();
  const removeTemps = (): void => {
    for (const t of temps) {
      try {
        fs.unlinkSync(t.temp);
      } catch {
        // Already gone.
      }
    }
  };
  beginWrite();
  const streams = writes.filter((w) => options.expected?.get(w.path)?.stream !== undefined);
  const files = streams.length === 0 ? writes : writes.filter((w) => !streams.includes(w));
  try {
    for (const w of files) {
      const state = options.expected?.get(w.path);
      const target = state?.path ?? w.path;
      const dir = path.dirname(target);
      const temp = path.join(
        dir,
        `.${path.basename(target)}.kwt-tmp-${process.pid}-${Math.floor(Math.random() * 0xffffffff)
          .toString(16)
          .padStart(8, '0')}`,
      );
      try {
        fs.mkdirSync(dir, { recursive: true });
        if (!cleaned.has(dir)) cleanStaleTemps(dir, fs);
        cleaned.add(dir);
        temps.push({ temp, write: w, target });
        writeFully(fs, temp, w.content, state?.mode ?? 0o666);
      } catch (error) {
        throw new KwtError(
          'write',
          `${w.label}: cannot write (${code(error)}); nothing was written`,
        );
      }
    }
    for (const t of temps) {
      const before = options.expected?.get(t.write.path);
      if (before && changedSince(t.target, before)) {
        throw changedWhileRunning(t.write.label);
      }
    }
    renameAll(fs, temps);
    for (const w of streams)
      writeStream(
        w,
        options.expected?.get(w.path)?.stream as StdStream | 'device',
        temps.length > 0,
      );
  } catch (error) {
    removeTemps();
    throw error;
  } finally {
    endWrite();
  }
}

/** Writes a stream target in place: fd 1 or 2 as they are (appending where the shell put them), a device opened for writing. */
function writeStream(w: PlannedWrite, stream: StdStream | 'device', renamed: boolean): void {
  let fd: number | undefined;
  try {
    // Non-blocking: a FIFO nobody reads is refused (ENXIO) instead of waiting forever; a full one is waited for below.
    fd =
      stream === 'stdout'
        ? 1
        : stream === 'stderr'
          ? 2
          : nodeFs.openSync(w.path, nodeFs.constants.O_WRONLY | nodeFs.constants.O_NONBLOCK);
    for (const piece of pieces(w.content)) {
      const bytes = Buffer.from(piece, 'utf8');
      let offset = 0;
      while (offset < bytes.length) {
        try {
          offset += nodeFs.writeSync(fd, bytes, offset, bytes.length - offset);
        } catch (error) {
          // A non-blocking pipe that is full: wait a moment for its reader.
          if (code(error) !== 'EAGAIN') throw error;
          Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);
        }
      }
    }
  } catch (error) {
    const why = code(error) === 'ENXIO' ? 'ENXIO: a FIFO with no reader' : code(error);
    throw new KwtError(
      'write',
      `${w.label}: cannot write (${why})${renamed ? '; the files were written, this stream is incomplete' : '; the stream is incomplete'}`,
    );
  } finally {
    if (fd !== undefined && fd > 2) nodeFs.closeSync(fd);
  }
}

function changedWhileRunning(label: string): KwtError {
  return new KwtError(
    'write',
    `${label}: changed while kwt was running (another run or an editor?); nothing was written, run again`,
  );
}

function changedSince(target: string, before: TargetState): boolean {
  try {
    return identityOf(nodeFs.statSync(target)) !== before.identity;
  } catch (error) {
    return code(error) === 'ENOENT' ? before.identity !== undefined : true;
  }
}

function renameAll(
  fs: WriteFs,
  temps: { temp: string; write: PlannedWrite; target: string }[],
): void {
  const done: string[] = [];
  for (const t of temps) {
    try {
      fs.renameSync(t.temp, t.target);
      done.push(t.write.label);
    } catch (error) {
      const partial =
        done.length > 0 ? `; already replaced: ${done.join(', ')}` : '; nothing was written';
      throw new KwtError('write', `${t.write.label}: cannot replace (${code(error)})${partial}`);
    }
  }
}
