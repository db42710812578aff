// Flags several commands share, declared once and spread into each command's flags.
import { KwtError } from '../core/errors';
import type { FlagDecl } from './command';

/** `64MiB`, `100M`, `1g`, `5000000`: bytes (binary units; `k`, `m`, `g` alone mean KiB, MiB, GiB). */
export function parseSize(text: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(b|k|kb|kib|m|mb|mib|g|gb|gib)?\s*$/i.exec(text);
  if (!m) return undefined;
  const unit = (m[2] ?? 'b').toLowerCase()[0] as string;
  const factor = unit === 'k' ? 1024 : unit === 'm' ? 1024 ** 2 : unit === 'g' ? 1024 ** 3 : 1;
  const bytes = Math.floor(Number(m[1]) * factor);
  return bytes > 0 ? bytes : undefined;
}

/** --max-input-size's text as bytes; yargs hands a flag given twice to coerce as a list. */
function sizeInBytes(value: unknown): number {
  if (Array.isArray(value))
    throw new KwtError(
      'usage',
      `--max-input-size was given ${value.length} times; it takes one value`,
    );
  const bytes = typeof value === 'string' ? parseSize(value) : undefined;
  if (bytes === undefined)
    throw new KwtError(
      'usage',
      `--max-input-size ${JSON.stringify(value)}: expected a size such as 64MiB, 500M or 2G`,
    );
  return bytes;
}

export const MAX_INPUT_SIZE = {
  'max-input-size': {
    type: 'string',
    coerce: sizeInBytes,
    describe: 'Refuse an input larger than this, before reading it (default 64MiB)',
  },
} as const satisfies Record<string, FlagDecl>;

export const IGNORE = {
  ignore: {
    type: 'string',
    array: true,
    describe:
      'Skip files matching this glob in folders and patterns (repeatable; a !GLOB input does the same)',
  },
} as const satisfies Record<string, FlagDecl>;

/** The run report of `transform` and `validate`: findings on stderr, and a JSON or SARIF document. */
export const REPORT = {
  ...IGNORE,
  report: {
    type: 'string',
    choices: ['pretty', 'json', 'sarif'],
    default: 'pretty',
    describe: 'json or sarif: also print a machine-readable report (stdout, or --report-file)',
  },
  'report-file': { type: 'string', describe: 'Write the JSON or SARIF report to this file' },
  format: {
    type: 'string',
    choices: ['pretty', 'github'],
    describe:
      'How findings are shown: pretty lines, or GitHub Actions annotations (default when GITHUB_ACTIONS=true)',
  },
  color: {
    type: 'boolean',
    describe:
      'Colour severities and the summary (default: on a terminal; NO_COLOR and FORCE_COLOR are honoured)',
  },
  ...MAX_INPUT_SIZE,
} as const satisfies Record<string, FlagDecl>;

/** The connection to Kustomer's API, shared by pull and register. */
export const API = {
  region: {
    type: 'string',
    choices: ['us', 'eu'],
    describe: 'us: api.kustomerapp.com (default); eu: api.prod2.kustomerapp.com',
  },
  'base-url': {
    type: 'string',
    describe: 'Another API origin (a proxy, a test server); https, or http to 127.0.0.1/localhost',
  },
  'token-env': {
    type: 'string',
    describe: 'The environment variable holding the API key (default KUSTOMER_API_KEY)',
  },
  timeout: {
    type: 'number',
    default: 30,
    describe: 'Seconds before a stalled request is abandoned',
  },
  retries: {
    type: 'number',
    default: 4,
    describe:
      'Retries of a request that surely did not arrive (429, a refused connection; pull: also 5xx and timeouts)',
  },
} as const satisfies Record<string, FlagDecl>;
