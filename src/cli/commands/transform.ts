// `kwt transform`: read inputs, run the pipeline, plan every output, validate it, then write atomically (or only report).
import * as path from 'node:path';
import type { Json, JsonObject } from '../../core/json';
import { isObject, serialize } from '../../core/json';
import { KwtError } from '../../core/errors';
import { resolveConfig, type ResolvedConfig } from '../../core/config';
import { transformBatch, blockFor, type BatchInput } from '../../core/batch';
import { mergeIntoApp } from '../../core/block';
import type { AppInfo, Problem } from '../../core/transform';
import { Redactor } from '../../core/secrets';
import { expandInputs, readInput, type ReadResult } from '../../io/read-inputs';
import { loadConfig } from '../../io/load-config';
import { parseInput } from '../../io/parse-input';
import { readTarget, writeAll, type PlannedWrite } from '../../io/write-output';
import type { Io } from '../../io/io';
import { plural } from '../../report/summary';
import { packageInfo } from '../../core/version';
import { REPORT_FORMAT, computeTotals, type ReportInput, type ReportOutput, type RunReport } from '../../report/run-report';
import { emitReport, checkReportArgs, type ReportArgs } from '../report-output';
import { startProgress, type Progress } from '../progress';

export interface TransformArgs extends ReportArgs {
  inputs: string[];
  config?: string;
  app?: string;
  appVersion?: string;
  out?: string;
  outDir?: string;
  into?: string;
  transform?: string[];
  plugin?: string[];
  quiet?: boolean;
  keepGoing?: boolean;
  /** yargs maps --no-validate to validate: false. */
  validate?: boolean;
  dryRun?: boolean;
  diff?: boolean;
  check?: boolean;
}

/** Reads every input in order (file reads are synchronous, see readInput), ticking the progress bar. */
async function readAll(files: Awaited<ReturnType<typeof expandInputs>>, io: Io, progress: Progress): Promise<ReadResult[]> {
  const results: ReadResult[] = [];
  for (const [i, file] of files.entries()) {
    results.push(await readInput(file, () => io.readStdin()));
    progress.tick(file.label);
    // Synchronous reads never yield: let the bar's timer draw now and then.
    if (progress.active && i % 25 === 24) await new Promise((resolve) => setImmediate(resolve));
  }
  return results;
}

/** The app identity an input or the --into target declares, used when flags and config are silent. */
function appFromInputs(reads: readonly ReadResult[], intoApp: JsonObject | undefined): AppInfo | undefined {
  if (intoApp && typeof intoApp['app'] === 'string') {
    return { name: intoApp['app'], ...(typeof intoApp['version'] === 'string' ? { version: intoApp['version'] } : {}) };
  }
  for (const r of reads) if (r.parsed?.app?.name) return r.parsed.app;
  return undefined;
}

async function readIntoTarget(into: string, cwd: string): Promise<{ absolute: string; app: JsonObject }> {
  const absolute = path.resolve(cwd, into);
  const text = await readTarget(absolute);
  if (text === undefined) throw new KwtError('input', `${into}: --into needs an existing app definition (no such file)`);
  const { value } = parseInput(Buffer.from(text, 'utf8'), into);
  if (!isObject(value) || typeof value['app'] !== 'string') {
    throw new KwtError('input', `${into}: --into needs an app definition (an object with app, version and title)`);
  }
  return { absolute, app: value };
}


export async function runTransform(args: TransformArgs, io: Io): Promise<number> {
  const targets = [args.out, args.outDir, args.into].filter((t) => t !== undefined);
  if (targets.length > 1) throw new KwtError('usage', 'choose one of --out, --out-dir and --into');
  if (args.check && targets.length === 0) throw new KwtError('usage', '--check compares with a target: give --out, --out-dir or --into');
  checkReportArgs(args, { stdoutTaken: (targets.length === 0 && !args.dryRun) || Boolean(args.diff) });

  const loaded = await loadConfig(args.config, io.cwd);
  const files = await expandInputs(args.inputs, io.cwd);
  const into = args.into ? await readIntoTarget(args.into, io.cwd) : undefined;
  const progress = startProgress(files.length, io, Boolean(args.quiet));
  let reads: ReadResult[];
  try {
    reads = await readAll(files, io, progress);
  } finally {
    progress.stop();
  }

  const plugins = args.plugin && args.plugin.length > 0
    ? (require('../../io/load-module') as typeof import('../../io/load-module')).loadPlugins(args.plugin, io.cwd)
    : [];
  const fallback = appFromInputs(reads, into?.app);
  const config: ResolvedConfig = resolveConfig(
    loaded.raw,
    loaded.label,
    {
      ...(args.app !== undefined ? { app: args.app } : {}),
      ...(args.appVersion !== undefined ? { version: args.appVersion } : {}),
      ...(args.transform ? { only: args.transform } : {}),
      ...(fallback ? { fallback } : {}),
      ...(plugins.length > 0 ? { plugins } : {}),
    },
    loaded.loadModule,
  );

  const good: BatchInput[] = reads.filter((r) => r.parsed).map((r) => ({ label: r.file.label, parsed: r.parsed! }));
  // Change records are only read by the summary and the JSON report: a quiet run without one skips them.
  const batch = transformBatch(good, config, { recordChanges: !args.quiet || args.report === 'json' });
  const redactor = new Redactor();
  batch.secrets.forEach((s) => redactor.add(s));
  const outcomes = new Map(batch.inputs.map((o) => [o.label, o]));

  const inputs: ReportInput[] = reads.map((r) => {
    if (r.error) return { file: r.file.label, status: 'error', workflows: [], problems: [{ severity: 'error', code: 'input', message: r.error.message }] };
    const o = outcomes.get(r.file.label)!;
    return {
      file: r.file.label,
      status: o.status,
      workflows: o.results.map((res) => ({ name: typeof res.workflow['name'] === 'string' ? res.workflow['name'] : null, source: res.source, changes: res.changes })),
      problems: o.problems,
    };
  });
  const problems: Problem[] = [];
  const outputs: ReportOutput[] = [];
  const messages: string[] = [];
  const report = (exitCode: 0 | 1 | 2): Promise<number> => {
    const base: Omit<RunReport, 'totals'> = {
      format: REPORT_FORMAT, tool: { name: 'kwt', version: packageInfo().version }, command: 'transform', exitCode,
      ...(config.app.name !== undefined ? { app: { name: config.app.name, ...(config.app.version !== undefined ? { version: config.app.version } : {}) } } : {}),
      inputs, problems, outputs, notes: [...loaded.warnings, ...reads.flatMap((r) => r.warnings)], messages,
    };
    return emitReport({ ...base, totals: computeTotals(base, config.steps.map((st) => st.transform.id)) }, args, io, redactor);
  };

  const failed = inputs.filter((i) => i.status === 'error');
  const usable = batch.inputs.filter((o) => o.status !== 'error');
  if (failed.length > 0 && !args.keepGoing) {
    messages.push(`${plural(failed.length, 'input')} failed; nothing was written (--keep-going writes the others)`);
    return report(2);
  }

  // Plan every output before writing any.
  const writes: PlannedWrite[] = [];
  /** What each output holds, as data: validated directly instead of parsing the text back. */
  const documents: { label: string; value: Json }[] = [];
  let stdoutText: string | undefined;
  const plan = (label: string, value: Json, target?: string): void => {
    const content = serialize(value);
    documents.push({ label: target === undefined ? '(block)' : label, value });
    if (target === undefined) stdoutText = content;
    else writes.push({ path: target, label, content });
  };
  if (args.outDir) {
    const dir = path.resolve(io.cwd, args.outDir);
    const inputPaths = new Set(files.map((f) => f.absolute).filter((p) => p !== undefined));
    const seen = new Map<string, string>();
    for (const o of usable) {
      const base = o.label === '-' ? 'stdin.json' : path.basename(o.label);
      const target = path.join(dir, base);
      if (seen.has(target)) throw new KwtError('usage', `--out-dir: ${seen.get(target)} and ${o.label} would both be written to ${path.join(args.outDir, base)}`);
      if (inputPaths.has(target)) throw new KwtError('usage', `--out-dir: writing ${path.join(args.outDir, base)} would overwrite the input ${o.label}; choose another folder`);
      seen.set(target, o.label);
      plan(path.join(args.outDir, base), blockFor([o], problems) as unknown as JsonObject, target);
    }
  } else {
    const block = blockFor(usable, problems);
    if (into) plan(args.into!, mergeIntoApp(into.app, block, problems), into.absolute);
    else if (args.out) plan(args.out, block as unknown as JsonObject, path.resolve(io.cwd, args.out));
    else plan('-', block as unknown as JsonObject);
  }

  // Validate what would be written, before anything is: Kustomer refuses a whole definition for one bad key.
  if (args.validate !== false) {
    const { validateDocument, workflowIdsOf } = require('../../validate/validate') as typeof import('../../validate/validate');
    // --out-dir files are pieces of one batch: a call from one to another is not dangling.
    const knownWorkflowIds = args.outDir ? workflowIdsOf(usable.flatMap((o) => o.results.map((r) => r.workflow))) : [];
    for (const d of documents) {
      problems.push(...validateDocument(d.value, d.label, { ...config.validate, secrets: batch.secrets, knownWorkflowIds }));
    }
  }
  const invalid = problems.some((p) => p.severity === 'error');

  // Compare each target with what would be written: for --check, --diff, and to leave identical files untouched.
  const current = new Map<string, string | undefined>();
  for (const w of writes) current.set(w.path, await readTarget(w.path));
  if (args.diff) {
    const { unifiedDiff } = require('../../report/diff') as typeof import('../../report/diff');
    for (const w of writes) {
      const before = current.get(w.path);
      if (before === w.content) continue;
      io.stdout.write(redactor.maskText(unifiedDiff(w.label, before ?? '', w.content, { color: io.stdout.isTTY && !io.env['NO_COLOR'] })));
    }
  }

  if (args.check) {
    const differing = writes.filter((w) => current.get(w.path) !== w.content);
    for (const w of writes) outputs.push({ file: w.label, status: current.get(w.path) === w.content ? 'up-to-date' : 'differs' });
    if (invalid) {
      messages.push('the result does not validate');
      return report(1);
    }
    messages.push(...differing.map((w) => `differs: ${w.label}`));
    messages.push(differing.length === 0 ? 'up to date' : `${plural(differing.length, 'target')} not up to date`);
    return report(differing.length === 0 ? 0 : 1);
  }
  if (invalid) {
    for (const w of writes) outputs.push({ file: w.label, status: 'not-written' });
    messages.push('the result does not validate; nothing was written (--no-validate writes it anyway)');
    return report(1);
  }
  if (args.dryRun) {
    for (const w of writes) outputs.push({ file: w.label, status: current.get(w.path) === w.content ? 'unchanged' : 'would-write' });
    messages.push(`dry run; would write ${writes.length > 0 ? writes.map((w) => w.label).join(', ') : 'the block to stdout'}`);
  } else {
    // An identical target is left alone, so its timestamp (and a watcher's rebuild) is not disturbed.
    const changed = writes.filter((w) => current.get(w.path) !== w.content);
    await writeAll(changed);
    for (const w of writes) outputs.push({ file: w.label, status: changed.includes(w) ? 'written' : 'unchanged' });
    if (stdoutText !== undefined) {
      io.stdout.write(stdoutText);
      outputs.push({ file: '-', status: 'written' });
    }
  }
  if (failed.length > 0) {
    messages.push(`${plural(failed.length, 'input')} failed; wrote the others (--keep-going)`);
    return report(2);
  }
  return report(0);
}
