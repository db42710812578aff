// Shell completion from the command declarations themselves (commands/): commands, their flags and aliases, a flag's
// choices, and file paths where a path goes. `kwt completion` prints one script for bash and zsh; the script asks
// `kwt __complete <words…>` for the candidates of the word being typed.
import { nameOf, type Declaration, type FlagDecl } from './command';

/** Printed instead of candidates when the shell should complete a file or folder name. */
export const FILES = '__files__';

/** Candidates for the last of `words` (the words after `kwt`, the one being typed last, possibly empty). */
export function completions(words: readonly string[], commands: readonly Declaration[]): string[] {
  const current = words[words.length - 1] ?? '';
  const before = words.slice(0, -1);
  const command = commands.find((c) => nameOf(c) === before.find((w) => !w.startsWith('-')));
  if (!command) {
    if (current.startsWith('-'))
      return ['--help', '--version'].filter((f) => f.startsWith(current));
    return commands.map(nameOf).filter((name) => name.startsWith(current));
  }
  const options = new Map(Object.entries(command.flags));
  const previous = before[before.length - 1];
  if (previous?.startsWith('-') && !previous.includes('=')) {
    const spec = specOf(options, previous);
    if (spec && spec.type !== 'boolean') {
      if (spec.choices) return spec.choices.filter((c) => c.startsWith(current));
      // A number or a name (an app, a glob) has no candidates; anything else given as a string is most often a path.
      return spec.type === 'number' ? [] : [FILES];
    }
  }
  if (current.startsWith('-')) {
    const flags = ['--help'];
    for (const [name, spec] of options) {
      flags.push(`--${name}`);
      if (spec.type === 'boolean' && !name.startsWith('no-')) flags.push(`--no-${name}`);
    }
    return flags.filter((f) => f.startsWith(current)).sort();
  }
  // A positional: inputs, files, an app definition.
  return command.command.includes('<') ? [FILES] : [];
}

function specOf(options: ReadonlyMap<string, FlagDecl>, flag: string): FlagDecl | undefined {
  const name = flag.replace(/^-+/, '');
  for (const [long, spec] of options) if (long === name || spec.alias === name) return spec;
  return undefined;
}

/**
 * The script `kwt completion` prints: `source <(kwt completion)` in bash or zsh, or append it to ~/.bashrc or ~/.zshrc.
 * @lazy: loaded with require() by the completion command.
 */
export function completionScript(): string {
  return `###-begin-kwt-completions-###
# kwt completion for bash and zsh. Install: kwt completion >> ~/.bashrc (or ~/.zshrc), or source <(kwt completion).
if [ -n "\${ZSH_VERSION-}" ]; then
  _kwt() {
    local out
    out="$(kwt __complete "\${(@)words[2,CURRENT]}" 2>/dev/null)"
    if [ "$out" = "${FILES}" ]; then _files; else compadd -- \${(f)out}; fi
  }
  if ! whence compdef >/dev/null 2>&1; then autoload -Uz compinit && compinit; fi
  compdef _kwt kwt
else
  _kwt_completions() {
    local cur="\${COMP_WORDS[COMP_CWORD]}" out
    out="$(kwt __complete "\${COMP_WORDS[@]:1:COMP_CWORD}" 2>/dev/null)"
    if [ "$out" = "${FILES}" ]; then
      compopt -o filenames 2>/dev/null
      local IFS=$'\\n'
      COMPREPLY=($(compgen -f -- "$cur"))
    else
      local IFS=$'\\n'
      COMPREPLY=($(compgen -W "$out" -- "$cur"))
    fi
  }
  complete -F _kwt_completions kwt
fi
###-end-kwt-completions-###
`;
}
