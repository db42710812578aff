// `kwt list`: the built-in transforms (src/cli/run/list.ts prints them).
import { defineCommand } from '../command';

export default defineCommand({
  command: 'list',
  describe: 'List the built-in transforms with their descriptions',
  flags: {},
  handler: (_args, io) => (require('../run/list') as typeof import('../run/list')).runList(io),
});
