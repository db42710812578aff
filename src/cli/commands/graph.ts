// `kwt graph`: draw the workflows as Mermaid flowcharts or one offline HTML page. Declared here; src/cli/run/graph.ts does the work.
import { type ArgsOf, declareCommand } from '../command';
import { MAX_INPUT_SIZE } from '../shared-flags';

const POSITIONALS = {
  inputs: {
    array: true,
    describe: 'Files, folders, globs, or - for stdin (exports, blocks, app definitions)',
  },
} as const;

const FLAGS = {
  config: {
    alias: 'c',
    type: 'string',
    describe: 'Draw the transformed result of this config instead of the inputs as read',
  },
  out: { alias: 'o', type: 'string', describe: 'Write to this file instead of stdout' },
  format: {
    type: 'string',
    choices: ['mermaid', 'html'],
    default: 'mermaid',
    describe:
      'mermaid: Markdown with one Mermaid flowchart per workflow; html: one self-contained page that works offline',
  },
  base: {
    type: 'string',
    describe: 'A previous app definition: mark added, changed and removed workflows and steps',
  },
  ...MAX_INPUT_SIZE,
  quiet: { alias: 'q', type: 'boolean', default: false, describe: 'No note on stderr' },
} as const;

export type GraphArgs = ArgsOf<typeof FLAGS, typeof POSITIONALS>;

export default declareCommand({
  command: 'graph <inputs..>',
  describe: 'Draw the workflows as Mermaid flowcharts (Markdown)',
  examples: [
    [
      '$0 graph samples/exports -c samples/kwt.config.json > graph.md',
      'Mermaid charts of the workflows as they will ship',
    ],
    [
      '$0 graph samples/exports -c samples/kwt.config.json --format html -o review.html',
      'One offline page to review in a browser',
    ],
  ],
  positionals: POSITIONALS,
  flags: FLAGS,
});
