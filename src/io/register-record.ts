// Attempts of `kwt register` that broke off after sending: kept so that the next run of the same definition can read a
// 409 as "registered by that attempt". One small file per attempt under the user's state folder (KWT_STATE_DIR, else
// $XDG_STATE_HOME/kwt, else ~/.local/state/kwt); none is kept when no such folder can be named.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface AttemptKey {
  origin: string;
  app: string;
  version: string;
  body: string;
}

function stateDir(env: Readonly<Record<string, string | undefined>>): string | undefined {
  if (env['KWT_STATE_DIR']) return env['KWT_STATE_DIR'];
  if (env['XDG_STATE_HOME']) return path.join(env['XDG_STATE_HOME'], 'kwt');
  if (env['HOME']) return path.join(env['HOME'], '.local', 'state', 'kwt');
  return undefined;
}

function recordFile(
  key: AttemptKey,
  env: Readonly<Record<string, string | undefined>>,
): string | undefined {
  const dir = stateDir(env);
  if (dir === undefined) return undefined;
  // A digest names the attempt: the same definition for the same org's API, never the body or the key itself.
  const digest = createHash('sha256')
    .update(`${key.origin}\n${key.app}\n${key.version}\n${key.body}`)
    .digest('hex')
    .slice(0, 32);
  return path.join(dir, `register-${digest}.json`);
}

/** When an earlier attempt of this definition broke off (its ISO time), if one was recorded. */
export function earlierAttempt(
  key: AttemptKey,
  env: Readonly<Record<string, string | undefined>>,
): string | undefined {
  const file = recordFile(key, env);
  if (file === undefined) return undefined;
  try {
    // Only a small regular file is a record: a FIFO or a device put there would block the read.
    const stat = fs.statSync(file);
    if (!stat.isFile() || stat.size > 4096) return undefined;
    const at = (JSON.parse(fs.readFileSync(file, 'utf8')) as { at?: unknown }).at;
    return typeof at === 'string' ? at : undefined;
  } catch {
    return undefined;
  }
}

/** Records an attempt that broke off; a failure to record is not the run's failure (the message says what to check). */
export function recordAttempt(
  key: AttemptKey,
  env: Readonly<Record<string, string | undefined>>,
  at: Date,
): void {
  const file = recordFile(key, env);
  if (file === undefined) return;
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    fs.writeFileSync(
      file,
      JSON.stringify({ at: at.toISOString(), app: key.app, version: key.version }) + '\n',
      { mode: 0o600 },
    );
  } catch {
    // Best effort.
  }
}

export function forgetAttempt(
  key: AttemptKey,
  env: Readonly<Record<string, string | undefined>>,
): void {
  const file = recordFile(key, env);
  if (file === undefined) return;
  try {
    fs.rmSync(file, { force: true });
  } catch {
    // A folder in the record's place is not kwt's to remove; the answer stands without it.
  }
}
