// `kwt completion`: the bash/zsh completion script (its candidates come from `kwt __complete`, see ../completion.ts).
import { declareCommand } from '../command';

export default declareCommand({
  command: 'completion',
  describe:
    'Print the bash/zsh completion script: source <(kwt completion), or append it to ~/.bashrc or ~/.zshrc',
  flags: {},
});
