// A file as a git commit holds it (`git:REF:PATH`, read with `git show`), for comparing with the released definition
// without checking it out. git runs with its arguments as a list, never through a shell.
import { spawnSync } from 'node:child_process';
import { KwtError } from '../core/errors';

export interface GitSpec {
  ref: string;
  path: string;
}

/** `git:v1.2.0:app.json` -> {ref: "v1.2.0", path: "app.json"}; undefined when the text is not a git spec. */
export function parseGitSpec(text: string): GitSpec | undefined {
  const m = /^git:([^:]+):(.+)$/.exec(text);
  if (!m) return undefined;
  const [ref, file] = [m[1] as string, m[2] as string];
  // An option-shaped ref would be read by git as a flag.
  if (ref.startsWith('-')) throw new KwtError('usage', `${text}: the ref may not start with "-"`);
  return { ref, path: file };
}

/**
 * The bytes of PATH at REF in the repository around `cwd`. A PATH starting with `./` is relative to `cwd`, any other
 * to the repository's root (git's own rule for `REF:PATH`).
 */
export function readGitFile(spec: GitSpec, cwd: string, limit: number): Buffer {
  const shown = `git:${spec.ref}:${spec.path}`;
  const result = spawnSync('git', ['show', '--no-textconv', `${spec.ref}:${spec.path}`], {
    cwd,
    maxBuffer: limit + 1,
    encoding: 'buffer',
  });
  if (result.error !== undefined) {
    const code = (result.error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT')
      throw new KwtError('input', `${shown}: git is not installed (or not on PATH)`);
    if (code === 'ENOBUFS') throw new KwtError('input', `${shown}: larger than the input limit`);
    throw new KwtError('input', `${shown}: git failed (${code ?? result.error.message})`);
  }
  if (result.status !== 0) {
    const said = result.stderr.toString('utf8').trim().split('\n')[0] ?? '';
    throw new KwtError(
      'input',
      `${shown}: git could not read it (${said.replace(/^fatal: /, '') || `exit ${result.status}`})`,
    );
  }
  return result.stdout;
}
