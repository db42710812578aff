// Loads the bundled CLI through V8's code cache, made at build time (scripts/code-cache.ts): a one-file run then skips
// compiling the functions it needs. A cache made for other source or another V8 is not used; the module compiles as usual.
import { isAscii } from 'node:buffer';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vm from 'node:vm';
import Module from 'node:module';

const MAGIC = 'kwt-code-cache 1 ';

/** The cache file beside a module. */
export const cachePath = (filename: string): string => `${filename}.cache`;

/**
 * The cache file's content: a header line with the source's length, the source itself, then V8's data. V8 checks a
 * cache against the source's length only; comparing the bytes (a memcmp) makes sure it is this very source, without
 * loading node:crypto, which alone costs more than the cache saves on a small run.
 */
export function cacheFile(source: Buffer, data: Buffer): Buffer {
  return Buffer.concat([Buffer.from(`${MAGIC}${source.length}\n`, 'latin1'), source, data]);
}

function cachedDataFor(filename: string, source: Buffer): Buffer | undefined {
  let file: Buffer;
  try {
    file = fs.readFileSync(cachePath(filename));
  } catch {
    return undefined;
  }
  const header = `${MAGIC}${source.length}\n`;
  if (file.toString('latin1', 0, header.length) !== header) return undefined;
  const end = header.length + source.length;
  return file.subarray(header.length, end).equals(source) ? file.subarray(end) : undefined;
}

/** Requires `filename` as CommonJS would, compiled with its code cache when one fits; returns the script for the build. */
export function requireCached<T>(filename: string): { exports: T; script: vm.Script; source: Buffer } {
  const bytes = fs.readFileSync(filename);
  const cachedData = cachedDataFor(filename, bytes);
  // The bundle is ASCII (esbuild escapes the rest): latin1 is the fastest exact decoding of it.
  const source = bytes.toString(isAscii(bytes) ? 'latin1' : 'utf8');
  const script = new vm.Script(Module.wrap(source), { filename, ...(cachedData ? { cachedData } : {}) });
  const dirname = path.dirname(filename);
  const mod = new Module(filename, module);
  mod.filename = filename;
  mod.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(dirname);
  const wrapper = script.runInThisContext() as (e: unknown, r: NodeRequire, m: Module, f: string, d: string) => void;
  wrapper.call(mod.exports, mod.exports, Module.createRequire(filename), mod, filename, dirname);
  mod.loaded = true;
  return { exports: mod.exports as T, script, source: bytes };
}
