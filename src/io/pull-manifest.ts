// The pull manifest (.kwt-pull.json) as a file: read only when it is what kwt writes there.
import * as fs from 'node:fs';
import { KwtError } from '../core/errors';

/**
 * The manifest's text, when it is a regular file of a sane size; a folder or FIFO in its place is refused, not read (a
 * FIFO would block). For pull, which writes it, and init, which names settings after the variables it lists.
 */
export function readManifestText(file: string, label: string): string | undefined {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    // Not there (or the folder is not one: --out-dir then says so when it is made).
    return undefined;
  }
  if (!stat.isFile())
    throw new KwtError(
      'usage',
      `${label}: is not a regular file; kwt keeps its pull manifest there (remove it, or pull into another folder)`,
    );
  if (stat.size > MAX_MANIFEST_BYTES)
    throw new KwtError(
      'input',
      `${label}: ${stat.size} bytes, larger than a pull manifest can be; remove it to start afresh`,
    );
  return fs.readFileSync(file, 'utf8');
}

/** 64 MiB: a manifest of 100,000 workflows with their variables is a few MiB. */
const MAX_MANIFEST_BYTES = 64 * 1024 * 1024;
