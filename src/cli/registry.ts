// Every command, in the order `kwt --help` lists them: its declaration (commands/<name>.ts) with its handler. A handler loads its command's work
// (run/<name>.ts) only when the command runs, so `kwt list` never pays for the pipeline or ajv.
import { type Command, withHandler } from './command';
import transform from './commands/transform';
import validate from './commands/validate';
import init from './commands/init';
import graph from './commands/graph';
import pull from './commands/pull';
import release from './commands/release';
import register from './commands/register';
import list from './commands/list';
import schema from './commands/schema';
import completion from './commands/completion';

export const COMMANDS: readonly Command[] = [
  withHandler(transform, (args, io) =>
    (require('./run/transform') as typeof import('./run/transform')).runTransform(args, io),
  ),
  withHandler(validate, (args, io) =>
    (require('./run/validate') as typeof import('./run/validate')).runValidate(args, io),
  ),
  withHandler(init, (args, io) =>
    (require('./run/init') as typeof import('./run/init')).runInit(args, io),
  ),
  withHandler(graph, (args, io) =>
    (require('./run/graph') as typeof import('./run/graph')).runGraph(args, io),
  ),
  withHandler(pull, (args, io) =>
    (require('./run/pull') as typeof import('./run/pull')).runPull(args, io),
  ),
  withHandler(release, (args, io) =>
    (require('./run/release') as typeof import('./run/release')).runRelease(args, io),
  ),
  withHandler(register, (args, io) =>
    (require('./run/register') as typeof import('./run/register')).runRegister(args, io),
  ),
  withHandler(list, (_args, io) =>
    (require('./run/list') as typeof import('./run/list')).runList(io),
  ),
  withHandler(schema, (_args, io) => {
    const { configSchema } =
      require('../schema/config-schema') as typeof import('../schema/config-schema');
    const { serialize } = require('../core/json') as typeof import('../core/json');
    io.stdout.write(serialize(configSchema()));
    return 0;
  }),
  withHandler(completion, (_args, io) => {
    io.stdout.write((require('./completion') as typeof import('./completion')).completionScript());
    return 0;
  }),
];
