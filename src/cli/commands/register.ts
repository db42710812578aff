// `kwt register`: register the app version with Kustomer, validated offline first. Declared here; src/cli/run/register.ts does the work.
import { type ArgsOf, declareCommand } from '../command';
import { API, MAX_INPUT_SIZE } from '../shared-flags';

const POSITIONALS = {
  app: { describe: 'The app definition to register (a file, or - for stdin)' },
} as const;

const FLAGS = {
  config: {
    alias: 'c',
    type: 'string',
    describe: 'Config file (its "validate" section sets rule severities)',
  },
  'dry-run': {
    type: 'boolean',
    default: false,
    describe: 'Validate and print the request; send nothing',
  },
  ...MAX_INPUT_SIZE,
  quiet: { alias: 'q', type: 'boolean', default: false, describe: 'Print only what fails' },
  ...API,
} as const;

export type RegisterArgs = ArgsOf<typeof FLAGS, typeof POSITIONALS>;

export default declareCommand({
  command: 'register <app>',
  describe: 'Register the app version with Kustomer (validated offline first; never sent twice)',
  examples: [
    [
      'KUSTOMER_API_KEY=… $0 register app.json --dry-run',
      'Validate, and show the request that would be sent (secrets masked)',
    ],
    [
      'KUSTOMER_API_KEY=… $0 register app.json',
      'Register the version (permanent: Kustomer never lets it be changed)',
    ],
  ],
  positionals: POSITIONALS,
  flags: FLAGS,
});
