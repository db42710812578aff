// `kwt transform`: parse the arguments into a target, read the inputs, plan, then (diff | check | dry run | write) and report.
import * as path from 'node:path';
import type { JsonObject, TextStyle } from '../../core/json';
import { someOf } from '../../core/lists';
import { isObject } from '../../core/json';
import { KwtError } from '../../core/errors';
import { resolveConfig, type ResolvedConfig } from '../../core/config';
import type { BatchInput } from '../../core/batch';
import type { AppInfo } from '../../core/transform';
import type { Redactor } from '../../core/secrets';
import { CATALOG } from '../../catalog';
import {
  planTransform,
  type PlanOptions,
  type PlanTarget,
  type PlannedWrite,
  type TransformPlan,
} from '../../plan/plan';
import { joined, pieces } from '../../core/text';
import {
  KeptTexts,
  expandInputs,
  readInput,
  type ExpandOptions,
  type InputFile,
  type ReadResult,
} from '../../io/read-inputs';
import { checkPathsApart } from '../../io/target-paths';
import { checkStreamsApart } from '../../io/std-streams';
import { pluginGuard } from '../../io/plugin-guard';
import { checkPluginsWhole } from '../../io/load-module';
import { loadConfig, type LoadedConfig } from '../../io/load-config';
import { MAX_INPUT_BYTES, fitsInString, parseInput, styleOfBytes } from '../../json/parse-input';
import {
  checkTarget,
  inspectTarget,
  readTarget,
  sameContent,
  writeAll,
  type TargetState,
} from '../../io/write-output';
import type { Io } from '../../io/io';
import { plural } from '../../report/summary';
import { packageInfo } from '../../core/version';
import {
  REPORT_FORMAT,
  computeTotals,
  type ReportOutput,
  type RunReport,
} from '../../report/run-report';
import { reportInputs } from '../../report/inputs';
import { emitReport, checkReportArgs, fileTextOf, type SourceFile } from '../report-output';
import { colorEnabled } from '../../report/color';
import { startProgress } from '../progress';
import type { TransformArgs } from '../commands/transform';

/** What one run decided, gathered for the report. */
interface Outcome {
  exitCode: 0 | 1 | 2;
  outputs: ReportOutput[];
  messages: string[];
}

/** Reads every input in order (file reads are synchronous, see readInput), ticking the progress bar. */
async function readAll(
  files: readonly InputFile[],
  io: Io,
  quiet: boolean,
  limit: number,
): Promise<ReadResult[]> {
  const progress = startProgress(files.length, io, quiet);
  const results: ReadResult[] = [];
  const keep = new KeptTexts();
  try {
    for (const [i, file] of files.entries()) {
      results.push(await readInput(file, (limit) => io.readStdin(limit), limit, keep));
      progress.tick(file.label);
      // Synchronous reads never yield: let the bar's timer draw now and then.
      if (progress.active && i % 25 === 24) await new Promise((resolve) => setImmediate(resolve));
    }
  } finally {
    progress.stop();
  }
  return results;
}

/** The app identity an input or the --into target declares, used when flags and config are silent. */
function appFromInputs(
  reads: readonly ReadResult[],
  intoApp: JsonObject | undefined,
): AppInfo | undefined {
  if (intoApp && typeof intoApp['app'] === 'string') {
    return {
      name: intoApp['app'],
      ...(typeof intoApp['version'] === 'string' ? { version: intoApp['version'] } : {}),
    };
  }
  for (const r of reads) if (r.parsed?.app?.name) return r.parsed.app;
  return undefined;
}

interface IntoTarget {
  absolute: string;
  app: JsonObject;
  /** The file as read for the merge: the write is refused if it changes before the rename. */
  state: TargetState;
  /** The parsed app is all its text says (no repeated or dropped key): only then is unchanged text reused. */
  exact: boolean;
  /** What reading it noticed (a repeated key, a dropped prototype key): shown like the inputs' notes. */
  warnings: string[];
  /** The file as text: its layout, and the text of what the merge leaves unchanged, are kept. */
  text?: string;
  /** Its layout alone, when the file is too large to hold as one string. */
  style?: TextStyle;
}

function readIntoTarget(into: string, cwd: string): IntoTarget {
  if (/\.(c?js|mjs|ts|cts|mts)$/i.test(into)) {
    throw new KwtError(
      'usage',
      `${into}: --into merges into a JSON app definition; kwt does not rewrite JavaScript. For an app defined in code (the apps starter's index.js), write the block to a JSON file the app requires (\`kwt transform exports -o workflows.json\`, then \`require('./workflows.json')\`) and keep it current with --check in CI`,
    );
  }
  const absolute = path.resolve(cwd, into);
  const state = inspectTarget(absolute, into, { read: true });
  if (state.bytes === undefined)
    throw new KwtError('input', `${into}: --into needs an existing app definition (no such file)`);
  // A target is kwt's own output (or the app's definition), not untrusted input: no size cap.
  const { value, exact, warnings } = parseInput(state.bytes, into, Infinity);
  if (!isObject(value) || typeof value['app'] !== 'string') {
    throw new KwtError(
      'input',
      `${into}: --into needs an app definition (an object with app, version and title)`,
    );
  }
  const text = fitsInString(state.bytes) ? state.bytes.toString('utf8') : undefined;
  return {
    absolute,
    app: value,
    state,
    exact,
    warnings,
    ...(text !== undefined ? { text } : { style: styleOfBytes(state.bytes) }),
  };
}

/** Flags that cannot go together are refused before any input is read. */
function checkArgs(args: TransformArgs): void {
  const targets = [args.out, args.outDir, args.into].filter((t) => t !== undefined);
  if (targets.length > 1) throw new KwtError('usage', 'choose one of --out, --out-dir and --into');
  if (args.check && targets.length === 0)
    throw new KwtError('usage', '--check compares with a target: give --out, --out-dir or --into');
  if (args.prune && args.into === undefined)
    throw new KwtError(
      'usage',
      '--prune removes stale workflows from an app definition: it needs --into',
    );
  checkReportArgs(args, {
    stdoutTaken: (targets.length === 0 && !args.dryRun) || Boolean(args.diff),
  });
}

function targetOf(args: TransformArgs, cwd: string, into: IntoTarget | undefined): PlanTarget {
  if (into)
    return {
      kind: 'into',
      path: into.absolute,
      label: args.into as string,
      app: into.app,
      ...(into.text !== undefined ? { text: into.text } : {}),
      ...(into.style !== undefined ? { style: into.style } : {}),
      ...(into.exact ? {} : { inexact: true }),
    };
  if (args.outDir !== undefined)
    return { kind: 'dir', dir: path.resolve(cwd, args.outDir), label: args.outDir };
  if (args.out !== undefined)
    return { kind: 'file', path: path.resolve(cwd, args.out), label: args.out };
  return { kind: 'stdout' };
}

function resolveRunConfig(
  args: TransformArgs,
  io: Io,
  loaded: LoadedConfig,
  reads: readonly ReadResult[],
  intoApp?: JsonObject,
): ResolvedConfig {
  const plugins =
    args.plugin && args.plugin.length > 0
      ? (require('../../io/load-module') as typeof import('../../io/load-module')).loadPlugins(
          args.plugin,
          io.cwd,
        )
      : [];
  const fallback = appFromInputs(reads, intoApp);
  return resolveConfig(
    loaded.raw,
    loaded.label,
    CATALOG,
    {
      ...(args.app !== undefined ? { app: args.app } : {}),
      ...(args.appVersion !== undefined ? { version: args.appVersion } : {}),
      ...(args.transform ? { only: args.transform } : {}),
      ...(fallback ? { fallback } : {}),
      ...(intoApp && typeof intoApp['version'] === 'string'
        ? { target: { version: intoApp['version'] } }
        : {}),
      ...(plugins.length > 0 ? { plugins } : {}),
    },
    loaded.loadModule,
  );
}

/** Where each file a finding can name is (the inputs and the --into app), so that findings get their line and column. */
function sourceFiles(
  reads: readonly ReadResult[],
  into: IntoTarget | undefined,
  intoLabel: string | undefined,
): Map<string, SourceFile> {
  const sources = new Map<string, SourceFile>();
  for (const r of reads) {
    if (r.file.absolute === undefined) continue;
    const known =
      r.stamp !== undefined ? { stamp: r.stamp, uniqueKeys: r.uniqueKeys === true } : {};
    const text = r.text !== undefined ? { text: r.text } : {};
    sources.set(r.file.label, { absolute: r.file.absolute, ...known, ...text });
  }
  if (into !== undefined && intoLabel !== undefined)
    sources.set(intoLabel, { absolute: into.absolute });
  return sources;
}

/** What the flags ask of the plan. */
/** The project's JSON style where the target lives (for a new or one-line target file); none for stdout. */
function projectStyleOf(args: TransformArgs, cwd: string): { projectStyle?: TextStyle } {
  const target =
    args.into ??
    args.out ??
    (args.outDir !== undefined ? path.join(args.outDir, 'block.json') : undefined);
  if (target === undefined) return {};
  const { projectStyle } =
    require('../../io/project-style') as typeof import('../../io/project-style');
  const style = projectStyle(path.resolve(cwd, target));
  return style ? { projectStyle: style } : {};
}

function planOptions(args: TransformArgs, io: Io): PlanOptions {
  return {
    validate: args.validate !== false,
    // The JSON report lists every change; the pretty summary only counts them; a quiet run needs neither.
    recordChanges: args.report === 'json' ? true : args.quiet ? false : 'count',
    guard: pluginGuard((text) => io.stderr.write(text)),
    ...(args.excludeDisabled ? { excludeDisabled: true } : {}),
    ...(args.prune ? { prune: true } : {}),
    ...projectStyleOf(args, io.cwd),
    ...(args.only || args.exclude
      ? {
          select: {
            ...(args.only ? { only: args.only } : {}),
            ...(args.exclude ? { exclude: args.exclude } : {}),
          },
        }
      : {}),
  };
}

/** kwt's own files, which a folder or pattern input must not read as exports (a second run would read its own output). */
function ownFiles(args: TransformArgs, cwd: string, config: string | undefined): ExpandOptions {
  const own = new Map<string, string>();
  if (config !== undefined) own.set(config, 'the config');
  if (args.out !== undefined) own.set(path.resolve(cwd, args.out), 'the --out target');
  if (args.into !== undefined) own.set(path.resolve(cwd, args.into), 'the --into target');
  if (args.reportFile !== undefined) own.set(path.resolve(cwd, args.reportFile), 'the report file');
  return {
    own,
    ...(args.outDir !== undefined ? { ownDir: path.resolve(cwd, args.outDir) } : {}),
    ...(args.ignore ? { ignore: args.ignore } : {}),
  };
}

/** Outputs never land on inputs, the config or each other: checked on real paths before anything is read. */
function checkPaths(
  args: TransformArgs,
  io: Io,
  files: readonly InputFile[],
  loaded: LoadedConfig,
): void {
  const abs = (p: string): string => path.resolve(io.cwd, p);
  const flag = args.into !== undefined ? '--into' : '-o';
  // --check and --dry-run write no target, so comparing a block with itself (`kwt transform block.json -o block.json --check`) is fine.
  const writes = !args.check && !args.dryRun;
  const target = writes ? (args.into ?? args.out) : undefined;
  checkPathsApart({
    inputs: files.flatMap((f) =>
      f.absolute ? [{ path: f.absolute, ...(f.link ? { link: true } : {}) }] : [],
    ),
    ...(loaded.file ? { config: loaded.file } : {}),
    ...(target !== undefined ? { target: { flag, file: abs(target) } } : {}),
    ...(writes && args.outDir !== undefined
      ? {
          outDir: {
            dir: abs(args.outDir),
            names: files.map((f) => (f.absolute ? path.basename(f.absolute) : 'stdin.json')),
          },
        }
      : {}),
    ...(args.reportFile !== undefined ? { reportFile: abs(args.reportFile) } : {}),
  });
  if (loaded.file)
    checkStreamsApart([{ path: loaded.file, label: loaded.file, what: 'the config' }]);
  // A report file that cannot be written is refused now, not after the block was written.
  if (args.reportFile !== undefined) checkTarget(abs(args.reportFile), args.reportFile);
}

/** The inputs that were read and parsed, as the plan takes them. */
function goodInputs(reads: readonly ReadResult[]): BatchInput[] {
  return reads.flatMap((r) => {
    if (!r.parsed) return [];
    const absolute = r.file.absolute ? { absolute: r.file.absolute } : {};
    return [{ label: r.file.label, parsed: r.parsed, ...absolute }];
  });
}

/**
 * What the run does with its plan: nothing when inputs failed (unless --keep-going and some are good), else what
 * applyPlan decides. An input fails when it cannot be read or a transform reported an error for one of its workflows.
 */
function decide(
  plan: TransformPlan,
  failed: number,
  total: number,
  args: TransformArgs,
  io: Io,
  redactor: Redactor,
  into?: IntoTarget,
): Outcome {
  if (failed > 0 && failed === total) {
    // --keep-going or not: with no good input there is nothing to write, and an empty block must not replace a target.
    const which = failed === 1 ? 'the input' : `all ${failed} inputs`;
    return { exitCode: 2, outputs: [], messages: [`${which} failed; nothing was written`] };
  }
  if (failed > 0 && !args.keepGoing) {
    const message = `${plural(failed, 'input')} failed; nothing was written (--keep-going writes the others)`;
    return { exitCode: 2, outputs: [], messages: [message] };
  }
  if (plan.conflicts.length > 0) {
    throw new KwtError('usage', plan.conflicts[0] as string, plan.conflicts.slice(1));
  }
  const outcome = applyPlan(plan, args, io, redactor, into);
  if (failed === 0) return outcome;
  const message = `${plural(failed, 'input')} failed; wrote the others (--keep-going)`;
  return { ...outcome, exitCode: 2, messages: [...outcome.messages, message] };
}

/** The app as the report names it. */
function reportApp(config: ResolvedConfig): Pick<RunReport, 'app'> {
  const { name, version } = config.app;
  if (name === undefined) return {};
  return { app: { name, ...(version !== undefined ? { version } : {}) } };
}

/** @lazy: loaded with require() by the command's handler. */
export async function runTransform(args: TransformArgs, io: Io): Promise<number> {
  checkArgs(args);
  const loaded = await loadConfig(args.config, io.cwd);
  const files = await expandInputs(args.inputs, io.cwd, ownFiles(args, io.cwd, loaded.file));
  checkPaths(args, io, files, loaded);
  const into = args.into ? readIntoTarget(args.into, io.cwd) : undefined;
  const reads = await readAll(files, io, Boolean(args.quiet), args.maxInputSize ?? MAX_INPUT_BYTES);
  const config = resolveRunConfig(args, io, loaded, reads, into?.app);
  const good = goodInputs(reads);
  const plan = planTransform(good, config, targetOf(args, io.cwd, into), {
    ...planOptions(args, io),
    incomplete: good.length < reads.length,
  });
  checkPluginsWhole(config.steps);
  // The plan's own: its matcher of every secret and credential is built once for the messages and every channel.
  const redactor = plan.redactor;
  const inputs = reportInputs(reads, plan.batch);
  const failed = inputs.filter((i) => i.status === 'error').length;
  const outcome = decide(plan, failed, inputs.length, args, io, redactor, into);
  const notes = [...loaded.warnings, ...(files.skipped ?? []), ...(into?.warnings ?? [])];
  const base: Omit<RunReport, 'totals'> = {
    format: REPORT_FORMAT,
    tool: { name: 'kwt', version: packageInfo().version },
    command: 'transform',
    exitCode: outcome.exitCode,
    ...reportApp(config),
    inputs,
    problems: plan.problems,
    outputs: outcome.outputs,
    notes: [...notes, ...reads.flatMap((r) => r.warnings)],
    messages: outcome.messages,
  };
  const totals = computeTotals(
    base,
    config.steps.map((st) => st.transform.id),
  );
  const textOf = fileTextOf(sourceFiles(reads, into, args.into));
  return emitReport({ ...base, totals }, args, io, redactor, { textOf });
}

/**
 * The closing lines: what was written where, and for --into what happened to the app's workflows (named up to ten,
 * then counted). A block on stdout needs no line: it is in front of the user.
 */
function targetLines(plan: TransformPlan, outputs: readonly ReportOutput[]): string[] {
  const files = outputs.filter((o) => o.file !== '-');
  if (files.length === 0) return [];
  const written = files.filter((o) => o.status === 'written').map((o) => o.file);
  const kept = files.length - written.length;
  const into = plan.into;
  if (into) {
    const parts = [
      into.added.length > 0 ? `${into.added.length} added (${someOf(into.added)})` : '',
      into.replaced.length > 0 ? `${into.replaced.length} replaced` : '',
      into.stale.length > 0
        ? `${into.stale.length} stale, kept (${someOf(into.stale)}; --prune removes them)`
        : '',
      into.removed.length > 0 ? `${into.removed.length} removed (${someOf(into.removed)})` : '',
    ].filter(Boolean);
    const file = files[0]?.file ?? '';
    if (written.length === 0) {
      const stale =
        into.stale.length > 0
          ? `; ${into.stale.length} stale, kept (${someOf(into.stale)}; --prune removes them)`
          : '';
      return [
        `${file} was already up to date (${plural(into.added.length + into.replaced.length, 'workflow')} of this run)${stale}; not touched`,
      ];
    }
    return [`wrote ${file}: ${parts.length > 0 ? parts.join(', ') : 'no workflow'}`];
  }
  if (files.length === 1)
    return [
      written.length > 0
        ? `wrote ${written[0]}`
        : `${files[0]?.file ?? ''} was already up to date; not touched`,
    ];
  return [
    `wrote ${plural(written.length, 'file')}${kept > 0 ? `; ${kept} already up to date, not touched` : ''} (${someOf(files.map((f) => f.file))})`,
  ];
}

/** Whether each planned write equals its target, computed once per target. */
type Sameness = (w: PlannedWrite) => boolean;

/**
 * Compared as bytes, piece by piece, the target read as a stream: neither side is ever whole. Once per target: a
 * block's text is made anew each time it is read.
 */
function samenessOf(states: ReadonlyMap<string, TargetState | undefined>): Sameness {
  const known = new Map<PlannedWrite, boolean>();
  return (w) => {
    if (!known.has(w)) known.set(w, sameContent(states.get(w.path), w.content, w.label));
    return known.get(w) === true;
  };
}

/** --diff: a unified diff of each target that differs, on stdout, masked. */
function printDiffs(
  plan: TransformPlan,
  states: ReadonlyMap<string, TargetState | undefined>,
  same: Sameness,
  args: TransformArgs,
  io: Io,
  redactor: Redactor,
): void {
  const { unifiedDiff } = require('../../report/diff') as typeof import('../../report/diff');
  const color = colorEnabled(args.color, io.env, io.stdout.isTTY);
  for (const w of plan.writes) {
    if (same(w)) continue;
    const state = states.get(w.path);
    const bytes = state?.identity !== undefined ? readTarget(state, w.label) : undefined;
    let before: string;
    let after: string;
    try {
      before = bytes?.toString('utf8') ?? '';
      after = joined(w.content);
    } catch {
      throw new KwtError(
        'usage',
        `${w.label}: too large for --diff (a diff needs both texts whole); use --check, or diff the files with another tool`,
      );
    }
    io.stdout.write(redactor.maskText(unifiedDiff(w.label, before, after, { color })));
  }
}

/** --check: exit 1 when a target differs or the result does not validate; nothing written. */
function checkOutcome(plan: TransformPlan, same: Sameness): Outcome {
  const differing = plan.writes.filter((w) => !same(w));
  const outputs: ReportOutput[] = plan.writes.map((w) => ({
    file: w.label,
    status: same(w) ? 'up-to-date' : 'differs',
  }));
  if (plan.invalid) return { exitCode: 1, outputs, messages: ['the result does not validate'] };
  const verdict =
    differing.length === 0 ? 'up to date' : `${plural(differing.length, 'target')} not up to date`;
  const messages = [...differing.map((w) => `differs: ${w.label}`), verdict];
  return { exitCode: differing.length === 0 ? 0 : 1, outputs, messages };
}

/** --dry-run: what would be written. */
function dryRunOutcome(plan: TransformPlan, same: Sameness): Outcome {
  const outputs: ReportOutput[] = plan.writes.map((w) => ({
    file: w.label,
    status: same(w) ? 'unchanged' : 'would-write',
  }));
  const labels =
    plan.writes.length > 0 ? plan.writes.map((w) => w.label).join(', ') : 'the block to stdout';
  return { exitCode: 0, outputs, messages: [`dry run; would write ${labels}`] };
}

/** Compares each target with the plan, then diffs, checks, or writes what differs. */
function applyPlan(
  plan: TransformPlan,
  args: TransformArgs,
  io: Io,
  redactor: Redactor,
  into?: IntoTarget,
): Outcome {
  const states = new Map(
    plan.writes.map((w) => [
      w.path,
      w.path === into?.absolute ? into.state : inspectTarget(w.path, w.label),
    ]),
  );
  const same = samenessOf(states);
  if (args.diff) printDiffs(plan, states, same, args, io, redactor);
  if (args.check) return checkOutcome(plan, same);
  if (plan.invalid) {
    return {
      exitCode: 1,
      outputs: plan.writes.map((w) => ({ file: w.label, status: 'not-written' })),
      messages: [
        'the result does not validate; nothing was written (--no-validate writes it anyway)',
      ],
    };
  }
  if (args.dryRun) return dryRunOutcome(plan, same);
  // An identical target is left alone, so its timestamp (and a watcher's rebuild) is not disturbed.
  const changed = plan.writes.filter((w) => !same(w));
  writeAll(changed, { expected: states });
  const outputs: ReportOutput[] = plan.writes.map((w) => ({
    file: w.label,
    status: changed.includes(w) ? 'written' : 'unchanged',
  }));
  if (plan.stdout !== undefined) {
    for (const piece of pieces(plan.stdout)) io.stdout.write(piece);
    outputs.push({ file: '-', status: 'written' });
  }
  return { exitCode: 0, outputs, messages: targetLines(plan, outputs) };
}
