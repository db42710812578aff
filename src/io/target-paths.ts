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
  /** Absolute paths of the input files (stdin has none). */
  inputs: readonly string[];
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
  for (const input of paths.inputs) role.set(realPathOf(input), `the input ${input}`);
  if (paths.config) role.set(realPathOf(paths.config), `the config ${paths.config}`);
  const claim = (file: string, what: string): void => {
    const real = realPathOf(file);
    const other = role.get(real);
    if (other)
      throw new KwtError(
        'usage',
        `${what} would overwrite ${other}${real !== file ? ` (through a link: ${real})` : ''}; kwt never writes over its own inputs, config or other outputs`,
      );
    role.set(real, what);
  };
  if (paths.target) claim(paths.target.file, `${paths.target.flag} ${paths.target.file}`);
  if (paths.outDir)
    for (const name of new Set(paths.outDir.names)) claim(path.join(paths.outDir.dir, name), `--out-dir file ${path.join(paths.outDir.dir, name)}`);
  if (paths.reportFile) claim(paths.reportFile, `--report-file ${paths.reportFile}`);
}
