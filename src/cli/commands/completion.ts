// `kwt completion`: the bash/zsh completion script (its candidates come from `kwt __complete`, see ../completion.ts).
import { defineCommand } from '../command';

export default defineCommand({
  command: 'completion',
  describe: 'Print the bash/zsh completion script: source <(kwt completion), or append it to ~/.bashrc or ~/.zshrc',
  flags: {},
  handler: (_args, io) => {
    io.stdout.write((require('../completion') as typeof import('../completion')).completionScript());
    return 0;
  },
});
