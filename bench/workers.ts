// `node dist/bench/workers.js [--sizes 2000,20000] [--runs N]`: would worker threads pay on this machine? Measures the
// best case: the org split into shards, each shard read, parsed, transformed, validated and serialized by the library in
// its own thread, the texts sent back and written. Shards see only their own workflows, so this is an upper bound on
// the gain (real parallel runs would also exchange batch-wide facts). Compared pair by pair with the same work in one thread.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { benchConfig, writeOrg } from './generate';
import { median, pairedRatios, ratioText } from './measure';

interface Shard {
  files: string[];
  config: unknown;
}

/** The per-shard work, identical in a worker and in the main thread. */
function work(shard: Shard): string {
  const { transform } = require('../src/index') as typeof import('../src/index');
  const inputs = shard.files.map((file) => ({
    label: path.basename(file),
    document: JSON.parse(fs.readFileSync(file, 'utf8')) as import('../src/index').Json,
  }));
  const result = transform(inputs, shard.config as never);
  if (!result.ok)
    throw new Error(
      `the bench org does not transform: ${result.problems.find((p) => p.severity === 'error')?.message ?? ''}`,
    );
  return result.text;
}

function inThreads(files: string[], config: unknown, threads: number): Promise<string[]> {
  const size = Math.ceil(files.length / threads);
  return Promise.all(
    Array.from(
      { length: threads },
      (_, i) =>
        new Promise<string>((resolve, reject) => {
          const worker = new Worker(__filename, {
            workerData: { files: files.slice(i * size, (i + 1) * size), config } satisfies Shard,
          });
          worker.once('message', (text: string) => resolve(text));
          worker.once('error', reject);
        }),
    ),
  );
}

async function main(): Promise<void> {
  const flag = (name: string): string | undefined =>
    process.argv.includes(`--${name}`)
      ? process.argv[process.argv.indexOf(`--${name}`) + 1]
      : undefined;
  const sizes = (flag('sizes') ?? '2000,20000').split(',').map(Number);
  const runs = Number(flag('runs') ?? 3);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kwt-workers-'));
  try {
    process.stdout.write(
      `worker threads on ${os.cpus().length} cores (${os.cpus()[0]?.model.trim() ?? '?'}), node ${process.version}\n`,
    );
    for (const size of sizes) {
      const org = path.join(dir, `org-${size}`);
      writeOrg(org, size, 1);
      const files = fs
        .readdirSync(org)
        .sort()
        .map((f) => path.join(org, f));
      const config = benchConfig();
      const one: number[] = [];
      const two: number[] = [];
      for (let i = 0; i < runs; i++) {
        let start = process.hrtime.bigint();
        // One thread: a worker too, so both arms pay the same thread start and module loading.
        fs.writeFileSync(path.join(dir, 'out.json'), (await inThreads(files, config, 1)).join(''));
        one.push(Number(process.hrtime.bigint() - start) / 1e9);
        start = process.hrtime.bigint();
        fs.writeFileSync(path.join(dir, 'out.json'), (await inThreads(files, config, 2)).join(''));
        two.push(Number(process.hrtime.bigint() - start) / 1e9);
      }
      process.stdout.write(
        `${size} workflows: one thread ${median(one).toFixed(2)} s, two threads ${median(two).toFixed(2)} s, ` +
          `two / one paired ${ratioText(pairedRatios(two, one))}\n`,
      );
      fs.rmSync(org, { recursive: true, force: true });
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (isMainThread) void main();
else parentPort?.postMessage(work(workerData as Shard));
