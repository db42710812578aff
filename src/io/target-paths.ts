// Refuses, before any input is read, a run whose outputs would land on its own inputs, its config or each other,
// comparing real paths so that a symlink or a `..` cannot hide the overlap.
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
  /** The input files (stdin has none), and whether each was reached through a symlink. */
  inputs: readonly { path: string; link?: boolean }[];
  config?: string;
  /** `-o` or `--into`, absolute. */
  target?: { flag: string; file: string };
  /** `--out-dir`, absolute, with the base names it would write. */
  outDir?: { dir: string; names: readonly string[] };
  reportFile?: string;
}

/** Throws a usage error naming the first overlap; the run has not read or written anything yet. */
export function checkPathsApart(paths: RunPaths): void {
  const role = new Map<string, string>();
  const outDirReal = paths.outDir ? realPathOf(paths.outDir.dir) : undefined;
  /** An out-dir file's real path: the real folder and its name, unless the file is itself a link. */
  const outDirFile = (name: string): string => {
    const file = path.join(outDirReal as string, name);
    return fs.lstatSync(file, { throwIfNoEntry: false })?.isSymbolicLink() ? realPathOf(file) : file;
  };
  const outDirFiles = paths.outDir ? [...new Set(paths.outDir.names)].map((name) => ({ name, real: outDirFile(name) })) : [];
  const outputNames = new Set([
    ...[paths.target?.file, paths.reportFile].flatMap((f) => (f === undefined ? [] : [path.basename(realPathOf(f))])),
    ...outDirFiles.map((f) => path.basename(f.real)),
  ]);
  for (const input of paths.inputs) {
    // A real path keeps the file's name unless the file itself is a link: other inputs cannot collide, and a batch
    // of thousands does not pay a realpath each.
    if (input.link || outputNames.has(path.basename(input.path))) role.set(realPathOf(input.path), `the input ${input.path}`);
  }
  if (paths.config) role.set(realPathOf(paths.config), `the config ${paths.config}`);
  const claim = (file: string, what: string, known?: string): void => {
    const real = known ?? realPathOf(file);
    const other = role.get(real);
    if (other)
      throw new KwtError(
        'usage',
        `${what} would overwrite ${other}${real !== file ? ` (through a link: ${real})` : ''}; kwt never writes over its own inputs, config or other outputs`,
      );
    role.set(real, what);
  };
  if (paths.target) claim(paths.target.file, `${paths.target.flag} ${paths.target.file}`);
  for (const f of outDirFiles) claim(path.join(paths.outDir!.dir, f.name), `--out-dir file ${path.join(paths.outDir!.dir, f.name)}`, f.real);
  if (paths.reportFile) claim(paths.reportFile, `--report-file ${paths.reportFile}`);
}
