// The fast path for ordinary command lines: the options declared in options.ts, parsed by yargs-parser alone. Loading and
// building yargs costs about 45 ms, a third of a one-file run; help, completion and every malformed line still go to yargs.
import type { Argv } from 'yargs';
import { COMMANDS } from './options';

export interface OptionSpec {
  type?: 'string' | 'boolean' | 'number';
  alias?: string;
  array?: boolean;
  default?: unknown;
  choices?: readonly string[];
  demandOption?: boolean | string;
}

/** What a builder declares, read by running it on a recorder instead of yargs: option name to its spec. */
export function recordOptions(builder: ((y: Argv) => Argv) | undefined): Map<string, OptionSpec> {
  const options = new Map<string, OptionSpec>();
  const recorder: unknown = new Proxy(
    {},
    {
      get: (_target, method) => (name: string, spec?: OptionSpec) => {
        if (method === 'option') options.set(name, spec ?? {});
        return recorder;
      },
    },
  );
  builder?.(recorder as Argv);
  return options;
}

/** yargs' camel-case expansion of a dashed name (`dry-run` is also `dryRun`). */
function camel(name: string): string {
  return name.replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase());
}

/**
 * Tokens yargs gives a meaning beyond parsing: help and version (also `help` as the last word), completion requests, the
 * `--` separator, grouped short flags (`-qh`), and camel-case spellings of options (`--dryRun`), which yargs maps to the
 * declared option. Any of them sends the line to yargs.
 */
function needsYargs(argv: readonly string[]): boolean {
  return argv.some(
    (a) =>
      a === '--' || a === 'help' || /^-(h|V|-help|-version)(=|$)/.test(a) || a.startsWith('--get-yargs') || /^-[^-\d]{2,}/.test(a) || /^--[^=]*[A-Z]/.test(a),
  );
}

/** Refuses what yargs would refuse or treat otherwise: the caller then asks yargs, which explains. */
function accepted(parsed: Record<string, unknown>, options: Map<string, OptionSpec>, known: Set<string>): boolean {
  for (const key of Object.keys(parsed)) if (!known.has(key)) return false;
  for (const [name, spec] of options) {
    const value = parsed[name];
    if (spec.demandOption !== undefined && spec.demandOption !== false && value === undefined) return false;
    const values = Array.isArray(value) ? (value as unknown[]) : [value];
    if (spec.choices && value !== undefined && !values.every((v) => spec.choices?.includes(v as string))) return false;
    if (spec.type === 'number' && values.some((v) => v !== undefined && (typeof v !== 'number' || Number.isNaN(v)))) return false;
  }
  return true;
}

/**
 * Parses a plain `kwt COMMAND …` line into the arguments yargs would give, or undefined when yargs must handle it. A test
 * holds the two equal over generated command lines.
 */
export function fastParse(argv: readonly string[]): Record<string, unknown> | undefined {
  const command = COMMANDS.find((c) => c.name === argv[0]);
  if (!command || needsYargs(argv)) return undefined;
  const options = recordOptions(command.builder);
  const spec = { alias: {} as Record<string, string[]>, array: [] as string[], boolean: [] as string[], string: [] as string[], number: [] as string[] };
  const defaults: Record<string, unknown> = {};
  const known = new Set(['_', '$0']);
  for (const [name, o] of options) {
    known.add(name).add(camel(name));
    if (o.alias !== undefined) {
      spec.alias[name] = [o.alias];
      known.add(o.alias);
    }
    if (o.array) spec.array.push(name);
    if (o.type) spec[o.type].push(name);
    if (o.default !== undefined) defaults[name] = o.default;
  }
  const parser = require('yargs-parser') as typeof import('yargs-parser');
  const result = parser.detailed(argv.slice(1), {
    ...spec,
    default: defaults,
    configuration: { 'parse-positional-numbers': false, 'populate--': true },
  });
  const parsed = result.argv as Record<string, unknown>;
  if (result.error || (parsed['--'] as unknown[] | undefined)?.length) return undefined;
  delete parsed['--'];
  const positionals = (parsed['_'] as unknown[]).map(String);
  const variadic = /<(\w+)\.\.>/.exec(command.usage)?.[1];
  // One required positional (`release <app>`): exactly one word.
  const single = /<(\w+)>/.exec(command.usage)?.[1];
  const wanted = variadic !== undefined ? positionals.length > 0 : single !== undefined ? positionals.length === 1 : positionals.length === 0;
  if (!wanted) return undefined;
  if (!accepted(parsed, options, known)) return undefined;
  parsed['_'] = [command.name];
  if (variadic !== undefined) parsed[variadic] = positionals;
  if (single !== undefined) parsed[single] = positionals[0];
  parsed['$0'] = 'kwt';
  return parsed;
}
