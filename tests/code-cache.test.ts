// The CLI's code cache: the built one fits the built bundle, and a cache that does not fit is never used.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vm from 'node:vm';
import Module from 'node:module';
import { cacheFile, cachePath, requireCached } from '../src/io/code-cache';

const ROOT = path.resolve(__dirname, '..');
const MAIN = path.join(ROOT, 'dist', 'src', 'cli', 'main.js');

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kwt-cache-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Writes `source` as a module and a cache made from `cachedSource` beside it. */
function moduleWithCache(source: string, cachedSource: string): string {
  const file = path.join(dir, 'mod.js');
  const script = new vm.Script(Module.wrap(cachedSource), { filename: file });
  fs.writeFileSync(file, source);
  fs.writeFileSync(cachePath(file), cacheFile(Buffer.from(cachedSource), script.createCachedData()));
  return file;
}

test('the build leaves a cache beside the bundled CLI that V8 accepts', () => {
  // In a child: the V8 and flags of a real `kwt` run, not Jest's.
  const probe = `const { requireCached } = require(${JSON.stringify(path.join(ROOT, 'dist', 'src', 'io', 'code-cache.js'))});
    const { script, exports } = requireCached(${JSON.stringify(MAIN)});
    process.stdout.write(JSON.stringify({ rejected: script.cachedDataRejected, main: typeof exports.main }));`;
  const r = spawnSync(process.execPath, ['-e', probe], { encoding: 'utf8' });
  expect(r.stderr).toBe('');
  expect(JSON.parse(r.stdout)).toEqual({ rejected: false, main: 'function' });
});

test('a module loads from its own source when the cache was made from other source of the same length', () => {
  const file = moduleWithCache(`module.exports = 'new';`, `module.exports = 'old';`);
  const { exports, script } = requireCached<string>(file);
  expect(exports).toBe('new');
  // The cache was not offered to V8 at all, so it could not be half-used.
  expect(script.cachedDataRejected).toBeUndefined();
});

test('a fitting cache is used, and the module behaves as CommonJS', () => {
  const source = `exports.dir = __dirname; exports.file = __filename; exports.req = typeof require('node:path').join; exports.self = module.exports === exports;`;
  const file = moduleWithCache(source, source);
  const { exports, script } = requireCached<Record<string, unknown>>(file);
  expect(script.cachedDataRejected).toBe(false);
  expect(exports).toEqual({ dir, file, req: 'function', self: true });
});

test.each([
  ['missing', (file: string) => fs.rmSync(cachePath(file))],
  ['empty', (file: string) => fs.writeFileSync(cachePath(file), '')],
  ['with a foreign header', (file: string) => fs.writeFileSync(cachePath(file), 'not a cache at all\n')],
  ['cut short', (file: string) => fs.writeFileSync(cachePath(file), fs.readFileSync(cachePath(file)).subarray(0, 30))],
  ['with V8 data of garbage', (file: string) => fs.writeFileSync(cachePath(file), cacheFile(fs.readFileSync(file), Buffer.from('garbage')))],
])('a cache file %s: the module still loads from source', (_label, spoil) => {
  const source = `module.exports = 6 * 7;`;
  const file = moduleWithCache(source, source);
  spoil(file);
  expect(requireCached<number>(file).exports).toBe(42);
});
