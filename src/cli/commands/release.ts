// `kwt release`: the version bump the changes ask for, checked or written. Declared here; src/cli/run/release.ts does the work.
import { type ArgsOf, declareCommand } from '../command';
import { MAX_INPUT_SIZE } from '../shared-flags';

const POSITIONALS = {
  app: { describe: 'The new app definition (a file, or - for stdin)' },
} as const;

const FLAGS = {
  base: {
    type: 'string',
    describe:
      'The released definition: a file, or git:REF:PATH (e.g. git:v1.2.0:app.json); none for a first release',
  },
  config: {
    alias: 'c',
    type: 'string',
    describe: 'Config file (its "release.policy" adjusts the bump of each kind of change)',
  },
  check: {
    type: 'boolean',
    default: false,
    describe: 'Exit 1 when the version is not greater than the base or too small for the changes',
  },
  write: {
    type: 'boolean',
    default: false,
    describe: "Set the next version (also the config's) and add a changelog entry",
  },
  preid: {
    type: 'string',
    describe:
      'With --write, when kwt picks the version: a pre-release with this id (beta -> 1.3.0-beta.1)',
  },
  report: {
    type: 'string',
    choices: ['pretty', 'json', 'markdown'],
    default: 'pretty',
    describe: 'How the changes are printed on stdout',
  },
  ...MAX_INPUT_SIZE,
  quiet: { alias: 'q', type: 'boolean', default: false, describe: 'Print only what fails' },
} as const;

export type ReleaseArgs = ArgsOf<typeof FLAGS, typeof POSITIONALS>;

export default declareCommand({
  command: 'release <app>',
  describe:
    'Say which version bump the changes since the released definition ask for; check or write it',
  examples: [
    [
      '$0 release app.json --base git:v1.2.0:app.json',
      'The changes since the tagged release, and the bump they ask for',
    ],
    [
      '$0 release app.json --base git:origin/main:app.json --check',
      'In CI: exit 1 when the version is not enough for the changes',
    ],
    [
      '$0 release app.json --base released/app.json --write',
      'Set the next version and add its changelog entry',
    ],
  ],
  positionals: POSITIONALS,
  flags: FLAGS,
});
