// What a user meets around the core: kwt's own files in input folders, --ignore and !globs, config discovery, short
// usage errors with "did you mean", completion, and the package's bin names and engines.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runCli, tempDir, SAMPLES, ROOT } from '../helpers/cli';

function exportsFolder(): string {
  const dir = tempDir();
  for (const f of fs.readdirSync(path.join(SAMPLES, 'exports')))
    fs.copyFileSync(path.join(SAMPLES, 'exports', f), path.join(dir, f));
  return dir;
}

test('after init . --write, transform . skips the config, its own -o output and the report file, and says so', async () => {
  const dir = exportsFolder();
  expect(
    (await runCli(['init', '.', '--app', 'acme_orders', '--write', '-q'], { cwd: dir })).code,
  ).toBe(0);
  const args = [
    'transform',
    '.',
    '-o',
    'block.json',
    '--report',
    'json',
    '--report-file',
    'report.json',
  ];
  const first = await runCli(args, { cwd: dir });
  expect(first.code).toBe(0);
  expect(first.stderr).toContain('kwt.config.json: the config, not an export; skipped');
  const block = fs.readFileSync(path.join(dir, 'block.json'), 'utf8');
  const second = await runCli(args, { cwd: dir });
  expect(second.code).toBe(0);
  expect(second.stderr).toContain('block.json: the --out target, not an export; skipped');
  expect(second.stderr).toContain('report.json: the report file, not an export; skipped');
  expect(second.stderr).not.toContain('collision');
  expect(fs.readFileSync(path.join(dir, 'block.json'), 'utf8')).toBe(block);
  // An export where a target points stays an input: the overwrite is refused, never a silent drop.
  const mistake = await runCli(
    [
      'transform',
      '.',
      '-o',
      'block.json',
      '--report',
      'json',
      '--report-file',
      'order-posted.json',
    ],
    { cwd: dir },
  );
  expect(mistake.code).toBe(2);
  expect(mistake.stderr).toContain('would overwrite');
});

test('--ignore and !negated inputs leave files out of folders and globs, globbed together', async () => {
  const dir = exportsFolder();
  const names = async (args: string[]): Promise<string[]> => {
    const r = await runCli(
      ['transform', ...args, '--app', 'acme_orders', '--no-validate', '--verbose', '--dry-run'],
      { cwd: dir },
    );
    return [...r.stderr.matchAll(/^ {2}(?:ok|unchanged|error) +(\S+\.json)/gm)].map(
      (m) => m[1] as string,
    );
  };
  expect(await names(['.'])).toEqual([
    'escalation-mailbox.json',
    'order-posted.json',
    'refund-order.json',
  ]);
  expect(await names(['.', '--ignore', 'refund-*'])).toEqual([
    'escalation-mailbox.json',
    'order-posted.json',
  ]);
  expect(await names(['*.json', '!refund-*', '!escalation-*'])).toEqual(['order-posted.json']);
  // A pattern left with nothing to match is an error naming it, not an empty run.
  const none = await runCli(['transform', 'refund-*.json', '!refund-*', '--app', 'acme_orders'], {
    cwd: dir,
  });
  expect(none.code).toBe(2);
  expect(none.stderr).toContain('refund-*.json: no file matches this pattern (after --ignore)');
});

test('the config is found from a subfolder up to the project root, and not above it', async () => {
  const root = tempDir();
  fs.writeFileSync(path.join(root, 'package.json'), '{}');
  fs.copyFileSync(path.join(SAMPLES, 'kwt.config.json'), path.join(root, 'kwt.config.json'));
  fs.mkdirSync(path.join(root, 'exports', 'wave1'), { recursive: true });
  fs.copyFileSync(
    path.join(SAMPLES, 'exports', 'order-posted.json'),
    path.join(root, 'exports', 'wave1', 'order-posted.json'),
  );
  const cwd = path.join(root, 'exports', 'wave1');
  const r = await runCli(['transform', 'order-posted.json'], { cwd });
  expect(r.code).toBe(0);
  expect(JSON.parse(r.stdout).workflows[0].name).toBe('acme_orders-order-posted');
  // Inside another project (its own package.json) the parent's config is not used.
  fs.writeFileSync(path.join(cwd, 'package.json'), '{}');
  const inner = await runCli(['transform', 'order-posted.json'], { cwd });
  expect(inner.code).toBe(2);
  expect(inner.stderr).toContain('kwt init');
  // Outside any project, a config in a parent folder (a stray /tmp/kwt.config.json) is not used.
  const loose = tempDir();
  fs.copyFileSync(path.join(SAMPLES, 'kwt.config.json'), path.join(loose, 'kwt.config.json'));
  fs.mkdirSync(path.join(loose, 'sub'));
  fs.copyFileSync(
    path.join(SAMPLES, 'exports', 'order-posted.json'),
    path.join(loose, 'sub', 'order-posted.json'),
  );
  const stray = await runCli(['transform', 'order-posted.json'], { cwd: path.join(loose, 'sub') });
  expect(stray.code).toBe(2);
  expect(stray.stderr).toContain('no app name');
});

test('a JavaScript config or --into target says what kwt reads instead, not "invalid JSON"', async () => {
  const dir = exportsFolder();
  fs.writeFileSync(path.join(dir, 'kwt.config.js'), 'module.exports = {}');
  const js = await runCli(['transform', '.', '-c', 'kwt.config.js'], { cwd: dir });
  expect(js.code).toBe(2);
  expect(js.stderr).toContain("kwt's config is a JSON file");
  expect(js.stderr).not.toContain('invalid JSON');
  fs.writeFileSync(path.join(dir, 'index.js'), 'module.exports = { app: "acme" }');
  const into = await runCli(
    ['transform', 'order-posted.json', '--app', 'acme_orders', '--into', 'index.js'],
    { cwd: dir },
  );
  expect(into.code).toBe(2);
  expect(into.stderr).toContain("require('./workflows.json')");
  expect(fs.readFileSync(path.join(dir, 'index.js'), 'utf8')).toBe(
    'module.exports = { app: "acme" }',
  );
});

test('usage errors are one line with a guess and where the help is; completion prints a script', async () => {
  const dir = tempDir();
  const flag = await runCli(['transform', 'x.json', '--outt', 'b.json'], { cwd: dir });
  expect(flag.code).toBe(2);
  expect(flag.stderr).toBe(
    'kwt: unknown option --outt (did you mean "--out"?); run kwt transform --help for the options\n',
  );
  const command = await runCli(['valdate', 'x.json'], { cwd: dir });
  expect(command.stderr).toBe(
    'kwt: unknown command "valdate" (did you mean "validate"?); run kwt --help\n',
  );
  expect((await runCli(['list', 'foo'], { cwd: dir })).stderr).toBe(
    'kwt: unexpected argument "foo"; run kwt list --help\n',
  );
  const choice = await runCli(['validate', 'x.json', '--format', 'githb'], { cwd: dir });
  expect(choice.code).toBe(2);
  expect(choice.stderr).toBe(
    'kwt: --format "githb" is not one of pretty, github (did you mean "github"?); run kwt validate --help\n',
  );
  const missing = await runCli(['transform'], { cwd: dir });
  expect(missing.stderr.split('\n')).toHaveLength(2);
  expect(missing.stderr).toContain('transform needs at least one input');
  const help = await runCli(['transform', '--help'], { cwd: dir });
  expect(help.stdout).toContain('Examples:');
  expect(help.stdout).toContain('--ignore');
  const completion = await runCli(['completion'], { cwd: dir });
  expect(completion.code).toBe(0);
  expect(completion.stdout).toContain('###-begin-kwt-completions-###');
});

test('package.json: both bin names, engines that really work, and the files the package needs', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
    bin: Record<string, string>;
    engines: { node: string };
  };
  expect(pkg.bin).toEqual({
    kwt: 'dist/src/cli/bin.js',
    'kustomer-workflow-transformer': 'dist/src/cli/bin.js',
  });
  // require() of an ES module plugin works unflagged from 20.19 and 22.12; 22.0-22.11 need a flag.
  expect(pkg.engines.node).toBe('^20.19.0 || >=22.12.0');
});
