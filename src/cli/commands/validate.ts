// `kwt validate`: check blocks, app definitions and workflows offline. Declared here; src/cli/run/validate.ts does the work.
import { type ArgsOf, declareCommand } from '../command';
import { REPORT } from '../shared-flags';

const POSITIONALS = {
  files: { array: true, describe: 'Files, folders, globs, or - for stdin' },
} as const;

const FLAGS = {
  config: {
    alias: 'c',
    type: 'string',
    describe: 'Config file (its "validate" section sets rule severities)',
  },
  strict: { type: 'boolean', default: false, describe: 'Warnings count as findings (exit 1)' },
  quiet: {
    alias: 'q',
    type: 'boolean',
    default: false,
    describe: 'Show errors only, no totals line',
  },
  ...REPORT,
} as const;

export type ValidateArgs = ArgsOf<typeof FLAGS, typeof POSITIONALS>;

export default declareCommand({
  command: 'validate <files..>',
  describe: 'Validate workflows blocks, app definitions or workflows offline',
  examples: [
    ['$0 validate app.json', 'Check an app definition offline (exit 1 on errors)'],
    [
      '$0 validate app.json --report sarif --report-file kwt.sarif',
      'SARIF for GitHub code scanning',
    ],
  ],
  positionals: POSITIONALS,
  flags: FLAGS,
});
