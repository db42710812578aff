// The commands and their options, declared once: yargs builds help and errors from them, and the fast path reads them too.
import type { Argv } from 'yargs';

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
      .positional('files', { type: 'string', array: true, describe: 'Files, folders, globs, or - for stdin' })
      .option('config', { alias: 'c', type: 'string', describe: 'Config file (its "validate" section sets rule severities)' })
      .option('strict', { type: 'boolean', default: false, describe: 'Warnings count as findings (exit 1)' })
      .option('quiet', { alias: 'q', type: 'boolean', default: false, describe: 'Show errors only, no totals line' }),
  );
}

function initOptions(y: Argv): Argv {
  return y
    .example('$0 init exports --app acme_orders --write', 'Write ./kwt.config.json from the exports')
    .positional('inputs', { type: 'string', array: true, describe: 'Files, folders, globs, or - for stdin' })
    .example('$0 init exports --update', 'Add to ./kwt.config.json what new exports need; keep every entry it has')
    .option('app', { type: 'string', describe: "The app's name (letters, digits, underscores); with --update, the config's" })
    .option('app-version', { type: 'string', describe: 'The first version to release (default 0.0.1)' })
    .option('write', { type: 'string', describe: 'Write the config to this file (default ./kwt.config.json) instead of stdout' })
    .option('force', { type: 'boolean', default: false, describe: 'Let --write replace an existing file' })
    .option('update', {
      type: 'string',
      describe: 'Add to this config (default ./kwt.config.json) what the exports need and it lacks; every entry it has stays as it is',
    })
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

/** The connection to Kustomer's API, shared by pull and register. */
function apiOptions(y: Argv): Argv {
  return y
    .option('region', { type: 'string', choices: ['us', 'eu'], describe: 'us: api.kustomerapp.com (default); eu: api.prod2.kustomerapp.com' })
    .option('base-url', { type: 'string', describe: 'Another API origin (a proxy, a test server); https, or http to 127.0.0.1/localhost' })
    .option('token-env', { type: 'string', describe: 'The environment variable holding the API key (default KUSTOMER_API_KEY)' })
    .option('timeout', { type: 'number', default: 30, describe: 'Seconds before a stalled request is abandoned' })
    .option('retries', {
      type: 'number',
      default: 4,
      describe: 'Retries of a request that surely did not arrive (429, a refused connection; pull: also 5xx and timeouts)',
    });
}

function releaseOptions(y: Argv): Argv {
  return y
    .example('$0 release app.json --base git:v1.2.0:app.json', 'The changes since the tagged release, and the bump they ask for')
    .example('$0 release app.json --base git:origin/main:app.json --check', 'In CI: exit 1 when the version is not enough for the changes')
    .example('$0 release app.json --base released/app.json --write', 'Set the next version and add its changelog entry')
    .positional('app', { type: 'string', describe: 'The new app definition (a file, or - for stdin)' })
    .option('base', { type: 'string', describe: 'The released definition: a file, or git:REF:PATH (e.g. git:v1.2.0:app.json); none for a first release' })
    .option('config', { alias: 'c', type: 'string', describe: 'Config file (its "release.policy" adjusts the bump of each kind of change)' })
    .option('check', { type: 'boolean', default: false, describe: 'Exit 1 when the version is not greater than the base or too small for the changes' })
    .option('write', { type: 'boolean', default: false, describe: "Set the next version (also the config's) and add a changelog entry" })
    .option('preid', { type: 'string', describe: 'With --write, when kwt picks the version: a pre-release with this id (beta -> 1.3.0-beta.1)' })
    .option('report', { type: 'string', choices: ['pretty', 'json', 'markdown'], default: 'pretty', describe: 'How the changes are printed on stdout' })
    .option('max-input-size', { type: 'string', describe: 'Refuse an input larger than this, before reading it (default 64MiB)' })
    .option('quiet', { alias: 'q', type: 'boolean', default: false, describe: 'Print only what fails' });
}

function registerOptions(y: Argv): Argv {
  return apiOptions(
    y
      .example('KUSTOMER_API_KEY=… $0 register app.json --dry-run', 'Validate, and show the request that would be sent (secrets masked)')
      .example('KUSTOMER_API_KEY=… $0 register app.json', 'Register the version (permanent: Kustomer never lets it be changed)')
      .positional('app', { type: 'string', describe: 'The app definition to register (a file, or - for stdin)' })
      .option('config', { alias: 'c', type: 'string', describe: 'Config file (its "validate" section sets rule severities)' })
      .option('dry-run', { type: 'boolean', default: false, describe: 'Validate and print the request; send nothing' })
      .option('max-input-size', { type: 'string', describe: 'Refuse an input larger than this, before reading it (default 64MiB)' })
      .option('quiet', { alias: 'q', type: 'boolean', default: false, describe: 'Print only what fails' }),
  );
}

function pullOptions(y: Argv): Argv {
  return apiOptions(y)
    .example('KUSTOMER_API_KEY=… $0 pull --out-dir exports', 'Every enabled workflow of the org into exports/, with .kwt-pull.json')
    .example("$0 pull --out-dir exports --name 'Order*' --dry-run", 'What a pull of some workflows would write')
    .option('out-dir', { type: 'string', demandOption: true, describe: 'The export folder (created when missing)' })
    .option('name', { type: 'string', array: true, describe: 'Only workflows whose name matches this glob, ignoring case (repeatable)' })
    .option('exclude', { type: 'string', array: true, describe: 'Leave out workflows whose name matches this glob (repeatable)' })
    .option('id', { type: 'string', array: true, describe: 'Only the workflow with this id (repeatable)' })
    .option('include-disabled', { type: 'boolean', default: false, describe: 'Also pull workflows disabled in the org (skipped and listed by default)' })
    .option('prune', { type: 'boolean', default: false, describe: 'Delete the files of workflows the org no longer has' })
    .option('dry-run', { type: 'boolean', default: false, describe: 'List what would be written; write nothing' })
    .option('report', { type: 'string', choices: ['pretty', 'json'], default: 'pretty', describe: 'json: also print a JSON report (stdout, or --report-file)' })
    .option('report-file', { type: 'string', describe: 'Write the JSON report to this file' })
    .option('quiet', { alias: 'q', type: 'boolean', default: false, describe: 'No summary' });
}

/** Each command: its yargs usage line, its one-line description and its options. */
export const COMMANDS: readonly { name: string; usage: string; describe: string; builder?: (y: Argv) => Argv }[] = [
  { name: 'transform', usage: 'transform <inputs..>', describe: 'Run the pipeline over exports and write the workflows block', builder: transformOptions },
  { name: 'validate', usage: 'validate <files..>', describe: 'Validate workflows blocks, app definitions or workflows offline', builder: validateOptions },
  { name: 'init', usage: 'init <inputs..>', describe: 'Read exports and write a starter kwt.config.json (stdout, or --write)', builder: initOptions },
  { name: 'graph', usage: 'graph <inputs..>', describe: 'Draw the workflows as Mermaid flowcharts (Markdown)', builder: graphOptions },
  { name: 'pull', usage: 'pull', describe: "Fetch the org's workflows from the Kustomer API into an export folder", builder: pullOptions },
  {
    name: 'release',
    usage: 'release <app>',
    describe: 'Say which version bump the changes since the released definition ask for; check or write it',
    builder: releaseOptions,
  },
  {
    name: 'register',
    usage: 'register <app>',
    describe: 'Register the app version with Kustomer (validated offline first; never sent twice)',
    builder: registerOptions,
  },
  { name: 'list', usage: 'list', describe: 'List the built-in transforms with their descriptions' },
  { name: 'schema', usage: 'schema', describe: 'Print the JSON Schema of kwt.config.json' },
];
