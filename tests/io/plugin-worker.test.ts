// Custom transforms run in their own thread: whatever a plugin does there (exit, patch fs, write to fd 1, leave a
// timer, never return, return what cannot be copied) cannot end kwt, change its exit code, reach its writes or
// stdout, or keep it running. Tested through the real binary, whose exit code is the point.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT, SAMPLES, tempDir } from '../helpers/cli';

const BIN = path.join(ROOT, 'dist', 'src', 'cli', 'bin.js');

function project(plugin: string): string {
  const dir = tempDir();
  fs.cpSync(path.join(SAMPLES, 'exports'), path.join(dir, 'exports'), { recursive: true });
  fs.copyFileSync(path.join(SAMPLES, 'kwt.config.json'), path.join(dir, 'kwt.config.json'));
  fs.writeFileSync(path.join(dir, 'plugin.cjs'), plugin);
  return dir;
}

function kwt(
  dir: string,
  args: string[],
  env: Record<string, string> = {},
): { code: number | null; stdout: string; stderr: string; ms: number } {
  const started = Date.now();
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: dir,
    encoding: 'utf8',
    timeout: 30_000,
    env: { PATH: process.env['PATH'] ?? '', ...env },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, ms: Date.now() - started };
}

/** `kwt transform` of the project's exports with its plugin; a test adds its own flags. */
const WITH_PLUGIN = ['transform', 'exports', '--plugin', './plugin.cjs'];

const plugin = (apply: string, extra = ''): string =>
  `module.exports = { id: 'p', description: 'x', ${extra} apply(w, ctx) { ${apply} } };\n`;

test.each([
  ['fs.writeSync(1, …)', "require('fs').writeSync(1, 'LEAK\\n'); return w;"],
  ['process.stdout.write', "process.stdout.write('LEAK\\n'); return w;"],
  [
    'a write after apply returned',
    "setImmediate(() => { require('fs').writeSync(1, 'LEAK\\n'); process.stdout.write('LEAK\\n'); }); return w;",
  ],
  ['console.log', "console.log('LEAK'); return w;"],
  [
    "fs.writeFileSync('/dev/stdout', …)",
    "require('fs').writeFileSync('/dev/stdout', 'LEAK\\n'); return w;",
  ],
  ['fs.writeFileSync(1, …)', "require('fs').writeFileSync(1, 'LEAK\\n'); return w;"],
  ['fs.appendFileSync(1, …)', "require('fs').appendFileSync(1, 'LEAK\\n'); return w;"],
  ['fs.write(1, …) with a callback', "require('fs').write(1, 'LEAK\\n', () => {}); return w;"],
  [
    'a stream on fd 1',
    "require('fs').createWriteStream(null, { fd: 1 }).write('LEAK\\n'); return w;",
  ],
  [
    'fs.promises.appendFile(/dev/fd/1)',
    "require('fs').promises.appendFile('/dev/fd/1', 'LEAK\\n'); return w;",
  ],
  ['a tty.WriteStream on fd 1', "new (require('tty').WriteStream)(1).write('LEAK\\n'); return w;"],
  ['a net.Socket on fd 1', "new (require('net').Socket)({ fd: 1 }).write('LEAK\\n'); return w;"],
])('%s never reaches the block on stdout; kwt prints it on stderr', (_what, body) => {
  const dir = project(plugin(body));
  const r = kwt(dir, [...WITH_PLUGIN, '-q']);
  expect(r.code).toBe(0);
  expect(r.stdout).not.toContain('LEAK');
  expect((JSON.parse(r.stdout) as { workflows: unknown[] }).workflows).toHaveLength(3);
});

test('an fd the plugin opens on /dev/stdout, redirected to a file, is known by device and inode', () => {
  const dir = project(
    plugin(
      "const fs = require('fs'); fs.writeSync(fs.openSync('/dev/stdout', 'a'), 'LEAK\\n'); return w;",
    ),
  );
  const r = spawnSync(
    'bash',
    [
      '-c',
      `${JSON.stringify(process.execPath)} ${JSON.stringify(BIN)} ${WITH_PLUGIN.join(' ')} -q > block.json`,
    ],
    { cwd: dir, encoding: 'utf8', timeout: 30_000 },
  );
  expect(r.status).toBe(0);
  expect(r.stderr).toContain('LEAK');
  const block = fs.readFileSync(path.join(dir, 'block.json'), 'utf8');
  expect(block).not.toContain('LEAK');
  expect((JSON.parse(block) as { workflows: unknown[] }).workflows).toHaveLength(3);
});

test.each([
  ['process.kill(process.pid)', "process.kill(process.pid, 'SIGKILL'); return w;", 'process.kill'],
  [
    'a child process (it would inherit fd 1)',
    "require('child_process').execSync('echo LEAK'); return w;",
    'child_process.execSync',
  ],
  ['closing fd 1', "require('fs').closeSync(1); return w;", 'fs.closeSync(1)'],
  ['truncating stdout', "require('fs').ftruncateSync(1); return w;", 'fs.ftruncateSync(1)'],
])(
  "%s is the transform's error: exit 2, nothing on stdout, kwt alive to say so",
  (_what, body, said) => {
    const dir = project(plugin(body));
    const r = kwt(dir, [...WITH_PLUGIN, '-q']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(said);
  },
);

test.each([
  [
    'setImmediate(() => process.exit(0))',
    "setImmediate(() => process.exit(0)); return { ...w, name: 'x' + w.name };",
  ],
  [
    'an exit handler setting process.exitCode = 0',
    "process.on('exit', () => { process.exitCode = 0; }); return { ...w, name: 'x' + w.name };",
  ],
  ['process.exit(0) inside apply', 'process.exit(0);'],
  [
    'patching fs.renameSync',
    "require('fs').renameSync = () => {}; return { ...w, name: 'x' + w.name };",
  ],
])('%s cannot turn a failing --check into exit 0', (_what, body) => {
  const dir = project(plugin(body));
  expect(kwt(dir, ['transform', 'exports', '-o', 'block.json', '-q']).code).toBe(0);
  const r = kwt(dir, [...WITH_PLUGIN, '-o', 'block.json', '--check', '-q']);
  expect(r.code).not.toBe(0);
});

test('patching fs.renameSync does not stop kwt from writing', () => {
  const dir = project(
    plugin("require('fs').renameSync = () => {}; return { ...w, description: 'written' };"),
  );
  const r = kwt(dir, [...WITH_PLUGIN, '-o', 'block.json', '-q']);
  expect(r.code).toBe(0);
  expect(fs.readFileSync(path.join(dir, 'block.json'), 'utf8')).toContain('"written"');
});

test('a timer the plugin leaves running does not keep kwt alive; a plugin that never returns is stopped at the time limit', () => {
  const timer = kwt(project(plugin('setInterval(() => {}, 1000); return w;')), [
    ...WITH_PLUGIN,
    '-q',
  ]);
  expect(timer.code).toBe(0);
  expect(timer.ms).toBeLessThan(10_000);
  const forever = kwt(project(plugin('for (;;) {}')), [...WITH_PLUGIN, '-q'], {
    KWT_PLUGIN_TIMEOUT_MS: '1500',
  });
  expect(forever.code).toBe(2);
  expect(forever.stderr).toContain('transform "p" failed on workflow');
  expect(forever.stderr).toContain('did not return within 2 s');
  expect(forever.ms).toBeLessThan(10_000);
});

test.each([
  [
    'a revoked Proxy',
    'const p = Proxy.revocable({}, {}); p.revoke(); return { ...w, x: p.proxy };',
    /revoked/,
  ],
  [
    'a Proxy whose ownKeys throws',
    "return new Proxy({ ...w }, { ownKeys() { throw new Error('no keys'); } });",
    /no keys/,
  ],
  [
    'a function in a setting declaration',
    "ctx.contribute.setting('default', 'x', { type: 'string', defaultValue: () => 1 }); return w;",
    /not data/,
  ],
])('%s is the transform’s error (exit 2), never a crash', (_what, body, message) => {
  const r = kwt(project(plugin(body)), [...WITH_PLUGIN, '-q']);
  expect(r.code).toBe(2);
  expect(r.stderr).toMatch(message);
  expect(r.stderr).not.toContain('internal error');
});

test('checkOptions is called with the validated options, and its problems are config errors', () => {
  const dir = project(
    plugin(
      'return w;',
      "options: { type: 'object', properties: { level: { type: 'number', default: 1 } } }, checkOptions(o) { return o.level > 3 ? ['level ' + o.level + ' is too high'] : []; },",
    ),
  );
  const config = JSON.parse(fs.readFileSync(path.join(dir, 'kwt.config.json'), 'utf8')) as {
    options: Record<string, unknown>;
  };
  config.options['p'] = { level: 5 };
  fs.writeFileSync(path.join(dir, 'kwt.config.json'), JSON.stringify(config));
  const r = kwt(dir, [...WITH_PLUGIN, '-q']);
  expect(r.code).toBe(2);
  expect(r.stderr).toContain('level 5 is too high');
});

test('a plugin id every object already has (constructor) is refused', () => {
  const r = kwt(
    project("module.exports = { id: 'constructor', description: 'x', apply(w) { return w; } };"),
    [...WITH_PLUGIN, '-q'],
  );
  expect(r.code).toBe(2);
  expect(r.stderr).toContain('"id" "constructor" is a name every JavaScript object already has');
});

test("a plugin's contribution cannot weaken the config's secret setting to a string with a default", () => {
  const dir = project(
    plugin(
      "ctx.contribute.setting('default', 'apiToken', { type: 'string', defaultValue: 'hunter2-default' }); return w;",
    ),
  );
  const config = JSON.parse(fs.readFileSync(path.join(dir, 'kwt.config.json'), 'utf8')) as {
    transforms?: unknown[];
  };
  // The plugin first, so its contribution would come first.
  config.transforms = [
    './plugin.cjs',
    'strip-metadata',
    'denamespace',
    'rename',
    'swap-hook-events',
    'app-settings',
  ];
  fs.writeFileSync(path.join(dir, 'kwt.config.json'), JSON.stringify(config));
  const r = kwt(dir, ['transform', 'exports', '--no-validate', '-o', 'block.json']);
  expect(r.stderr).toMatch(
    /setting default\.apiToken is declared by transform "p" as string with a default and by "app-settings" as secret/,
  );
  expect(r.code).not.toBe(0);
  expect(fs.existsSync(path.join(dir, 'block.json'))).toBe(false);
});

test('a plugin whose timer ends the thread after apply returned: the next call is told at once, not after the time limit', () => {
  const dir = project(
    plugin("setImmediate(() => process.exit(3)); return { ...w, description: 'first' };"),
  );
  fs.writeFileSync(
    path.join(dir, 'second.cjs'),
    "module.exports = { id: 'second', description: 'x', apply(w) { return w; } };\n",
  );
  const r = kwt(dir, [...WITH_PLUGIN, '--plugin', './second.cjs', '-q'], {
    KWT_PLUGIN_TIMEOUT_MS: '20000',
  });
  expect(r.code).toBe(2);
  expect(r.stderr).toContain('transform "second" failed on workflow');
  expect(r.stderr).toContain('called process.exit(3)');
  expect(r.ms).toBeLessThan(10_000);
});

test("a plugin whose timer ends the thread after the run's last call fails the run before anything is written", () => {
  for (const timer of ['setImmediate', 'process.nextTick', 'queueMicrotask']) {
    const dir = project(
      plugin(`${timer}(() => process.exit(4)); return { ...w, description: 'late exit' };`),
    );
    const r = kwt(dir, [...WITH_PLUGIN, '-o', 'block.json', '-q']);
    expect({ timer, code: r.code }).toEqual({ timer, code: 2 });
    expect(r.stderr).toContain('called process.exit(4)');
    expect(r.stderr).toContain('nothing was written');
    expect(fs.existsSync(path.join(dir, 'block.json'))).toBe(false);
  }
});

test('graph with a config that runs a plugin whose timer ends the thread: exit 2, and no drawing is written', () => {
  const dir = project(
    plugin("setImmediate(() => process.exit(5)); return { ...w, description: 'late exit' };"),
  );
  const configFile = path.join(dir, 'kwt.config.json');
  const config = JSON.parse(fs.readFileSync(configFile, 'utf8')) as Record<string, unknown>;
  config['transforms'] = [
    'strip-metadata',
    'denamespace',
    'rename',
    'swap-hook-events',
    'app-settings',
    './plugin.cjs',
  ];
  fs.writeFileSync(configFile, JSON.stringify(config));
  const r = kwt(dir, ['graph', 'exports', '-c', 'kwt.config.json', '-o', 'graph.md', '-q']);
  expect(r.code).toBe(2);
  expect(r.stderr).toContain('called process.exit(5)');
  expect(fs.existsSync(path.join(dir, 'graph.md'))).toBe(false);
});
