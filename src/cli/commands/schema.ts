// `kwt schema`: the JSON Schema of kwt.config.json, generated from the built-ins' declarations.
import { declareCommand } from '../command';

export default declareCommand({
  command: 'schema',
  describe: 'Print the JSON Schema of kwt.config.json',
  flags: {},
});
