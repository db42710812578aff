// `kwt init`: read exports and write a starter kwt.config.json. Declared here; src/cli/run/init.ts does the work.
import { type ArgsOf, declareCommand } from '../command';
import { IGNORE, MAX_INPUT_SIZE } from '../shared-flags';

const POSITIONALS = {
  inputs: { array: true, describe: 'Files, folders, globs, or - for stdin' },
} as const;

const FLAGS = {
  app: {
    type: 'string',
    describe: "The app's name (letters, digits, underscores); with --update, the config's",
  },
  'app-version': { type: 'string', describe: 'The first version to release (default 0.0.1)' },
  write: {
    type: 'string',
    optionalValue: true,
    describe: 'Write the config to this file (default ./kwt.config.json) instead of stdout',
  },
  force: { type: 'boolean', default: false, describe: 'Let --write replace an existing file' },
  update: {
    type: 'string',
    optionalValue: true,
    describe:
      'Add to this config (default ./kwt.config.json) what the exports need and it lacks; every entry it has stays as it is',
  },
  quiet: { alias: 'q', type: 'boolean', default: false, describe: 'No notes on stderr' },
  ...MAX_INPUT_SIZE,
  ...IGNORE,
} as const;

export type InitArgs = ArgsOf<typeof FLAGS, typeof POSITIONALS>;

export default declareCommand({
  command: 'init <inputs..>',
  describe: 'Read exports and write a starter kwt.config.json (stdout, or --write)',
  examples: [
    ['$0 init exports --app acme_orders --write', 'Write ./kwt.config.json from the exports'],
    [
      '$0 init exports --update',
      'Add to ./kwt.config.json what new exports need; keep every entry it has',
    ],
  ],
  positionals: POSITIONALS,
  flags: FLAGS,
});
