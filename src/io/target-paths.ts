// Refuses, before any input is read, a run whose outputs would land on its own inputs, its config or each other,
// comparing files by device and inode, so that a symlink, a hard link, a bind mount or a `..` cannot hide the overlap.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { KwtError } from '../core/errors';

/** The real path of a file that may not exist yet: the real folder it would be in, plus its name. */
export function realPathOf(file: string): string {
  try {
    return fs.realpathSync(file);
  } catch {
    const parent = path.dirname(file);
    return parent === file ? file : path.join(realPathOf(parent), path.basename(file));
  }
}

export interface RunPaths {
  /** The input files (stdin has none). */
  inputs: readonly { path: string; link?: boolean }[];
  config?: string;
  /** Other files the run reads (graph's --base), with what to call them. */
  reads?: readonly { path: string; what: string }[];
  /** `-o` or `--into`, absolute. */
  target?: { flag: string; file: string };
  /** `--out-dir`, absolute, with the base names it would write. */
  outDir?: { dir: string; names: readonly string[] };
  reportFile?: string;
}

/**
 * What a file is: its device and inode when it exists (a hard link, a bind mount or a symlink reaches the same one),
 * else the real path it would be created at.
 */
function identityOf(file: string): { key: string; real: string } {
  const stat = fs.statSync(file, { throwIfNoEntry: false });
  if (stat) return { key: `inode ${stat.dev}:${stat.ino}`, real: file };
  const real = realPathOf(file);
  return { key: `path ${real}`, real };
}

/** Throws a usage error naming the first overlap; the run has not read or written anything yet. */
export function checkPathsApart(paths: RunPaths): void {
  const outputs: { file: string; what: string }[] = [];
  if (paths.target)
    outputs.push({ file: paths.target.file, what: `${paths.target.flag} ${paths.target.file}` });
  if (paths.outDir)
    for (const name of new Set(paths.outDir.names)) {
      const file = path.join(paths.outDir.dir, name);
      outputs.push({ file, what: `--out-dir file ${file}` });
    }
  if (paths.reportFile)
    outputs.push({ file: paths.reportFile, what: `--report-file ${paths.reportFile}` });
  if (outputs.length === 0) return;
  const claimed = outputs.map((o) => ({ ...o, ...identityOf(o.file) }));
  const role = new Map<string, { what: string; file: string }>();
  // Inputs are compared by identity only when some output exists already: a new file cannot be an input.
  if (claimed.some((c) => c.key.startsWith('inode '))) {
    for (const input of paths.inputs)
      role.set(identityOf(input.path).key, { what: `the input ${input.path}`, file: input.path });
    if (paths.config)
      role.set(identityOf(paths.config).key, {
        what: `the config ${paths.config}`,
        file: paths.config,
      });
    for (const r of paths.reads ?? [])
      role.set(identityOf(r.path).key, { what: r.what, file: r.path });
  }
  for (const c of claimed) {
    const other = role.get(c.key);
    if (other) {
      const hidden =
        path.resolve(other.file) !== path.resolve(c.file)
          ? ' (the same file, reached through a link or a mount)'
          : '';
      throw new KwtError(
        'usage',
        `${c.what} would overwrite ${other.what}${hidden}; kwt never writes over its own inputs, config or other outputs`,
      );
    }
    role.set(c.key, { what: c.what, file: c.file });
  }
}
