// Writes planned outputs atomically (temp file in the same folder, fsync, rename), only after everything is planned.
import * as path from 'node:path';
import { readFile } from 'node:fs/promises';
import { KwtError, errorMessage } from '../core/errors';
import type { PlannedWrite } from '../plan/plan';


/** Current content of a target, or undefined when it does not exist yet. */
export async function readTarget(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new KwtError('input', `${file}: cannot read (${(error as NodeJS.ErrnoException).code ?? errorMessage(error)})`);
  }
}

/**
 * Each file is replaced atomically: a reader (or a crash) sees the old file or the complete new one.
 * write-file-atomic does the temp-file + fsync + rename dance and cleans up its temp file on failure.
 */
export async function writeAll(writes: readonly PlannedWrite[]): Promise<void> {
  // Loaded only when something is written: a --check or --dry-run run never pays for them.
  const writeFileAtomic = require('write-file-atomic') as typeof import('write-file-atomic');
  const fs = require('fs-extra') as typeof import('fs-extra');
  for (const w of writes) {
    try {
      await fs.ensureDir(path.dirname(w.path));
      await writeFileAtomic(w.path, w.content, { encoding: 'utf8', fsync: true });
    } catch (error) {
      throw new KwtError('write', `${w.label}: cannot write (${(error as NodeJS.ErrnoException).code ?? errorMessage(error)})`);
    }
  }
}
