// The CLI entry: parses argv with yargs from the command declarations (commands/), runs the command's handler, and is
// the one funnel that turns outcomes into exit codes.
import * as path from 'node:path';
import type { Argv } from 'yargs';
import { isKwtError } from '../core/errors';
import { packageInfo } from '../core/version';
import { builderOf, checkFlags, nameOf } from './command';
import { COMMANDS } from './registry';
import type { Io } from '../io/io';
import { endRun } from '../io/run-end';

export const EXIT = { ok: 0, findings: 1, error: 2 } as const;

function buildParser(argv: string[], width: number): Argv {
  const yargsFactory = require('yargs/yargs') as (args: string[]) => Argv;
  let y = yargsFactory(argv)
    .scriptName('kwt')
    .usage(
      '$0 <command> [options]\n\nTurn Kustomer workflow exports into a ready `workflows` block for an app definition.',
    );
  for (const c of COMMANDS) y = y.command(c.command, c.describe, builderOf(c));
  return y
    .demandCommand(1, `Name a command: ${COMMANDS.map(nameOf).join(', ')}.`)
    .strict()
    .version(packageInfo().version)
    .alias('version', 'V')
    .help()
    .alias('help', 'h')
    .wrap(Math.min(110, width))
    .exitProcess(false);
}

// yargs-parser drops a bare `-` from positionals, so stdin is carried through parsing under this token.
export const STDIN_TOKEN = '\u0000stdin';

interface Parsed {
  args?: Record<string, unknown>;
  output: string;
  error?: Error;
}

/** yargs' parse: arguments, or the help or version text, or a usage error. */
function parse(argv: string[], width: number): Promise<Parsed> {
  return new Promise((resolve) => {
    void buildParser(argv, width).parse(argv, {}, (error, args, output) => {
      resolve({ args: args, output, ...(error ? { error } : {}) });
    });
  });
}

/** The long names and aliases a command declares. */
function optionNames(command: string | undefined): string[] {
  const names = ['help', 'version'];
  for (const [name, flag] of Object.entries(
    COMMANDS.find((c) => nameOf(c) === command)?.flags ?? {},
  )) {
    names.push(name);
    if (flag.alias !== undefined) names.push(flag.alias);
  }
  return names;
}

/** yargs' message made short and helpful: an unknown command or option gets a "did you mean" and the command's help. */
function usageError(message: string, argv: readonly string[]): string {
  const { didYouMean } = require('../core/suggest-name') as typeof import('../core/suggest-name');
  const command = argv.find((a) => !a.startsWith('-'));
  const commands = COMMANDS.map(nameOf);
  // didYouMean gives `; did you mean "x"?`: shown here in parentheses.
  const guess = (word: string, candidates: readonly string[]): string =>
    didYouMean(word, candidates).replace(/^; (.*)$/, ' ($1)');
  if (command !== undefined && !commands.includes(command) && /^Unknown argument/.test(message)) {
    return `unknown command "${command}"${guess(command, commands)}; run kwt --help`;
  }
  if (/^Not enough non-option arguments/.test(message) && command !== undefined) {
    return `${command} needs at least one input (a file, a folder, a glob, or - for stdin); run ${`kwt ${command} --help`}`;
  }
  const help =
    command !== undefined && commands.includes(command) ? `kwt ${command} --help` : 'kwt --help';
  const unknown = /^Unknown arguments?: (.*)$/.exec(message);
  if (unknown) {
    const known = optionNames(command).filter((k) => k.length > 1);
    // A one-letter flag has no useful neighbour: every other letter is one edit away.
    const words = (unknown[1] as string).split(', ');
    // yargs names a stray positional (`kwt list foo`) the same way as an unknown flag: argv tells them apart.
    const strays = words.filter(
      (w) => argv.includes(w) && !argv.includes(`--${w}`) && !argv.includes(`-${w}`),
    );
    if (strays.length > 0)
      return `unexpected argument ${strays.map((w) => JSON.stringify(w)).join(', ')}; run ${help}`;
    const flags = words.map((f) =>
      f.length === 1 ? `-${f}` : `--${f}${guess(f, known).replace(/"([^"]+)"/, '"--$1"')}`,
    );
    return `unknown option ${flags.join(', ')}; run ${help} for the options`;
  }
  const invalid = /Argument: ([\w-]+), Given: "([^"]*)", Choices: (.*)$/.exec(message);
  if (invalid) {
    const choices = (invalid[3] as string).split(', ').map((c) => c.replace(/^"|"$/g, ''));
    return `--${invalid[1]} ${JSON.stringify(invalid[2])} is not one of ${choices.join(', ')}${guess(invalid[2] as string, choices)}; run ${help}`;
  }
  return `${message.replace(/\.$/, '')}; run ${help}`;
}

/**
 * An output named `-`, /dev/stdout or the very file stdout is redirected to is stdout: the output flag is dropped, so
 * the command prints there as it does without it (through the one stdout stream, after what came before, never a file
 * renamed over the shell's redirection).
 */
function stdoutTargets(args: Record<string, unknown>, cwd: string): void {
  for (const [flag, aliases] of [
    ['out', ['o']],
    ['reportFile', ['report-file']],
  ] as const) {
    const value = args[flag];
    if (typeof value !== 'string') continue;
    const { stdStreamOf } = require('../io/std-streams') as typeof import('../io/std-streams');
    if (value === '-' || stdStreamOf(path.resolve(cwd, value)) === 'stdout')
      for (const key of [flag, ...aliases]) delete args[key];
  }
}

/**
 * The stack of an internal error with kwt's own folder shown as `kwt/` and at most ten frames: where it broke, without
 * the machine's paths (a home folder, a user name) in a report someone pastes into an issue.
 */
export function shortStack(error: unknown, root: string): string {
  const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
  const lines = text.split('\n').map((line) => line.split(root + path.sep).join('kwt/'));
  const frames = lines.filter((line) => line.trimStart().startsWith('at '));
  const head = lines.filter((line) => !line.trimStart().startsWith('at '));
  return [...head, ...frames.slice(0, 10)]
    .join('\n')
    .replace(/(?:\/[\w.@-]+)+\/node_modules\//g, 'node_modules/')
    .replace(/\((?:\/[^():]+)+:(\d+:\d+)\)/g, '(…:$1)');
}

/** The completion candidates `kwt __complete <words…>` prints (computed from the declarations, not parsed). */
function complete(words: readonly string[], io: Io): number {
  const { completions } = require('./completion') as typeof import('./completion');
  io.stdout.write(
    completions(words, COMMANDS)
      .map((c) => c + '\n')
      .join(''),
  );
  return EXIT.ok;
}

/** Every value that was a bare `-` is `-` again (yargs was given a token it would not read as a flag). */
function restoreStdin(args: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(args)) {
    if (value === STDIN_TOKEN) args[key] = '-';
    else if (Array.isArray(value) && value.includes(STDIN_TOKEN)) {
      args[key] = value.map((a: unknown) => (a === STDIN_TOKEN ? '-' : a));
    }
  }
}

/** The exit code of a failure: a KwtError is its message (masked, escaped); anything else is a bug, said so. */
function failed(error: unknown, io: Io): number {
  if (isKwtError(error)) {
    if (error.silent) return EXIT.error;
    // Credential-shaped text (from a config value, say) is masked even here.
    const { Redactor } = require('../core/secrets') as typeof import('../core/secrets');
    const { escapeControls } =
      require('../report/terminal-text') as typeof import('../report/terminal-text');
    const details = error.details.map((d) => `  - ${d}\n`).join('');
    io.stderr.write(escapeControls(new Redactor().maskText(`kwt: ${error.summary}\n${details}`)));
    return EXIT.error;
  }
  const { name, version, root } = packageInfo();
  io.stderr.write(
    `kwt: internal error: this is a bug, please report it with the command you ran.\n` +
      `  ${name} ${version}, node ${process.version}, ${process.platform}\n` +
      `  ${shortStack(error, root)}\n`,
  );
  return EXIT.error;
}

/** Parses and runs the command; help, version and usage errors end here too. */
async function run(argv: string[], io: Io): Promise<number> {
  const stdinMarked = argv.map((a) => (a === '-' ? STDIN_TOKEN : a));
  const { args, output, error } = await parse(stdinMarked, io.stdout.columns ?? 100);
  if (args) {
    restoreStdin(args);
    stdoutTargets(args, io.cwd);
  }
  if (error) {
    // A short usage error, as git and npm give: what was wrong, a guess, and where the help is; not 30 lines of help.
    io.stderr.write(`kwt: ${usageError(error.message, argv)}\n`);
    return EXIT.error;
  }
  if (output) {
    // --help or --version: yargs produced the text; it goes to stdout.
    io.stdout.write(output.endsWith('\n') ? output : output + '\n');
    return EXIT.ok;
  }
  const first = (args?._ as unknown[] | undefined)?.[0];
  const command = COMMANDS.find((c) => nameOf(c) === first);
  if (!args || !command) {
    io.stderr.write(`kwt: unknown command "${String(first)}"; run kwt --help\n`);
    return EXIT.error;
  }
  checkFlags(command, args);
  try {
    return await command.handler(args as never, io);
  } finally {
    endRun();
  }
}

/** Runs one command; every path out returns an exit code here and nothing else exits the process. */
export async function main(argv: string[], io: Io): Promise<number> {
  if (argv[0] === '__complete') return complete(argv.slice(1), io);
  try {
    return await run(argv, io);
  } catch (error) {
    return failed(error, io);
  }
}
