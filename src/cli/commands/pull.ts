// `kwt pull`: fetch the org's workflows from the Kustomer API into an export folder. Declared here; src/cli/run/pull.ts does the work.
import { type ArgsOf, declareCommand } from '../command';
import { API } from '../shared-flags';

const FLAGS = {
  ...API,
  'out-dir': {
    type: 'string',
    demandOption: true,
    describe: 'The export folder (created when missing)',
  },
  name: {
    type: 'string',
    array: true,
    describe: 'Only workflows whose name matches this glob, ignoring case (repeatable)',
  },
  exclude: {
    type: 'string',
    array: true,
    describe: 'Leave out workflows whose name matches this glob (repeatable)',
  },
  id: { type: 'string', array: true, describe: 'Only the workflow with this id (repeatable)' },
  'include-disabled': {
    type: 'boolean',
    default: false,
    describe: 'Also pull workflows disabled in the org (skipped and listed by default)',
  },
  prune: {
    type: 'boolean',
    default: false,
    describe: 'Delete the files of workflows the org no longer has',
  },
  'dry-run': {
    type: 'boolean',
    default: false,
    describe: 'List what would be written; write nothing',
  },
  report: {
    type: 'string',
    choices: ['pretty', 'json'],
    default: 'pretty',
    describe: 'json: also print a JSON report (stdout, or --report-file)',
  },
  'report-file': { type: 'string', describe: 'Write the JSON report to this file' },
  quiet: { alias: 'q', type: 'boolean', default: false, describe: 'No summary' },
} as const;

export type PullArgs = ArgsOf<typeof FLAGS>;

export default declareCommand({
  command: 'pull',
  describe: "Fetch the org's workflows from the Kustomer API into an export folder",
  examples: [
    [
      'KUSTOMER_API_KEY=… $0 pull --out-dir exports',
      'Every enabled workflow of the org into exports/, with .kwt-pull.json',
    ],
    [
      "$0 pull --out-dir exports --name 'Order*' --dry-run",
      'What a pull of some workflows would write',
    ],
  ],
  flags: FLAGS,
});
