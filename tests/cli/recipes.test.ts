// CONTRIBUTING's recipes for a flag and a command, followed to the letter on a scratch copy of the project: the copy
// must compile, and the built CLI must parse, check, document and complete what the recipe added. If wiring ever needs
// a second file for a flag, this fails.
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT, tempDir } from '../helpers/cli';

let scratch: string;
let bin: string;

function edit(file: string, find: string, replace: string): void {
  const full = path.join(scratch, file);
  const text = fs.readFileSync(full, 'utf8');
  if (!text.includes(find))
    throw new Error(
      `${file} no longer holds ${JSON.stringify(find)}: update the recipe and this test`,
    );
  fs.writeFileSync(full, text.replace(find, replace));
}

function kwt(args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: ROOT, encoding: 'utf8' });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => {
  scratch = tempDir();
  for (const entry of ['src', 'transforms', 'scripts', 'bench', 'tsconfig.json', 'package.json']) {
    fs.cpSync(path.join(ROOT, entry), path.join(scratch, entry), { recursive: true });
  }
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(scratch, 'node_modules'));

  // Add a flag: one entry in the command's declaration.
  edit(
    'src/cli/commands/transform.ts',
    'const FLAGS = {\n',
    "const FLAGS = {\n  'max-steps': { type: 'number', describe: 'Refuse a workflow with more steps than this' },\n",
  );
  // Its type reaches the run module with nothing else touched: this compiles only if TransformArgs has maxSteps.
  fs.writeFileSync(
    path.join(scratch, 'src/cli/run/probe.ts'),
    "import type { TransformArgs } from '../commands/transform';\nexport const maxSteps = (args: TransformArgs): number | undefined => args.maxSteps;\n",
  );

  // Add a command: its declaration, the work, and its line in the registry.
  fs.writeFileSync(
    path.join(scratch, 'src/cli/commands/hello.ts'),
    [
      "import { type ArgsOf, declareCommand } from '../command';",
      "const FLAGS = { name: { type: 'string', default: 'world', describe: 'Who to greet' } } as const;",
      'export type HelloArgs = ArgsOf<typeof FLAGS>;',
      "export default declareCommand({ command: 'hello', describe: 'Say hello', flags: FLAGS });",
      '',
    ].join('\n'),
  );
  fs.writeFileSync(
    path.join(scratch, 'src/cli/run/hello.ts'),
    [
      "import type { HelloArgs } from '../commands/hello';",
      "import type { Io } from '../../io/io';",
      'export function runHello(args: HelloArgs, io: Io): number {',
      '  io.stdout.write(`hello ${args.name}\\n`);',
      '  return 0;',
      '}',
      '',
    ].join('\n'),
  );
  edit(
    'src/cli/registry.ts',
    "import completion from './commands/completion';",
    "import completion from './commands/completion';\nimport hello from './commands/hello';",
  );
  edit(
    'src/cli/registry.ts',
    'export const COMMANDS: readonly Command[] = [',
    "export const COMMANDS: readonly Command[] = [\n  withHandler(hello, (args, io) => (require('./run/hello') as typeof import('./run/hello')).runHello(args, io)),",
  );

  execFileSync(
    process.execPath,
    [path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json'],
    { cwd: scratch, stdio: 'pipe' },
  );
  bin = path.join(scratch, 'dist', 'src', 'cli', 'bin.js');
}, 120_000);

afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

test('a flag added by the recipe is parsed, checked, shown in --help and completed', () => {
  expect(kwt(['transform', '--help']).stdout).toMatch(
    /--max-steps\s+Refuse a workflow with more steps than this/,
  );
  const ok = kwt([
    'transform',
    'samples/exports',
    '-c',
    'samples/kwt.config.json',
    '--max-steps',
    '3',
    '--dry-run',
    '-q',
  ]);
  expect(ok.stderr).toBe('');
  expect(ok.code).toBe(0);
  const twice = kwt(['transform', 'samples/exports', '--max-steps', '3', '--max-steps', '4']);
  expect(twice.code).toBe(2);
  expect(twice.stderr).toContain('--max-steps was given 2 times');
  expect(kwt(['__complete', 'transform', '--max-s']).stdout).toBe('--max-steps\n');
});

test('a command added by the recipe runs, with its flags, and is listed and completed', () => {
  expect(kwt(['hello', '--name', 'kwt'])).toEqual({ code: 0, stdout: 'hello kwt\n', stderr: '' });
  expect(kwt(['hello']).stdout).toBe('hello world\n');
  expect(kwt(['--help']).stdout).toMatch(/kwt hello\s+Say hello/);
  expect(kwt(['__complete', 'hel']).stdout).toBe('hello\n');
  expect(kwt(['hello', '--nme', 'x']).stderr).toContain('did you mean "--name"');
});
