// Measuring for the bench: one child process timed with its peak RSS, and paired ratios (a run against the run of its
// pair made just before it), whose median resolves what unpaired medians cannot on a noisy machine.
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

const PRELOAD = path.join(__dirname, 'rss-preload.js');

export interface Timed {
  seconds: number;
  maxRssMb: number;
}

/** Runs `node ARGS` in `cwd`, checks its exit code, and returns its wall time and peak RSS. */
export function run(
  args: readonly string[],
  cwd: string,
  label: string,
  expectedStatus = 0,
): Timed {
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ['--require', PRELOAD, ...args], {
    cwd,
    encoding: 'utf8',
    maxBuffer: 1 << 30,
    env: { ...process.env, CI: '1' },
  });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (r.status !== expectedStatus)
    throw new Error(
      `${label} exited ${r.status ?? r.signal} (expected ${expectedStatus}):\n${r.stderr.slice(0, 4000)}`,
    );
  const rss = /KWT_BENCH_MAXRSS_KB=(\d+)/.exec(r.stderr);
  return { seconds, maxRssMb: rss ? Number(rss[1]) / 1024 : NaN };
}

/** Wall time of `node ARGS` without the RSS preload (startup is measured bare), in milliseconds. */
export function startupMs(args: readonly string[], cwd: string): number {
  const start = process.hrtime.bigint();
  spawnSync(process.execPath, args, { cwd, stdio: 'ignore' });
  return Number(process.hrtime.bigint() - start) / 1e6;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** Each a[i] over b[i]: the runs of a pair were made one after the other, so the machine's mood hits both alike. */
export function pairedRatios(a: readonly number[], b: readonly number[]): number[] {
  return a.map((x, i) => x / (b[i] as number));
}

/** `2.01x (1.93-2.12)`: the median of the ratios, then their least and greatest. */
export function ratioText(ratios: readonly number[]): string {
  return `${median(ratios).toFixed(2)}x (${Math.min(...ratios).toFixed(2)}-${Math.max(...ratios).toFixed(2)})`;
}
