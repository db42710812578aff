// `kwt transform`: run the pipeline over exports and write the workflows block. Declared here; src/cli/run/transform.ts does the work.
import { type ArgsOf, declareCommand } from '../command';
import { REPORT } from '../shared-flags';

const POSITIONALS = {
  inputs: { array: true, describe: 'Files, folders (every *.json below), globs, or - for stdin' },
} as const;

const FLAGS = {
  config: {
    alias: 'c',
    type: 'string',
    describe: 'Config file (default: the nearest kwt.config.json up to the project root)',
  },
  app: { type: 'string', describe: "The app's name (overrides the config's app)" },
  'app-version': {
    type: 'string',
    describe: "The version being released (overrides the config's version)",
  },
  out: { alias: 'o', type: 'string', describe: 'Write the block to this file instead of stdout' },
  'out-dir': {
    type: 'string',
    describe: 'Write one block per input into this folder, same base name',
  },
  into: { type: 'string', describe: 'Merge the block into this existing app definition' },
  transform: {
    alias: 't',
    type: 'string',
    array: true,
    describe: 'Run only these transforms (repeatable)',
  },
  plugin: {
    type: 'string',
    array: true,
    describe:
      'Load a transform module (path or package) and append it to the pipeline (repeatable)',
  },
  validate: {
    type: 'boolean',
    default: true,
    describe: 'Validate the result before writing (--no-validate to skip)',
  },
  'dry-run': {
    type: 'boolean',
    default: false,
    describe: 'Compute and report everything, write nothing',
  },
  diff: {
    type: 'boolean',
    default: false,
    describe: 'Print a unified diff of each target against what would be written',
  },
  check: {
    type: 'boolean',
    default: false,
    describe: 'Exit 0 when the target is up to date, 1 when it differs; writes nothing',
  },
  only: {
    type: 'string',
    array: true,
    describe: 'Only workflows whose export name matches this glob, ignoring case (repeatable)',
  },
  exclude: {
    type: 'string',
    array: true,
    describe: 'Leave out workflows whose export name matches this glob (repeatable)',
  },
  prune: {
    type: 'boolean',
    default: false,
    describe:
      "With --into: remove the app's workflows (by rename's prefix) that no export produces any more",
  },
  'exclude-disabled': {
    type: 'boolean',
    default: false,
    describe: 'Leave out workflows the org has disabled (enabled: false)',
  },
  'keep-going': {
    type: 'boolean',
    default: false,
    describe: 'Write the good inputs even when some fail (still exits 2)',
  },
  quiet: {
    alias: 'q',
    type: 'boolean',
    default: false,
    describe: 'No summary on stderr (errors are still shown)',
  },
  verbose: {
    type: 'boolean',
    default: false,
    describe: 'List every input in the summary, not only those with findings',
  },
  ...REPORT,
} as const;

export type TransformArgs = ArgsOf<typeof FLAGS, typeof POSITIONALS>;

export default declareCommand({
  command: 'transform <inputs..>',
  describe: 'Run the pipeline over exports and write the workflows block',
  examples: [
    [
      '$0 transform exports -c kwt.config.json -o block.json',
      'Convert a folder of exports into a block file',
    ],
    [
      '$0 transform exports --into app.json --check',
      'In CI: exit 1 when app.json is not up to date',
    ],
    [
      "$0 transform 'exports/**/*.json' '!**/draft-*' --dry-run --diff",
      'Preview a wave, leaving drafts out',
    ],
  ],
  positionals: POSITIONALS,
  flags: FLAGS,
});
