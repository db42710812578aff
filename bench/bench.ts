// `npm run bench`: synthetic orgs of several sizes run through the real CLI, each run paired with a floor run that does
// the same I/O and JSON work and nothing else; reports paired ratios, peak RSS, linearity and startup against targets.
// Usage: npm run bench -- [--sizes 200,2000,20000,50000] [--runs N] [--list-size N] [--findings-size N] [--startup-runs N] [--seed N].
// It reports; it never fails on speed (targets are read here, not asserted in tests).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { benchConfig, withDistinctSecret, withWarnings, writeListFile, writeOrg } from './generate';
import { median, pairedRatios, ratioText, run, startupMs, type Timed } from './measure';

const ROOT = path.resolve(__dirname, '..', '..');
const BIN = path.join(ROOT, 'dist', 'src', 'cli', 'bin.js');
const FLOOR = path.join(__dirname, 'floor.js');
const BIG = ['--max-input-size', '4G'];

function flag(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function count(name: string, fallback: number): number {
  const value = Number(flag(name) ?? fallback);
  if (!Number.isInteger(value) || value <= 0)
    throw new Error(`--${name} must be a positive integer`);
  return value;
}

interface SizeResult {
  size: number;
  mib: number;
  blockMib: number;
  floor: Timed[];
  /** The first bench's floor (the block stringified as one string), where it can run: for comparison only. */
  oneStringFloor: Timed[];
  kwt: Timed[];
  summary: Timed[];
  secrets: Timed[];
  validateFloor: Timed[];
  validate: Timed[];
}

const seconds = (runs: readonly Timed[]): number[] => runs.map((r) => r.seconds);
const rss = (runs: readonly Timed[]): number => Math.max(...runs.map((r) => r.maxRssMb));

/** One org size: floor and pipeline interleaved, then validate of the block against its own floor. */
function measureSize(work: string, size: number, seed: number, runs: number): SizeResult {
  const org = path.join(work, `org-${size}`);
  const { bytes } = writeOrg(org, size, seed);
  const withSummary = size <= 2000;
  const secretOrg = size === 2000 ? path.join(work, `secrets-${size}`) : undefined;
  if (secretOrg) writeOrg(secretOrg, size, seed, withDistinctSecret);
  const result: SizeResult = {
    size,
    mib: bytes / 2 ** 20,
    blockMib: 0,
    floor: [],
    oneStringFloor: [],
    kwt: [],
    summary: [],
    secrets: [],
    validateFloor: [],
    validate: [],
  };
  const out = path.join(work, 'out.json');
  const block = path.join(work, `block-${size}.json`);
  for (let i = 0; i < runs; i++) {
    fs.rmSync(out, { force: true });
    result.floor.push(run([FLOOR, org, out], work, 'floor'));
    if (size <= 20000) {
      fs.rmSync(out, { force: true });
      result.oneStringFloor.push(run([FLOOR, org, out, '--one-string'], work, 'one-string floor'));
    }
    fs.rmSync(out, { force: true });
    fs.rmSync(block, { force: true });
    result.kwt.push(
      run([BIN, 'transform', org, '-o', block, '-q'], work, `kwt transform (${size})`),
    );
    if (withSummary) {
      fs.rmSync(out, { force: true });
      result.summary.push(
        run([BIN, 'transform', org, '-o', out], work, 'kwt transform with the summary'),
      );
    }
    if (secretOrg) {
      fs.rmSync(out, { force: true });
      const config = path.join(work, 'secrets.config.json');
      result.secrets.push(
        run([BIN, 'transform', secretOrg, '-c', config, '-o', out, '-q'], work, 'distinct secrets'),
      );
    }
  }
  fs.rmSync(out, { force: true });
  // A block past V8's longest string (512 MiB) cannot be read as one string: kwt parses it piece by piece, the floor
  // (one JSON.parse) cannot read it at all, so there kwt is measured alone, per workflow against the smaller sizes.
  result.blockMib = fs.statSync(block).size / 2 ** 20;
  for (let i = 0; i < runs; i++) {
    if (result.blockMib < 512)
      result.validateFloor.push(run([FLOOR, block], work, 'validate floor'));
    result.validate.push(
      run([BIN, 'validate', block, '-q', ...BIG], work, `kwt validate (${size})`),
    );
  }
  fs.rmSync(block, { force: true });
  fs.rmSync(org, { recursive: true, force: true });
  if (secretOrg) fs.rmSync(secretOrg, { recursive: true, force: true });
  return result;
}

/** The org as one JSON:API list file (past the 64 MiB default input cap at 10,000 workflows, hence --max-input-size). */
function measureList(
  work: string,
  size: number,
  seed: number,
  runs: number,
): { mib: number; floor: Timed[]; kwt: Timed[] } {
  const list = path.join(work, 'workflows.json');
  const mib = writeListFile(list, size, seed) / 2 ** 20;
  const out = path.join(work, 'out.json');
  const floor: Timed[] = [];
  const kwt: Timed[] = [];
  for (let i = 0; i < runs; i++) {
    fs.rmSync(out, { force: true });
    floor.push(run([FLOOR, list, out], work, 'list floor'));
    fs.rmSync(out, { force: true });
    kwt.push(
      run([BIN, 'transform', list, '-o', out, '-q', ...BIG], work, 'kwt transform of the list'),
    );
  }
  fs.rmSync(list, { force: true });
  fs.rmSync(out, { force: true });
  return { mib, floor, kwt };
}

interface FindingsCase {
  label: string;
  warnings: number;
  files: { floor: Timed[]; kwt: Timed[] };
  list: { floor: Timed[]; kwt: Timed[] };
}

/**
 * Findings cost the same wherever they are: the same org as one file per workflow and as one list file, with 0, 1 and 10
 * warnings per workflow (steps no transition reaches), each kwt run paired with the floor of the same input; then a
 * distinct credential in every workflow of one list file, at each of its REST steps (about 15,000 errors placed in one
 * file), against the plain list.
 */
function measureFindings(
  work: string,
  size: number,
  seed: number,
  runs: number,
): { cases: FindingsCase[]; credentials: Timed[]; plainList: Timed[] } {
  const out = path.join(work, 'out.json');
  const cases: FindingsCase[] = [];
  for (const warnings of [0, 1, 10]) {
    const org = path.join(work, `findings-org-${warnings}`);
    const list = path.join(work, `findings-list-${warnings}.json`);
    writeOrg(org, size, seed, withWarnings(warnings));
    writeListFile(list, size, seed, withWarnings(warnings));
    const c: FindingsCase = {
      label: `${warnings} warning${warnings === 1 ? '' : 's'} per workflow`,
      warnings,
      files: { floor: [], kwt: [] },
      list: { floor: [], kwt: [] },
    };
    for (let i = 0; i < runs; i++) {
      for (const [input, into] of [
        [org, c.files],
        [list, c.list],
      ] as const) {
        fs.rmSync(out, { force: true });
        into.floor.push(run([FLOOR, input, out], work, 'findings floor'));
        fs.rmSync(out, { force: true });
        into.kwt.push(
          run([BIN, 'transform', input, '-o', out, ...BIG], work, `kwt transform with ${c.label}`),
        );
      }
    }
    cases.push(c);
    fs.rmSync(org, { recursive: true, force: true });
    if (warnings !== 0) fs.rmSync(list, { force: true });
  }
  // A distinct credential in every workflow of one file (in each REST step), no rule for it: every place is an error
  // placed in that file (exit 1), paired with the same list without them (kept from the case of no warnings).
  const leaky = path.join(work, 'findings-credentials.json');
  writeListFile(leaky, size, seed, withDistinctSecret);
  const plain = path.join(work, 'findings-list-0.json');
  const credentials: Timed[] = [];
  const plainList: Timed[] = [];
  for (let i = 0; i < runs; i++) {
    fs.rmSync(out, { force: true });
    plainList.push(
      run([BIN, 'transform', plain, '-o', out, ...BIG], work, 'kwt transform of the plain list'),
    );
    fs.rmSync(out, { force: true });
    credentials.push(
      run(
        [BIN, 'transform', leaky, '-o', out, ...BIG],
        work,
        'kwt transform of a list with a credential per workflow',
        1,
      ),
    );
  }
  fs.rmSync(leaky, { force: true });
  fs.rmSync(plain, { force: true });
  fs.rmSync(out, { force: true });
  return { cases, credentials, plainList };
}

function findingsLines(size: number, f: ReturnType<typeof measureFindings>): string[] {
  const lines = [
    '',
    `findings, ${size} workflows (transform with validation, findings placed and printed)`,
  ];
  for (const c of f.cases) {
    lines.push(
      `  ${c.label.padEnd(26)} files: paired ${ratioText(pairedRatios(seconds(c.files.kwt), seconds(c.files.floor)))} the floor; ` +
        `one list file: ${ratioText(pairedRatios(seconds(c.list.kwt), seconds(c.list.floor)))}; list / files ${(median(seconds(c.list.kwt)) / median(seconds(c.files.kwt))).toFixed(2)}x`,
    );
  }
  return lines;
}

function findingsTargets(f: ReturnType<typeof measureFindings>): string[] {
  const none = f.cases.find((c) => c.warnings === 0);
  const ten = f.cases.find((c) => c.warnings === 10);
  if (!none || !ten) return [];
  const lines: string[] = [];
  for (const c of f.cases) {
    const ratio = median(seconds(c.list.kwt)) / median(seconds(c.files.kwt));
    lines.push(
      `  one list file / one file per workflow, ${c.label}: <= 1.3   ${ratio.toFixed(2)}x  ${verdict(ratio <= 1.3)}`,
    );
  }
  const tenVsNone = median(seconds(ten.files.kwt)) / median(seconds(none.files.kwt));
  const withFindings = median(pairedRatios(seconds(ten.files.kwt), seconds(ten.files.floor)));
  const credentials = median(pairedRatios(seconds(f.credentials), seconds(f.plainList)));
  lines.push(
    `  10 warnings per workflow / none: <= 1.5       ${tenVsNone.toFixed(2)}x  ${verdict(tenVsNone <= 1.5)}`,
  );
  lines.push(
    `  with findings, validation on: <= 2.5x the floor   ${withFindings.toFixed(2)}x  ${verdict(withFindings <= 2.5)}`,
  );
  // The same 2,000 distinct credentials with no rule for them: every place is an error (about 15,000, in every REST
  // step of one list file), found, masked on every channel and placed.
  lines.push(
    `  2,000 distinct credentials left as errors in one list file / the plain list: <= 1.3   ${credentials.toFixed(2)}x  ${verdict(credentials <= 1.3)}`,
  );
  return lines;
}

/** node -e 0, kwt --version and a one-file transform, interleaved run by run. */
function measureStartup(
  work: string,
  runs: number,
): { bare: number[]; version: number[]; oneFile: number[] } {
  const small = path.join(ROOT, 'samples', 'exports', 'order-posted.json');
  const config = path.join(ROOT, 'samples', 'kwt.config.json');
  const times = { bare: [] as number[], version: [] as number[], oneFile: [] as number[] };
  for (let i = 0; i < runs; i++) {
    times.bare.push(startupMs(['-e', '0'], work));
    times.version.push(startupMs([BIN, '--version'], work));
    times.oneFile.push(startupMs([BIN, 'transform', small, '-c', config, '-q'], work));
  }
  return times;
}

const verdict = (ok: boolean): string => (ok ? 'met' : 'MISSED');

/** The lines of one size, printed as soon as it is measured (a 50,000 run takes minutes). */
function sizeLines(r: SizeResult, base: SizeResult | undefined): string[] {
  const perWorkflow = (x: SizeResult): number => median(seconds(x.kwt)) / x.size;
  const lines = [
    `${r.size} workflows (${r.mib.toFixed(0)} MiB of exports, a ${r.blockMib.toFixed(0)} MiB block)`,
    `  transform  floor ${median(seconds(r.floor)).toFixed(2)} s, kwt ${median(seconds(r.kwt)).toFixed(2)} s ` +
      `(${(r.size / median(seconds(r.kwt))).toFixed(0)} workflows/s), paired ${ratioText(pairedRatios(seconds(r.kwt), seconds(r.floor)))}, ` +
      `per workflow ${base ? (perWorkflow(r) / perWorkflow(base)).toFixed(2) : '-'}x the ${base?.size ?? '-'} case, ` +
      `peak RSS ${rss(r.kwt).toFixed(0)} / ${rss(r.floor).toFixed(0)} MB (${(rss(r.kwt) / rss(r.floor)).toFixed(2)}x)`,
  ];
  if (r.oneStringFloor.length > 0) {
    lines.push(
      `  against the first bench's floor (the block stringified as one string, ${median(seconds(r.oneStringFloor)).toFixed(2)} s, ` +
        `${rss(r.oneStringFloor).toFixed(0)} MB): paired ${ratioText(pairedRatios(seconds(r.kwt), seconds(r.oneStringFloor)))}; for comparison with earlier numbers only`,
    );
  }
  if (r.summary.length > 0)
    lines.push(
      `  with the summary (counts every change): paired ${ratioText(pairedRatios(seconds(r.summary), seconds(r.floor)))} the floor`,
    );
  if (r.secrets.length > 0)
    lines.push(
      `  each workflow its own secret: paired ${ratioText(pairedRatios(seconds(r.secrets), seconds(r.kwt)))} the plain run`,
    );
  lines.push(
    r.validateFloor.length > 0
      ? `  validate   floor ${median(seconds(r.validateFloor)).toFixed(2)} s, kwt ${median(seconds(r.validate)).toFixed(2)} s, ` +
          `paired ${ratioText(pairedRatios(seconds(r.validate), seconds(r.validateFloor)))}, peak RSS ${rss(r.validate).toFixed(0)} / ${rss(r.validateFloor).toFixed(0)} MB`
      : `  validate   kwt ${median(seconds(r.validate)).toFixed(2)} s (read piece by piece; the floor's one JSON.parse cannot hold a block past 512 MiB), ` +
          `${((median(seconds(r.validate)) / r.size) * 1e6).toFixed(0)} µs per workflow, peak RSS ${rss(r.validate).toFixed(0)} MB`,
  );
  return lines;
}

function targetLines(
  results: readonly SizeResult[],
  startup: ReturnType<typeof measureStartup>,
): string[] {
  const at = (size: number): SizeResult | undefined => results.find((r) => r.size === size);
  const lines: string[] = ['', 'targets'];
  const r2k = at(2000);
  if (r2k) {
    // The earlier 2.0x (plain) and 2.2x (summary) time targets and the 1.3x memory target are retired: the ratios are
    // printed above, for comparison between builds.
    const secrets = median(pairedRatios(seconds(r2k.secrets), seconds(r2k.kwt)));
    lines.push(
      `  2,000 distinct secrets / plain run <= 1.3   ${secrets.toFixed(2)}x  ${verdict(secrets <= 1.3)}`,
    );
  }
  const r50k = at(50000);
  if (r50k && r2k) {
    const linear = median(seconds(r50k.kwt)) / 50000 / (median(seconds(r2k.kwt)) / 2000);
    lines.push(
      `  50,000 workflows: per workflow within 10% of 2,000   ${linear.toFixed(2)}x  ${verdict(linear <= 1.1)}`,
    );
  }
  const r20k = at(20000);
  if (r20k) {
    const v = median(pairedRatios(seconds(r20k.validate), seconds(r20k.validateFloor)));
    lines.push(
      `  validate of a 20,000-workflow block <= 1.5x the floor   ${v.toFixed(2)}x  ${verdict(v <= 1.5)}`,
    );
  }
  if (r50k && r20k) {
    // Not a target of the issue: kwt reads back the block it wrote, at the same cost per workflow.
    const v = median(seconds(r50k.validate)) / 50000 / (median(seconds(r20k.validate)) / 20000);
    lines.push(
      `  validate of the 50,000-workflow block, per workflow against 20,000: ${v.toFixed(2)}x (read piece by piece)`,
    );
  }
  const oneFile = median(pairedRatios(startup.oneFile, startup.bare));
  const version = median(pairedRatios(startup.version, startup.bare));
  lines.push(
    `  one-file kwt transform -q <= 2.5x node -e 0   ${oneFile.toFixed(2)}x  ${verdict(oneFile <= 2.5)}`,
  );
  lines.push(
    `  kwt --version <= 1.5x node -e 0               ${version.toFixed(2)}x  ${verdict(version <= 1.5)}`,
  );
  return lines;
}

function main(): void {
  if (!fs.existsSync(BIN))
    throw new Error('dist/ is missing: run npm run build first (npm run bench does)');
  const sizes = (flag('sizes') ?? '200,2000,20000,50000').split(',').map(Number);
  if (sizes.some((s) => !Number.isInteger(s) || s <= 0))
    throw new Error('--sizes takes positive integers, comma-separated');
  const seed = count('seed', 1);
  const runsFlag = flag('runs') === undefined ? undefined : count('runs', 1);
  const listSize = count('list-size', 10000);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'kwt-bench-'));
  try {
    fs.writeFileSync(path.join(work, 'kwt.config.json'), JSON.stringify(benchConfig(), null, 2));
    // The same config with a credentials rule for the header: each workflow then declares its own secret.
    const secretConfig = benchConfig() as { options: Record<string, Record<string, unknown>> };
    secretConfig.options['app-settings'] = {
      ...secretConfig.options['app-settings'],
      credentials: [{ header: 'X-Api-Key', setting: 'default.apiKey' }],
    };
    fs.writeFileSync(path.join(work, 'secrets.config.json'), JSON.stringify(secretConfig, null, 2));

    const cpu = os.cpus()[0]?.model.trim() ?? 'unknown CPU';
    const out = (line: string): boolean => process.stdout.write(line + '\n');
    out(
      `kwt bench: seed ${seed}, ${os.cpus().length} cores (${cpu}), ${(os.totalmem() / 1024 ** 3).toFixed(0)} GiB, node ${process.version}`,
    );
    out(
      'each kwt run is paired with a floor run made just before it: read and parse every input, stringify and write the block',
    );
    const results: SizeResult[] = [];
    for (const size of sizes) {
      // Fewer runs where one run takes a minute: the paired ratio needs pairs, not many of them.
      const runs = runsFlag ?? (size <= 2000 ? 5 : 2);
      process.stderr.write(`bench: ${size} workflows, ${runs} pairs…\n`);
      const result = measureSize(work, size, seed, runs);
      results.push(result);
      out('');
      for (const line of sizeLines(result, results.find((r) => r.size === 2000) ?? results[0]))
        out(line);
    }
    const findingsSize = count('findings-size', 2000);
    process.stderr.write(`bench: findings, ${findingsSize} workflows as files and as one list…\n`);
    const findings = measureFindings(work, findingsSize, seed, runsFlag ?? 3);
    for (const line of findingsLines(findingsSize, findings)) out(line);
    process.stderr.write(`bench: a JSON:API list of ${listSize} workflows…\n`);
    const list = measureList(work, listSize, seed, runsFlag ?? 3);
    const startupRuns = count('startup-runs', 20);
    const startup = measureStartup(work, startupRuns);

    out('');
    out(
      `JSON:API list, ${listSize} workflows in one ${list.mib.toFixed(0)} MiB file: floor ${median(seconds(list.floor)).toFixed(2)} s, ` +
        `kwt ${median(seconds(list.kwt)).toFixed(2)} s, paired ${ratioText(pairedRatios(seconds(list.kwt), seconds(list.floor)))}, ` +
        `peak RSS ${rss(list.kwt).toFixed(0)} / ${rss(list.floor).toFixed(0)} MB`,
    );
    out('');
    out(
      `startup (${startupRuns} interleaved runs): node -e 0 ${median(startup.bare).toFixed(0)} ms`,
    );
    out(
      `  kwt --version                 ${median(startup.version).toFixed(0)} ms, paired ${ratioText(pairedRatios(startup.version, startup.bare))}`,
    );
    out(
      `  kwt transform one file -q     ${median(startup.oneFile).toFixed(0)} ms, paired ${ratioText(pairedRatios(startup.oneFile, startup.bare))}`,
    );
    for (const line of targetLines(results, startup)) out(line);
    for (const line of findingsTargets(findings)) out(line);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

main();
