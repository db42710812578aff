// Completion, run the way a user runs it: the printed script sourced in a real bash and a real zsh, asked for the word
// being typed. Commands, flags, a flag's choices and file paths come from the command declarations.
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT, SAMPLES, tempDir } from '../helpers/cli';
import { completions, FILES } from '../../src/cli/completion';
import { COMMANDS } from '../../src/cli/registry';

const BIN = path.join(ROOT, 'dist', 'src', 'cli', 'bin.js');
const KWT = `kwt() { ${JSON.stringify(process.execPath)} ${JSON.stringify(BIN)} "$@"; }`;

function project(): string {
  const dir = tempDir();
  fs.cpSync(path.join(SAMPLES, 'exports'), path.join(dir, 'exports'), { recursive: true });
  return dir;
}

const has = (shell: string): boolean => spawnSync('sh', ['-c', `command -v ${shell}`]).status === 0;

describe('bash: source <(kwt completion), then TAB', () => {
  const complete = (dir: string, ...words: string[]): string[] => {
    const script = `${KWT}
source <(kwt completion)
COMP_WORDS=(${words.map((w) => JSON.stringify(w)).join(' ')}); COMP_CWORD=$(( \${#COMP_WORDS[@]} - 1 )); COMPREPLY=()
_kwt_completions
printf '%s\\n' "\${COMPREPLY[@]}"`;
    return execFileSync('bash', ['--norc', '--noprofile', '-c', script], {
      cwd: dir,
      encoding: 'utf8',
    })
      .split('\n')
      .filter(Boolean);
  };

  test('a command, a flag, a choice, a file', () => {
    const dir = project();
    expect(complete(dir, 'kwt', 'tr')).toEqual(['transform']);
    expect(complete(dir, 'kwt', 're')).toEqual(['release', 'register']);
    expect(complete(dir, 'kwt', 'transform', '--dry')).toEqual(['--dry-run']);
    expect(complete(dir, 'kwt', 'transform', '--report', '')).toEqual(['pretty', 'json', 'sarif']);
    expect(complete(dir, 'kwt', 'transform', 'exports/or')).toEqual(['exports/order-posted.json']);
    expect(complete(dir, 'kwt', 'transform', 'exports', '-o', 'exp')).toEqual(['exports']);
    expect(complete(dir, 'kwt', 'graph', '--format', 'h')).toEqual(['html']);
  });
});

(has('zsh') ? describe : describe.skip)('zsh: the same script, registered with compdef', () => {
  const complete = (dir: string, ...words: string[]): string => {
    const script = `${KWT}
source <(kwt completion)
print -r -- "registered: \${_comps[kwt]}"
compadd() { shift; print -r -- "compadd: $*"; }
_files() { print -r -- "_files"; }
words=(${words.map((w) => `'${w}'`).join(' ')}); CURRENT=\${#words}
_kwt`;
    return execFileSync('zsh', ['-f', '-c', script], { cwd: dir, encoding: 'utf8' });
  };

  test('a command, a choice, a file', () => {
    const dir = project();
    expect(complete(dir, 'kwt', 'tr')).toBe('registered: _kwt\ncompadd: transform\n');
    expect(complete(dir, 'kwt', 'transform', '--report', '')).toContain(
      'compadd: pretty json sarif',
    );
    expect(complete(dir, 'kwt', 'validate', 'exp')).toContain('_files');
  });
});

test('candidates come from the declarations: every command, every flag of a command, --no- for booleans', () => {
  expect(completions([''], COMMANDS)).toEqual(
    expect.arrayContaining([
      'transform',
      'validate',
      'init',
      'graph',
      'pull',
      'release',
      'register',
      'list',
      'schema',
      'completion',
    ]),
  );
  expect(completions(['transform', '--'], COMMANDS)).toEqual(
    expect.arrayContaining([
      '--out',
      '--into',
      '--check',
      '--no-validate',
      '--report-file',
      '--help',
    ]),
  );
  expect(completions(['transform', '-c', ''], COMMANDS)).toEqual([FILES]);
  expect(completions(['pull', '--retries', ''], COMMANDS)).toEqual([]);
  expect(completions(['list', ''], COMMANDS)).toEqual([]);
});
