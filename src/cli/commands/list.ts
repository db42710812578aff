// `kwt list`: the built-in transforms (src/cli/run/list.ts prints them).
import { declareCommand } from '../command';

export default declareCommand({
  command: 'list',
  describe: 'List the built-in transforms with their descriptions',
  flags: {},
});
