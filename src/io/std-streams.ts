// Which of kwt's own standard streams a path names. `-o /dev/stdout` inside `( … ) > log.txt` resolves to log.txt,
// and renaming a new file over it would drop what the shell and other commands wrote there; the path is the stream,
// and is written as one. Known by name (/dev/stdout, /dev/fd/1, /proc/self/fd/1) and by identity (device and inode),
// so a link to /dev/stdout or the log file named directly are caught too.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { KwtError } from '../core/errors';

export type StdStream = 'stdout' | 'stderr';

const NAMES: Readonly<Record<string, StdStream>> = {
  '/dev/stdout': 'stdout',
  '/dev/fd/1': 'stdout',
  '/proc/self/fd/1': 'stdout',
  [`/proc/${process.pid}/fd/1`]: 'stdout',
  '/dev/stderr': 'stderr',
  '/dev/fd/2': 'stderr',
  '/proc/self/fd/2': 'stderr',
  [`/proc/${process.pid}/fd/2`]: 'stderr',
};

/** The standard stream a path names whatever file it is redirected to (`/dev/stdout`, `/proc/self/fd/1`…), if any. */
export function namedStream(file: string): StdStream | undefined {
  return NAMES[path.resolve(file)];
}

/** A file's identity: its device and inode. */
export function identity(stat: { dev: number; ino: number }): string;
export function identity(stat: { dev: number; ino: number } | undefined): string | undefined;
export function identity(stat: { dev: number; ino: number } | undefined): string | undefined {
  return stat === undefined ? undefined : `${stat.dev}:${stat.ino}`;
}

function fdIdentity(fd: number): string | undefined {
  try {
    const stat = fs.fstatSync(fd);
    // A terminal or /dev/null is shared by many processes and by stdout and stderr alike: only a file or a pipe is
    // this run's own stream to recognise.
    return stat.isFile() || stat.isFIFO() || stat.isSocket() ? identity(stat) : undefined;
  } catch {
    return undefined;
  }
}

/** The standard stream `file` names or is (by device and inode), or undefined. `fd` overrides for tests. */
export function stdStreamOf(
  file: string,
  fds: { stdout: number; stderr: number } = { stdout: 1, stderr: 2 },
): StdStream | undefined {
  const named = namedStream(file);
  if (named) return named;
  let stat: fs.Stats | undefined;
  try {
    stat = fs.statSync(file);
  } catch {
    return undefined;
  }
  const id = identity(stat);
  if (id === fdIdentity(fds.stdout)) return 'stdout';
  if (id === fdIdentity(fds.stderr)) return 'stderr';
  return undefined;
}

/** kwt's stdout and stderr that are regular files (a shell redirect to a file), by device and inode. */
function streamFiles(fds: { stdout: number; stderr: number }): Map<string, StdStream> {
  const files = new Map<string, StdStream>();
  for (const stream of ['stderr', 'stdout'] as const) {
    try {
      const stat = fs.fstatSync(fds[stream]);
      if (stat.isFile()) files.set(identity(stat), stream);
    } catch {
      // A closed stream is no file to protect.
    }
  }
  return files;
}

/**
 * Refuses a run whose stdout or stderr is redirected to a file it reads (`kwt validate a.json >> a.json`): its output
 * would be appended to the export, or `>` has emptied it already. Nothing is read or written yet. When stderr is the
 * file, the refusal is silent (exit 2): any word of it would land in that file. A stat per file only when a stream is
 * a file at all.
 */
export function checkStreamsApart(
  files: readonly { path: string; label: string; what?: string }[],
  fds: { stdout: number; stderr: number } = { stdout: 1, stderr: 2 },
): void {
  const streams = streamFiles(fds);
  if (streams.size === 0) return;
  for (const file of files) {
    const stat = fs.statSync(file.path, { throwIfNoEntry: false });
    const stream = stat && streams.get(identity(stat));
    if (stream === undefined) continue;
    const what = file.what ?? 'the input';
    throw new KwtError(
      'usage',
      `${stream} is redirected to ${what} ${file.label}: kwt would write into it (and \`>\` empties it before kwt starts); redirect ${stream} to another file`,
      [],
      { silent: stream === 'stderr' },
    );
  }
}
