// Build step (after bundle-cli): runs the bundled CLI once over the samples, in this process, and saves V8's code cache
// of every function that run compiled beside the bundle (dist/src/cli/main.js.cache), with the source it belongs to.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cacheFile, cachePath, requireCached } from '../src/io/code-cache';
import type { Io } from '../src/io/io';

const root = path.join(__dirname, '..', '..');
const main = path.join(__dirname, '..', 'src', 'cli', 'main.js');
const sink = { write: (): void => undefined, isTTY: false };
const io: Io = { cwd: root, env: {}, stdout: sink, stderr: sink, readStdin: () => Promise.reject(new Error('no stdin at build time')) };

async function build(): Promise<void> {
  fs.rmSync(cachePath(main), { force: true });
  const { exports, script, source } = requireCached<typeof import('../src/cli/main')>(main);
  // The common run: one export, a config, the block to stdout. Other commands still run, compiling what they need.
  const code = await exports.main(['transform', 'samples/exports/order-posted.json', '-c', 'samples/kwt.config.json', '-q'], io);
  if (code !== 0) throw new Error(`the sample run exited ${code}: no code cache written`);
  const data = script.createCachedData();
  fs.writeFileSync(cachePath(main), cacheFile(source, data));
  console.log(`code cache for the CLI: ${(data.length / 1024).toFixed(0)} KiB`);
}

void build().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
