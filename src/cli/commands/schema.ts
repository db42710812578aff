// `kwt schema`: the JSON Schema of kwt.config.json, generated from the built-ins' declarations.
import { defineCommand } from '../command';

export default defineCommand({
  command: 'schema',
  describe: 'Print the JSON Schema of kwt.config.json',
  flags: {},
  handler: (_args, io) => {
    const { configSchema } = require('../../schema/config-schema') as typeof import('../../schema/config-schema');
    const { serialize } = require('../../core/json') as typeof import('../../core/json');
    io.stdout.write(serialize(configSchema()));
    return 0;
  },
});
