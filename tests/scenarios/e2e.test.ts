// End to end through the built binary (dist/, made by `npm test`'s tsc step): samples, --version, and custom
// transform modules loaded by the real loader (CommonJS, ES module, packages, and the errors for bad ones).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { tempDir, ROOT, SAMPLES } from '../helpers/cli';

const BIN = path.join(ROOT, 'dist', 'src', 'cli', 'bin.js');
const EXAMPLES = path.join(ROOT, 'transforms', 'examples');

function kwt(
  args: string[],
  cwd: string,
  env: Record<string, string> = {},
): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd,
    encoding: 'utf8',
    env: { PATH: process.env['PATH'] ?? '', ...env },
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

function write(dir: string, name: string, content: string | object): string {
  const file = path.join(dir, name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  return file;
}

beforeAll(() => {
  if (!fs.existsSync(BIN))
    throw new Error('dist/ is missing: run `npm test` (it compiles first) or `npm run build`');
});

test('the demo command: samples to the expected block', () => {
  const r = kwt(['transform', 'samples/exports', '--config', 'samples/kwt.config.json'], ROOT);
  expect(r.code).toBe(0);
  expect(r.stdout).toBe(fs.readFileSync(path.join(SAMPLES, 'expected-block.json'), 'utf8'));
});

test('--version prints the package version; no command is a usage error (2)', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
    version: string;
  };
  expect(kwt(['--version'], ROOT).stdout.trim()).toBe(pkg.version);
  const none = kwt([], ROOT);
  expect(none.code).toBe(2);
  expect(none.stderr).toContain('Name a command');
});

describe('custom transforms through the real loader', () => {
  function project(): string {
    const dir = tempDir();
    fs.cpSync(path.join(SAMPLES, 'exports'), path.join(dir, 'exports'), { recursive: true });
    fs.cpSync(EXAMPLES, path.join(dir, 'transforms'), { recursive: true });
    write(dir, 'exports/ping.json', {
      name: 'Ping Acme',
      trigger: {
        id: '1',
        eventName: 'kustomer.conversation.create',
        transitions: [{ target: 'p1' }],
      },
      steps: [
        {
          id: 'p1',
          action: 'kustomer.rest-api.json',
          params: { method: 'GET', uri: 'https://api.acme-orders.example/ping' },
          transitions: [],
        },
      ],
    });
    const config = JSON.parse(
      fs.readFileSync(path.join(SAMPLES, 'kwt.config.json'), 'utf8'),
    ) as Record<string, unknown>;
    delete config['$schema'];
    return (
      write(dir, 'kwt.config.json', {
        ...config,
        transforms: [
          'strip-metadata',
          'denamespace',
          'rename',
          'swap-hook-events',
          'app-settings',
          ['./transforms/retry-rest-calls.cjs', { errorAction: 'continue' }],
        ],
        options: { ...(config['options'] as object), 'describe-owner': { team: 'Billing' } },
      }) && dir
    );
  }

  test('a CommonJS module from the config and an ES module from --plugin, with their options, idempotently', () => {
    const dir = project();
    const r = kwt(
      ['transform', 'exports', '--plugin', './transforms/describe-owner.mjs', '-o', 'block.json'],
      dir,
    );
    expect(r.stderr).toContain('retry-rest-calls');
    expect(r.code).toBe(0);
    const block = JSON.parse(fs.readFileSync(path.join(dir, 'block.json'), 'utf8'));
    const ping = block.workflows.find((w: { name: string }) => w.name === 'acme_orders-ping-acme');
    expect(ping.steps[0].errorCases).toEqual([
      { condition: { op: 'true', values: [true] }, errorAction: { type: 'continue' } },
    ]);
    // The sample's REST step already handles errors: left alone.
    const posted = block.workflows.find(
      (w: { name: string }) => w.name === 'acme_orders-order-posted',
    );
    expect(JSON.stringify(posted)).not.toContain('"type":"continue"');
    expect(
      block.workflows.every((w: { description: string }) =>
        w.description.endsWith('Owned by Billing (acme_orders).'),
      ),
    ).toBe(true);
    const again = kwt(
      [
        'transform',
        'block.json',
        '--plugin',
        './transforms/describe-owner.mjs',
        '-o',
        'block.json',
        '--check',
      ],
      dir,
    );
    expect(again.code).toBe(0);
  });

  test('a package name is resolved from the config folder', () => {
    const dir = project();
    write(dir, 'node_modules/kwt-transform-owner/package.json', {
      name: 'kwt-transform-owner',
      version: '1.0.0',
      main: 'index.js',
    });
    fs.copyFileSync(
      path.join(EXAMPLES, 'retry-rest-calls.cjs'),
      path.join(dir, 'node_modules/kwt-transform-owner/index.js'),
    );
    write(dir, 'pkg.config.json', {
      app: 'acme_orders',
      transforms: ['strip-metadata', 'rename', 'kwt-transform-owner'],
    });
    const r = kwt(['transform', 'exports/ping.json', '-c', 'pkg.config.json'], dir);
    expect(r.stderr).toContain('retry-rest-calls');
    expect(r.code).toBe(0);
  });

  test('bad modules are refused with what was expected, all at once, exit 2', () => {
    const dir = project();
    write(dir, 'bad/not-object.cjs', 'module.exports = 42;');
    write(dir, 'bad/no-apply.cjs', "module.exports = { id: 'x', description: 'no apply' };");
    write(dir, 'bad/built-in-id.mjs', "export default { id: 'rename', apply: (w) => w };");
    write(dir, 'bad/throws-on-load.cjs', "throw new Error('boom at load');");
    write(dir, 'bad/typed.ts', "export default { id: 'typed', apply: (w: unknown) => w };");
    write(dir, 'bad.config.json', {
      app: 'acme_orders',
      transforms: [
        './bad/not-object.cjs',
        './bad/no-apply.cjs',
        './bad/built-in-id.mjs',
        './bad/throws-on-load.cjs',
        './bad/typed.ts',
        './bad/missing.js',
        'no-such-kwt-package',
      ],
    });
    const r = kwt(['transform', 'exports', '-c', 'bad.config.json'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('invalid configuration (7 problems)');
    expect(r.stderr).toContain(
      'must export an object {id, description, options?, apply} (found number)',
    );
    expect(r.stderr).toContain('"apply" must be a function');
    expect(r.stderr).toContain('id "rename" is a built-in transform\'s');
    expect(r.stderr).toContain('boom at load');
    expect(r.stderr).toContain('a TypeScript module needs a loader');
    expect(r.stderr).toContain('no such file');
    expect(r.stderr).toContain('no such package');
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack dump
  });

  test('a transform that throws is reported with its id, the workflow and the message; nothing is written', () => {
    const dir = project();
    write(
      dir,
      'explode.cjs',
      "module.exports = { id: 'explode', description: 'x', apply(w) { if (w.name.includes('refund')) throw new Error('cannot handle refunds'); return w; } };",
    );
    const r = kwt(
      [
        'transform',
        'exports',
        '--plugin',
        './explode.cjs',
        '--plugin',
        './transforms/describe-owner.mjs',
        '-o',
        'out.json',
      ],
      dir,
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      'transform "explode" failed on workflow acme_orders-refund-order: cannot handle refunds',
    );
    expect(fs.existsSync(path.join(dir, 'out.json'))).toBe(false);
  });

  test("a plugin's options are validated against its schema", () => {
    const dir = project();
    write(dir, 'kwt.config.json', {
      app: 'acme_orders',
      transforms: [['./transforms/retry-rest-calls.cjs', { errorAction: 'explode', colour: 1 }]],
    });
    const r = kwt(['transform', 'exports', '--no-validate'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('errorAction');
    expect(r.stderr).toContain('colour');
  });
});

test('the packed tarball installs into a new project and runs under both bin names', () => {
  const dir = tempDir();
  const npm = (args: string[], cwd: string): string => {
    const r = spawnSync('npm', args, {
      cwd,
      encoding: 'utf8',
      env: { ...process.env, npm_config_audit: 'false', npm_config_fund: 'false' },
    });
    if (r.status !== 0) throw new Error(`npm ${args.join(' ')} failed:\n${r.stderr}`);
    return r.stdout;
  };
  // dist/ is already built by `npm test`: skip the prepare script.
  const tarball = npm(['pack', '--ignore-scripts', '--silent', '--pack-destination', dir], ROOT)
    .trim()
    .split('\n')
    .pop() as string;
  const project = path.join(dir, 'project');
  write(project, 'package.json', { name: 'acme-app', version: '1.0.0', private: true });
  npm(['install', '--prefer-offline', '--no-package-lock', path.join(dir, tarball)], project);
  const bin = (name: string): string => path.join(project, 'node_modules', '.bin', name);
  for (const name of ['kwt', 'kustomer-workflow-transformer']) {
    const r = spawnSync(
      bin(name),
      ['transform', path.join(SAMPLES, 'exports'), '-c', path.join(SAMPLES, 'kwt.config.json')],
      {
        cwd: project,
        encoding: 'utf8',
      },
    );
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(fs.readFileSync(path.join(SAMPLES, 'expected-block.json'), 'utf8'));
  }
  // Mermaid's bundle ships in the package (dist/vendor): graph --format html works from an install.
  const page = spawnSync(
    bin('kwt'),
    ['graph', path.join(SAMPLES, 'exports'), '--format', 'html', '-o', 'review.html'],
    { cwd: project, encoding: 'utf8' },
  );
  expect(page.status).toBe(0);
  expect(fs.statSync(path.join(project, 'review.html')).size).toBeGreaterThan(1_000_000);
  // The published types work for a TypeScript consumer (strict, no @types/node): a typed config, a block that validates.
  write(
    project,
    'consumer.ts',
    [
      "import { transform, validateDocument, type KwtConfig } from 'kustomer-workflow-transformer';",
      "const config: KwtConfig = { app: 'acme', options: { rename: { prefix: 'acme-' } } };",
      'const result = transform([], config);',
      'if (result.ok) console.log(validateDocument(result.block).length, result.block.workflows.length);',
      'else console.log(result.problems.length);',
    ].join('\n'),
  );
  const tsc = spawnSync(
    process.execPath,
    [
      path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'),
      '--noEmit',
      '--strict',
      '--module',
      'nodenext',
      '--moduleResolution',
      'nodenext',
      'consumer.ts',
    ],
    { cwd: project, encoding: 'utf8' },
  );
  expect(tsc.stdout + tsc.stderr).toBe('');
  expect(tsc.status).toBe(0);
  // The config schema ships where `kwt init` points editors at it.
  expect(
    fs.existsSync(
      path.join(
        project,
        'node_modules',
        'kustomer-workflow-transformer',
        'schema',
        'kwt.config.schema.json',
      ),
    ),
  ).toBe(true);
}, 180_000);
