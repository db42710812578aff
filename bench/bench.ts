// `npm run bench`: generates a synthetic org, runs the default pipeline over it as one folder through the real CLI, and
// reports workflows per second, total seconds, peak RSS and the ratio to a read/parse/stringify/write floor, plus startup.
// Usage: npm run bench -- [--workflows N] [--seed N] [--runs N] [--startup-runs N]. It reports; it never fails on speed.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { benchConfig, withDistinctSecret, workflow } from './generate';

const ROOT = path.resolve(__dirname, '..', '..');
const BIN = path.join(ROOT, 'dist', 'src', 'cli', 'bin.js');
const PRELOAD = path.join(__dirname, 'rss-preload.js');
const FLOOR = path.join(__dirname, 'floor.js');

function flag(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const value = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isInteger(value) || value <= 0) throw new Error(`--${name} must be a positive integer`);
  return value;
}

interface Timed {
  seconds: number;
  maxRssMb: number;
  status: number;
  stderr: string;
}

function run(args: string[], cwd: string): Timed {
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ['--require', PRELOAD, ...args], { cwd, encoding: 'utf8', maxBuffer: 1 << 30, env: { ...process.env, CI: '1' } });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const rss = /KWT_BENCH_MAXRSS_KB=(\d+)/.exec(r.stderr);
  return { seconds, maxRssMb: rss ? Number(rss[1]) / 1024 : NaN, status: r.status ?? -1, stderr: r.stderr };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

function startup(args: string[], cwd: string, runs: number): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    spawnSync(process.execPath, args, { cwd, stdio: 'ignore' });
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return median(times);
}

function main(): void {
  if (!fs.existsSync(BIN)) throw new Error('dist/ is missing: run npm run build first (npm run bench does)');
  const count = flag('workflows', 2000);
  const seed = flag('seed', 1);
  const startupRuns = flag('startup-runs', 15);
  const runs = flag('runs', 3);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'kwt-bench-'));
  try {
    const org = path.join(work, 'org');
    const secretOrg = path.join(work, 'org-secrets');
    fs.mkdirSync(org);
    fs.mkdirSync(secretOrg);
    let bytes = 0;
    let steps = 0;
    for (let i = 0; i < count; i++) {
      const doc = workflow(i, seed, count);
      const text = JSON.stringify(doc, null, 2) + '\n';
      bytes += text.length;
      const attributes = (doc['data'] as { attributes: { steps: unknown[] } } | undefined)?.attributes ?? (doc as { steps: unknown[] });
      steps += attributes.steps.length;
      fs.writeFileSync(path.join(org, `workflow-${String(i).padStart(5, '0')}.json`), text);
      fs.writeFileSync(path.join(secretOrg, `workflow-${String(i).padStart(5, '0')}.json`), JSON.stringify(withDistinctSecret(doc, i), null, 2) + '\n');
    }
    fs.writeFileSync(path.join(work, 'kwt.config.json'), JSON.stringify(benchConfig(), null, 2));
    // The same config with a credentials rule for the header: each workflow then declares its own secret.
    const secretConfig = benchConfig() as { options: Record<string, Record<string, unknown>> };
    secretConfig.options['app-settings'] = { ...secretConfig.options['app-settings'], credentials: [{ header: 'X-Api-Key', setting: 'default.apiKey' }] };
    fs.writeFileSync(path.join(work, 'secrets.config.json'), JSON.stringify(secretConfig, null, 2));

    // Alternate floor and pipeline runs and keep the median of each: disk and cache noise hits both alike.
    const floors: Timed[] = [];
    const fulls: Timed[] = [];
    const verbose: Timed[] = [];
    const secretRuns: Timed[] = [];
    for (let i = 0; i < runs; i++) {
      fs.rmSync(path.join(work, 'floor.json'), { force: true });
      fs.rmSync(path.join(work, 'block.json'), { force: true });
      const f = run([FLOOR, org, path.join(work, 'floor.json')], work);
      if (f.status !== 0) throw new Error(`floor run failed:\n${f.stderr}`);
      const p = run([BIN, 'transform', org, '-o', path.join(work, 'block.json'), '-q'], work);
      if (p.status !== 0) throw new Error(`pipeline run failed (exit ${p.status}):\n${p.stderr.slice(0, 4000)}`);
      fs.rmSync(path.join(work, 'block.json'), { force: true });
      // The same run with the summary on stderr, which also records every change.
      const v = run([BIN, 'transform', org, '-o', path.join(work, 'block.json')], work);
      if (v.status !== 0) throw new Error(`pipeline run with summary failed (exit ${v.status})`);
      fs.rmSync(path.join(work, 'block.json'), { force: true });
      const sr = run([BIN, 'transform', secretOrg, '-c', path.join(work, 'secrets.config.json'), '-o', path.join(work, 'block.json'), '-q'], work);
      if (sr.status !== 0) throw new Error(`distinct-secrets run failed (exit ${sr.status}):\n${sr.stderr.slice(0, 4000)}`);
      floors.push(f);
      fulls.push(p);
      verbose.push(v);
      secretRuns.push(sr);
    }
    // Paired ratios (each pipeline run against the floor or plain run made just before it), then their median:
    // this machine's noise moves both runs of a pair alike.
    const pairs = (a: Timed[], b: Timed[]): number[] => a.map((x, i) => x.seconds / (b[i] as Timed).seconds).sort((p, q) => p - q);
    const floorRatios = pairs(fulls, floors);
    const summaryRatios = pairs(verbose, floors);
    const secretRatios = pairs(secretRuns, fulls);
    const range = (r: number[]): string =>
      `median ${median(r).toFixed(2)}x, min ${(r[0] as number).toFixed(2)}x, max ${(r[r.length - 1] as number).toFixed(2)}x`;
    const byTime = (a: Timed, b: Timed): number => a.seconds - b.seconds;
    const floor = [...floors].sort(byTime)[Math.floor(runs / 2)] as Timed;
    const full = [...fulls].sort(byTime)[Math.floor(runs / 2)] as Timed;
    const withSummary = [...verbose].sort(byTime)[Math.floor(runs / 2)] as Timed;

    const small = path.join(ROOT, 'samples', 'exports', 'order-posted.json');
    const config = path.join(ROOT, 'samples', 'kwt.config.json');
    const bare = startup(['-e', '0'], work, startupRuns);
    const version = startup([BIN, '--version'], work, startupRuns);
    const oneFile = startup([BIN, 'transform', small, '-c', config, '-q'], work, startupRuns);

    const ratio = median(floorRatios);
    const secretRatio = median(secretRatios);
    const lines = [
      `kwt bench: ${count} workflows (${steps} steps, ${(bytes / 1024 / 1024).toFixed(1)} MiB), seed ${seed}, median of ${runs} runs`,
      `machine: ${os.cpus().length} cores (${os.cpus()[0]?.model.trim() ?? 'unknown'}), ${(os.totalmem() / 1024 ** 3).toFixed(0)} GiB, node ${process.version}`,
      '',
      `full pipeline     ${full.seconds.toFixed(2)} s   ${(count / full.seconds).toFixed(0)} workflows/s   peak RSS ${full.maxRssMb.toFixed(0)} MB   (kwt transform DIR -o FILE -q)`,
      `with the summary  ${withSummary.seconds.toFixed(2)} s   ${(withSummary.seconds / floor.seconds).toFixed(2)}x the floor   peak RSS ${withSummary.maxRssMb.toFixed(0)} MB   (records every change for it)`,
      `floor (read and parse each file, stringify and write one)   ${floor.seconds.toFixed(2)} s   peak RSS ${floor.maxRssMb.toFixed(0)} MB`,
      `ratio to floor    ${ratio.toFixed(2)}x paired (${range(floorRatios)}; with the summary ${range(summaryRatios)})   (target <= 3x)  ${ratio <= 3 ? 'met' : 'MISSED'}`,
      `distinct secrets  ${range(secretRatios)} of the plain run (${count} workflows, each its own secret)   (target <= 1.3x)  ${secretRatio <= 1.3 ? 'met' : 'MISSED'}`,
      `total time        ${full.seconds.toFixed(2)} s   (target < 10 s for 2,000)  ${count !== 2000 ? 'n/a' : full.seconds < 10 ? 'met' : 'MISSED'}`,
      `peak RSS          ${full.maxRssMb.toFixed(0)} MB  (target < 500 MB)        ${full.maxRssMb < 500 ? 'met' : 'MISSED'}`,
      '',
      `startup (median of ${startupRuns})`,
      `node -e 0         ${bare.toFixed(0)} ms`,
      `kwt --version     ${version.toFixed(0)} ms   ${(version / bare).toFixed(2)}x node (target <= 1.6x)  ${version / bare <= 1.6 ? 'met' : 'MISSED'}`,
      `kwt transform one small file   ${oneFile.toFixed(0)} ms   ${(oneFile / bare).toFixed(2)}x node`,
    ];
    process.stdout.write(lines.join('\n') + '\n');
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

main();
