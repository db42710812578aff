// Checks on parsed arguments that yargs does not make: a single-value flag given twice, an empty value, a size.
import { KwtError } from '../core/errors';

/** Options that take a list (repeatable); every other option takes one value. */
const REPEATABLE: ReadonlySet<string> = new Set(['_', '$0', 'inputs', 'files', 'transform', 'plugin', 'ignore', 'only', 'exclude', 'name', 'id']);
/** Options whose empty value is the usual sign of an unset CI variable (`-o "$OUT"`), never a real choice. */
const NOT_EMPTY = [
  'config',
  'app',
  'app-version',
  'out',
  'out-dir',
  'into',
  'report',
  'report-file',
  'max-input-size',
  'base-url',
  'token-env',
  'base',
  'preid',
];

/** `64MiB`, `100M`, `1g`, `5000000`: bytes (binary units; `k`, `m`, `g` alone mean KiB, MiB, GiB). */
export function parseSize(text: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(b|k|kb|kib|m|mb|mib|g|gb|gib)?\s*$/i.exec(text);
  if (!m) return undefined;
  const unit = (m[2] ?? 'b').toLowerCase()[0] as string;
  const factor = unit === 'k' ? 1024 : unit === 'm' ? 1024 ** 2 : unit === 'g' ? 1024 ** 3 : 1;
  const bytes = Math.floor(Number(m[1]) * factor);
  return bytes > 0 ? bytes : undefined;
}

/** Refuses what would otherwise be silently misread; returns the arguments with `maxInputSize` in bytes. */
export function checkArgs(args: Record<string, unknown>): Record<string, unknown> {
  for (const [key, value] of Object.entries(args)) {
    // yargs also lists each option under its alias and camel-case name: look at the long, dashed names only.
    if (REPEATABLE.has(key) || key.length === 1 || /[A-Z]/.test(key)) continue;
    if (Array.isArray(value)) throw new KwtError('usage', `--${key} was given ${value.length} times; it takes one value`);
  }
  for (const key of NOT_EMPTY) {
    if (args[key] === '') throw new KwtError('usage', `--${key} is empty (an unset variable?); give a value or leave the flag out`);
  }
  const size = args['max-input-size'];
  if (size === undefined) return args;
  const bytes = typeof size === 'string' ? parseSize(size) : undefined;
  if (bytes === undefined) throw new KwtError('usage', `--max-input-size ${JSON.stringify(size)}: expected a size such as 64MiB, 500M or 2G`);
  return { ...args, maxInputSize: bytes };
}
