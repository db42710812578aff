// The CLI entry: parses argv with yargs, dispatches to a command, and is the one funnel that turns outcomes into exit codes.
import type { Argv } from 'yargs';
import { isKwtError } from '../core/errors';
import { packageInfo } from '../core/version';
import { checkArgs } from './args';
import type { Io } from '../io/io';

export const EXIT = { ok: 0, findings: 1, error: 2 } as const;

/** The options `transform` and `validate` share: the JSON report and the input size limit. */
function reportOptions(y: Argv): Argv {
  return y
    .option('ignore', {
      type: 'string',
      array: true,
      describe: 'Skip files matching this glob in folders and patterns (repeatable; a !GLOB input does the same)',
    })
    .option('report', {
      type: 'string',
      choices: ['pretty', 'json', 'sarif'],
      default: 'pretty',
      describe: 'json or sarif: also print a machine-readable report (stdout, or --report-file)',
    })
    .option('report-file', { type: 'string', describe: 'Write the JSON or SARIF report to this file' })
    .option('format', {
      type: 'string',
      choices: ['pretty', 'github'],
      describe: 'How findings are shown: pretty lines, or GitHub Actions annotations (default when GITHUB_ACTIONS=true)',
    })
    .option('color', { type: 'boolean', describe: 'Colour severities and the summary (default: on a terminal; NO_COLOR and FORCE_COLOR are honoured)' })
    .option('max-input-size', { type: 'string', describe: 'Refuse an input larger than this, before reading it (default 64MiB)' });
}

function transformOptions(y: Argv): Argv {
  return reportOptions(
    y
      .example('$0 transform exports -c kwt.config.json -o block.json', 'Convert a folder of exports into a block file')
      .example('$0 transform exports --into app.json --check', 'In CI: exit 1 when app.json is not up to date')
      .example("$0 transform 'exports/**/*.json' '!**/draft-*' --dry-run --diff", 'Preview a wave, leaving drafts out')
      .positional('inputs', { type: 'string', array: true, describe: 'Files, folders (every *.json below), globs, or - for stdin' })
      .option('config', { alias: 'c', type: 'string', describe: 'Config file (default: the nearest kwt.config.json up to the project root)' })
      .option('app', { type: 'string', describe: "The app's name (overrides the config's app)" })
      .option('app-version', { type: 'string', describe: "The version being released (overrides the config's version)" })
      .option('out', { alias: 'o', type: 'string', describe: 'Write the block to this file instead of stdout' })
      .option('out-dir', { type: 'string', describe: 'Write one block per input into this folder, same base name' })
      .option('into', { type: 'string', describe: 'Merge the block into this existing app definition' })
      .option('transform', { alias: 't', type: 'string', array: true, describe: 'Run only these transforms (repeatable)' })
      .option('plugin', { type: 'string', array: true, describe: 'Load a transform module (path or package) and append it to the pipeline (repeatable)' })
      .option('validate', { type: 'boolean', default: true, describe: 'Validate the result before writing (--no-validate to skip)' })
      .option('dry-run', { type: 'boolean', default: false, describe: 'Compute and report everything, write nothing' })
      .option('diff', { type: 'boolean', default: false, describe: 'Print a unified diff of each target against what would be written' })
      .option('check', { type: 'boolean', default: false, describe: 'Exit 0 when the target is up to date, 1 when it differs; writes nothing' })
      .option('only', { type: 'string', array: true, describe: 'Only workflows whose export name matches this glob, ignoring case (repeatable)' })
      .option('exclude', { type: 'string', array: true, describe: 'Leave out workflows whose export name matches this glob (repeatable)' })
      .option('prune', {
        type: 'boolean',
        default: false,
        describe: "With --into: remove the app's workflows (by rename's prefix) that no export produces any more",
      })
      .option('exclude-disabled', { type: 'boolean', default: false, describe: 'Leave out workflows the org has disabled (enabled: false)' })
      .option('keep-going', { type: 'boolean', default: false, describe: 'Write the good inputs even when some fail (still exits 2)' })
      .option('quiet', { alias: 'q', type: 'boolean', default: false, describe: 'No summary on stderr (errors are still shown)' })
      .option('verbose', { type: 'boolean', default: false, describe: 'List every input in the summary, not only those with findings' }),
  );
}

function validateOptions(y: Argv): Argv {
  return reportOptions(
    y
      .example('$0 validate app.json', 'Check an app definition offline (exit 1 on errors)')
      .example('$0 validate app.json --report sarif --report-file kwt.sarif', 'SARIF for GitHub code scanning')
      .positional('files', { describe: 'Files, folders, globs, or - for stdin' })
      .option('config', { alias: 'c', type: 'string', describe: 'Config file (its "validate" section sets rule severities)' })
      .option('strict', { type: 'boolean', default: false, describe: 'Warnings count as findings (exit 1)' })
      .option('quiet', { alias: 'q', type: 'boolean', default: false, describe: 'Show errors only, no totals line' }),
  );
}

function initOptions(y: Argv): Argv {
  return y
    .example('$0 init exports --app acme_orders --write', 'Write ./kwt.config.json from the exports')
    .positional('inputs', { type: 'string', array: true, describe: 'Files, folders, globs, or - for stdin' })
    .option('app', { type: 'string', demandOption: true, describe: "The app's name (letters, digits, underscores)" })
    .option('app-version', { type: 'string', describe: 'The first version to release (default 0.0.1)' })
    .option('write', { type: 'string', describe: 'Write the config to this file (default ./kwt.config.json) instead of stdout' })
    .option('force', { type: 'boolean', default: false, describe: 'Let --write replace an existing file' })
    .option('quiet', { alias: 'q', type: 'boolean', default: false, describe: 'No notes on stderr' })
    .option('max-input-size', { type: 'string', describe: 'Refuse an input larger than this, before reading it (default 64MiB)' })
    .option('ignore', { type: 'string', array: true, describe: 'Skip files matching this glob in folders and patterns (repeatable)' });
}

function graphOptions(y: Argv): Argv {
  return y
    .example('$0 graph samples/exports -c samples/kwt.config.json > graph.md', 'Mermaid charts of the workflows as they will ship')
    .positional('inputs', { type: 'string', array: true, describe: 'Files, folders, globs, or - for stdin (exports, blocks, app definitions)' })
    .option('config', { alias: 'c', type: 'string', describe: 'Draw the transformed result of this config instead of the inputs as read' })
    .option('out', { alias: 'o', type: 'string', describe: 'Write to this file instead of stdout' })
    .example('$0 graph samples/exports -c samples/kwt.config.json --format html -o review.html', 'One offline page to review in a browser')
    .option('format', {
      type: 'string',
      choices: ['mermaid', 'html'],
      default: 'mermaid',
      describe: 'mermaid: Markdown with one Mermaid flowchart per workflow; html: one self-contained page that works offline',
    })
    .option('base', { type: 'string', describe: 'A previous app definition: mark added, changed and removed workflows and steps' })
    .option('max-input-size', { type: 'string', describe: 'Refuse an input larger than this, before reading it (default 64MiB)' })
    .option('quiet', { alias: 'q', type: 'boolean', default: false, describe: 'No note on stderr' });
}

function pullOptions(y: Argv): Argv {
  return y
    .example('KUSTOMER_API_KEY=… $0 pull --out-dir exports', 'Every enabled workflow of the org into exports/, with .kwt-pull.json')
    .example("$0 pull --out-dir exports --name 'Order*' --dry-run", 'What a pull of some workflows would write')
    .option('out-dir', { type: 'string', demandOption: true, describe: 'The export folder (created when missing)' })
    .option('name', { type: 'string', array: true, describe: 'Only workflows whose name matches this glob, ignoring case (repeatable)' })
    .option('exclude', { type: 'string', array: true, describe: 'Leave out workflows whose name matches this glob (repeatable)' })
    .option('id', { type: 'string', array: true, describe: 'Only the workflow with this id (repeatable)' })
    .option('include-disabled', { type: 'boolean', default: false, describe: 'Also pull workflows disabled in the org (skipped and listed by default)' })
    .option('prune', { type: 'boolean', default: false, describe: 'Delete the files of workflows the org no longer has' })
    .option('dry-run', { type: 'boolean', default: false, describe: 'List what would be written; write nothing' })
    .option('region', { type: 'string', choices: ['us', 'eu'], describe: 'us: api.kustomerapp.com (default); eu: api.prod2.kustomerapp.com' })
    .option('base-url', { type: 'string', describe: 'Another API origin (a proxy, a test server); https, or http to 127.0.0.1/localhost' })
    .option('token-env', { type: 'string', describe: 'The environment variable holding the API key (default KUSTOMER_API_KEY)' })
    .option('timeout', { type: 'number', default: 30, describe: 'Seconds before a stalled request is abandoned (and retried)' })
    .option('retries', { type: 'number', default: 4, describe: 'Retries of a request after 429, 5xx or a network error' })
    .option('report', { type: 'string', choices: ['pretty', 'json'], default: 'pretty', describe: 'json: also print a JSON report (stdout, or --report-file)' })
    .option('report-file', { type: 'string', describe: 'Write the JSON report to this file' })
    .option('quiet', { alias: 'q', type: 'boolean', default: false, describe: 'No summary' });
}

function buildParser(argv: string[], width: number): Argv {
  const yargsFactory = require('yargs/yargs') as (args: string[]) => Argv;
  return yargsFactory(argv)
    .scriptName('kwt')
    .usage('$0 <command> [options]\n\nTurn Kustomer workflow exports into a ready `workflows` block for an app definition.')
    .command('transform <inputs..>', 'Run the pipeline over exports and write the workflows block', transformOptions)
    .command('validate <files..>', 'Validate workflows blocks, app definitions or workflows offline', validateOptions)
    .command('init <inputs..>', 'Read exports and write a starter kwt.config.json (stdout, or --write)', initOptions)
    .command('graph <inputs..>', 'Draw the workflows as Mermaid flowcharts (Markdown)', graphOptions)
    .command('pull', "Fetch the org's workflows from the Kustomer API into an export folder", pullOptions)
    .command('list', 'List the built-in transforms with their descriptions')
    .command('schema', 'Print the JSON Schema of kwt.config.json')
    .completion('completion', 'Print a bash/zsh completion script (kwt completion >> ~/.bashrc)')
    .demandCommand(1, 'Name a command: transform, validate, init, pull, graph, list or schema.')
    .strict()
    .version(packageInfo().version)
    .alias('version', 'V')
    .help()
    .alias('help', 'h')
    .wrap(Math.min(110, width))
    .exitProcess(false);
}

// yargs-parser drops a bare `-` from positionals, so stdin is carried through parsing under this token.
const STDIN_TOKEN = '\u0000stdin';

interface Parsed {
  args?: Record<string, unknown>;
  output: string;
  error?: Error;
}

function parse(argv: string[], width: number): Promise<Parsed> {
  return new Promise((resolve) => {
    void buildParser(argv, width).parse(argv, {}, (error, args, output) => {
      resolve({ args: args, output, ...(error ? { error } : {}) });
    });
  });
}

const BUILDERS: Record<string, ((y: Argv) => Argv) | undefined> = {
  transform: transformOptions,
  validate: validateOptions,
  init: initOptions,
  pull: pullOptions,
  graph: graphOptions,
  list: undefined,
  schema: undefined,
  completion: undefined,
};

/** The long names and aliases a builder declares, read by running it on a recorder instead of yargs. */
function optionNames(builder: ((y: Argv) => Argv) | undefined): string[] {
  const names = ['help', 'version'];
  const recorder: unknown = new Proxy(
    {},
    {
      get: (_target, method) => (name: string, spec?: { alias?: string }) => {
        if (method === 'option') names.push(name, ...(spec?.alias !== undefined ? [spec.alias] : []));
        return recorder;
      },
    },
  );
  builder?.(recorder as Argv);
  return names;
}

/** yargs' message made short and helpful: an unknown command or option gets a "did you mean" and the command's help. */
function usageError(message: string, argv: readonly string[]): string {
  const { didYouMean } = require('../core/suggest-name') as typeof import('../core/suggest-name');
  const command = argv.find((a) => !a.startsWith('-'));
  const commands = Object.keys(BUILDERS);
  // didYouMean gives `; did you mean "x"?`: shown here in parentheses.
  const guess = (word: string, candidates: readonly string[]): string => didYouMean(word, candidates).replace(/^; (.*)$/, ' ($1)');
  if (command !== undefined && !commands.includes(command) && /^Unknown argument/.test(message)) {
    return `unknown command "${command}"${guess(command, commands)}; run kwt --help`;
  }
  if (/^Not enough non-option arguments/.test(message) && command !== undefined) {
    return `${command} needs at least one input (a file, a folder, a glob, or - for stdin); run ${`kwt ${command} --help`}`;
  }
  const help = command !== undefined && commands.includes(command) ? `kwt ${command} --help` : 'kwt --help';
  const unknown = /^Unknown arguments?: (.*)$/.exec(message);
  if (unknown) {
    const known = optionNames(command !== undefined ? BUILDERS[command] : undefined).filter((k) => k.length > 1);
    // A one-letter flag has no useful neighbour: every other letter is one edit away.
    const words = (unknown[1] as string).split(', ');
    // yargs names a stray positional (`kwt list foo`) the same way as an unknown flag: argv tells them apart.
    const strays = words.filter((w) => argv.includes(w) && !argv.includes(`--${w}`) && !argv.includes(`-${w}`));
    if (strays.length > 0) return `unexpected argument ${strays.map((w) => JSON.stringify(w)).join(', ')}; run ${help}`;
    const flags = words.map((f) => (f.length === 1 ? `-${f}` : `--${f}${guess(f, known).replace(/"([^"]+)"/, '"--$1"')}`));
    return `unknown option ${flags.join(', ')}; run ${help} for the options`;
  }
  const invalid = /Argument: ([\w-]+), Given: "([^"]*)", Choices: (.*)$/.exec(message);
  if (invalid) {
    const choices = (invalid[3] as string).split(', ').map((c) => c.replace(/^"|"$/g, ''));
    return `--${invalid[1]} ${JSON.stringify(invalid[2])} is not one of ${choices.join(', ')}${guess(invalid[2] as string, choices)}; run ${help}`;
  }
  return `${message.replace(/\.$/, '')}; run ${help}`;
}

/** Runs the named command with checked arguments. */
async function dispatch(command: string, args: Record<string, unknown>, io: Io): Promise<number> {
  switch (command) {
    case 'transform': {
      // Each command loads its own modules: `kwt list` never pays for the pipeline or ajv.
      const { runTransform } = require('./commands/transform') as typeof import('./commands/transform');
      return await runTransform(args as never, io);
    }
    case 'validate': {
      const { runValidate } = require('./commands/validate') as typeof import('./commands/validate');
      return await runValidate(args as never, io);
    }
    case 'init': {
      const { runInit } = require('./commands/init') as typeof import('./commands/init');
      return await runInit(args as never, io);
    }
    case 'graph': {
      const { runGraph } = require('./commands/graph') as typeof import('./commands/graph');
      return await runGraph(args as never, io);
    }
    case 'pull': {
      const { runPull } = require('./commands/pull') as typeof import('./commands/pull');
      return await runPull(args as never, io);
    }
    case 'list': {
      const { runList } = require('./commands/list') as typeof import('./commands/list');
      return runList(io);
    }
    case 'schema': {
      const { configSchema } = require('../schema/config-schema') as typeof import('../schema/config-schema');
      const { serialize } = require('../core/json') as typeof import('../core/json');
      io.stdout.write(serialize(configSchema()));
      return EXIT.ok;
    }
    default:
      io.stderr.write(`kwt: unknown command "${command}"; run kwt --help\n`);
      return EXIT.error;
  }
}

/** Runs one command; every path out returns an exit code here and nothing else exits the process. */
export async function main(argv: string[], io: Io): Promise<number> {
  try {
    const { args, output, error } = await parse(
      argv.map((a) => (a === '-' ? STDIN_TOKEN : a)),
      io.stdout.columns ?? 100,
    );
    for (const key of ['inputs', 'files']) {
      if (args && Array.isArray(args[key])) args[key] = (args[key] as string[]).map((a) => (a === STDIN_TOKEN ? '-' : String(a)));
    }
    // `kwt completion` prints its script, which yargs hands over with a strict-mode complaint about the word itself.
    if (argv[0] === 'completion' && output.includes('-completions')) {
      io.stdout.write(output.endsWith('\n') ? output : output + '\n');
      return EXIT.ok;
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
    const checked = checkArgs(args ?? {});
    const first = (checked._ as unknown[] | undefined)?.[0];
    return await dispatch(typeof first === 'string' ? first : '', checked, io);
  } catch (error) {
    if (isKwtError(error)) {
      // Credential-shaped text (from a config value, say) is masked even here.
      const { Redactor } = require('../core/secrets') as typeof import('../core/secrets');
      const { escapeControls } = require('../report/terminal-text') as typeof import('../report/terminal-text');
      io.stderr.write(escapeControls(new Redactor().maskText(`kwt: ${error.summary}\n${error.details.map((d) => `  - ${d}\n`).join('')}`)));
      return EXIT.error;
    }
    const { name, version } = packageInfo();
    io.stderr.write(
      `kwt: internal error: this is a bug, please report it with the command you ran.\n` +
        `  ${name} ${version}, node ${process.version}, ${process.platform}\n` +
        `  ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    return EXIT.error;
  }
}
