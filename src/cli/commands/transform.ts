// `kwt transform`: read inputs, run the pipeline, plan every output, then write atomically (or only report).
import * as path from 'node:path';
import type { JsonObject } from '../../core/json';
import { isObject, serialize } from '../../core/json';
import { KwtError } from '../../core/errors';
import { resolveConfig, type ResolvedConfig } from '../../core/config';
import { transformBatch, blockFor, type BatchInput, type InputOutcome } from '../../core/batch';
import { mergeIntoApp } from '../../core/block';
import type { AppInfo, Problem } from '../../core/transform';
import { Redactor } from '../../core/secrets';
import { expandInputs, readInput, type ReadResult } from '../../io/read-inputs';
import { loadConfig } from '../../io/load-config';
import { parseInput } from '../../io/parse-input';
import { readTarget, writeAll, type PlannedWrite } from '../../io/write-output';
import type { Io } from '../../io/io';
import { formatProblems } from '../../report/problems';
import { formatSummary, type SummaryRow } from '../../report/summary';

export interface TransformArgs {
  inputs: string[];
  config?: string;
  app?: string;
  appVersion?: string;
  out?: string;
  outDir?: string;
  into?: string;
  transform?: string[];
  quiet?: boolean;
  keepGoing?: boolean;
  /** yargs maps --no-validate to validate: false. */
  validate?: boolean;
  dryRun?: boolean;
  diff?: boolean;
  check?: boolean;
}

/** Inputs are read a few at a time: enough to overlap disk waits without holding a whole org in flight. */
const READ_CONCURRENCY = 16;

async function readAll(files: Awaited<ReturnType<typeof expandInputs>>, io: Io): Promise<ReadResult[]> {
  const results: ReadResult[] = new Array(files.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < files.length) {
      const i = next++;
      results[i] = await readInput(files[i]!, () => io.readStdin());
    }
  };
  await Promise.all(Array.from({ length: Math.min(READ_CONCURRENCY, files.length) }, worker));
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

function summaryRows(reads: readonly ReadResult[], outcomes: ReadonlyMap<string, InputOutcome>): SummaryRow[] {
  return reads.map((r) => {
    if (r.error) return { label: r.file.label, status: 'error', workflows: 0, changes: 0, message: r.error.message };
    const o = outcomes.get(r.file.label)!;
    const firstError = o.results.flatMap((x) => x.problems).find((p) => p.severity === 'error');
    const row: SummaryRow = { label: r.file.label, status: o.status, workflows: o.results.length, changes: o.results.reduce((n, x) => n + x.changes.length, 0) };
    if (firstError) row.message = firstError.message;
    return row;
  });
}

export async function runTransform(args: TransformArgs, io: Io): Promise<number> {
  const targets = [args.out, args.outDir, args.into].filter((t) => t !== undefined);
  if (targets.length > 1) throw new KwtError('usage', 'choose one of --out, --out-dir and --into');
  const loaded = await loadConfig(args.config, io.cwd);
  const files = await expandInputs(args.inputs, io.cwd);
  const into = args.into ? await readIntoTarget(args.into, io.cwd) : undefined;
  const reads = await readAll(files, io);

  const config: ResolvedConfig = resolveConfig(loaded.raw, loaded.label, {
    ...(args.app !== undefined ? { app: args.app } : {}),
    ...(args.appVersion !== undefined ? { version: args.appVersion } : {}),
    ...(args.transform ? { only: args.transform } : {}),
    ...((): { fallback?: AppInfo } => {
      const fallback = appFromInputs(reads, into?.app);
      return fallback ? { fallback } : {};
    })(),
  });

  const good: BatchInput[] = reads.filter((r) => r.parsed).map((r) => ({ label: r.file.label, parsed: r.parsed! }));
  const batch = transformBatch(good, config);
  const redactor = new Redactor();
  batch.secrets.forEach((s) => redactor.add(s));
  const outcomes = new Map(batch.inputs.map((o) => [o.label, o]));
  const notes: string[] = [...loaded.warnings, ...reads.flatMap((r) => r.warnings)];
  const problems: Problem[] = [...batch.problems];

  const failed = reads.filter((r) => r.error || outcomes.get(r.file.label)?.status === 'error');
  const usable = batch.inputs.filter((o) => o.status !== 'error');
  const report = (): void => {
    if (args.quiet) {
      // Quiet still shows errors: silence must never hide why the exit code is not 0.
      const errors = problems.filter((p) => p.severity === 'error');
      io.stderr.write(formatProblems(errors, redactor));
      for (const r of reads) if (r.error) io.stderr.write(redactor.maskText(formatReadError(r.error)));
      return;
    }
    for (const note of notes) io.stderr.write(redactor.maskText(`warning ${note}\n`));
    io.stderr.write(formatProblems(problems, redactor));
    const counts = new Map<string, number>(config.steps.map((st) => [st.transform.id, 0]));
    for (const o of batch.inputs) for (const res of o.results) for (const c of res.changes) counts.set(c.transform, (counts.get(c.transform) ?? 0) + 1);
    for (const [id, n] of counts) if (n === 0) counts.delete(id);
    io.stderr.write(redactor.maskText(formatSummary(summaryRows(reads, outcomes), counts)));
  };

  if (failed.length > 0 && !args.keepGoing) {
    report();
    io.stderr.write(`kwt: ${failed.length} input${failed.length === 1 ? '' : 's'} failed; nothing was written (--keep-going writes the others)\n`);
    return 2;
  }

  // Plan every output before writing any.
  const writes: PlannedWrite[] = [];
  let stdoutText: string | undefined;
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
      writes.push({ path: target, label: path.join(args.outDir, base), content: serialize(blockFor([o], problems) as unknown as JsonObject) });
    }
  } else {
    const block = blockFor(usable, problems);
    if (into) {
      writes.push({ path: into.absolute, label: args.into!, content: serialize(mergeIntoApp(into.app, block, problems)) });
    } else if (args.out) {
      writes.push({ path: path.resolve(io.cwd, args.out), label: args.out, content: serialize(block as unknown as JsonObject) });
    } else {
      stdoutText = serialize(block as unknown as JsonObject);
    }
  }

  // Validate what would be written, before anything is: Kustomer refuses a whole definition for one bad key.
  if (args.validate !== false) {
    const { validateDocument, workflowIdsOf } = require('../../validate/validate') as typeof import('../../validate/validate');
    const documents = stdoutText !== undefined ? [{ label: '(block)', content: stdoutText }] : writes.map((w) => ({ label: w.label, content: w.content }));
    // --out-dir files are pieces of one batch: a call from one to another is not dangling.
    const knownWorkflowIds = args.outDir ? workflowIdsOf(usable.flatMap((o) => o.results.map((r) => r.workflow))) : [];
    for (const d of documents) {
      problems.push(...validateDocument(JSON.parse(d.content), d.label, { ...config.validate, secrets: batch.secrets, knownWorkflowIds }));
    }
  }
  const invalid = problems.some((p) => p.severity === 'error');

  if (args.check || args.diff) {
    const differing: string[] = [];
    for (const w of writes) {
      const current = await readTarget(w.path);
      if (current === w.content) continue;
      differing.push(w.label);
      if (args.diff) {
        const { unifiedDiff } = require('../../report/diff') as typeof import('../../report/diff');
        io.stdout.write(redactor.maskText(unifiedDiff(w.label, current ?? '', w.content, { color: io.stdout.isTTY && !io.env['NO_COLOR'] })));
      }
    }
    if (args.check) {
      if (writes.length === 0) throw new KwtError('usage', '--check compares with a target: give --out, --out-dir or --into');
      report();
      if (invalid) return 1;
      for (const label of differing) io.stderr.write(`differs: ${label}\n`);
      if (!args.quiet) io.stderr.write(differing.length === 0 ? 'kwt: up to date\n' : `kwt: ${differing.length} target${differing.length === 1 ? '' : 's'} not up to date\n`);
      return differing.length === 0 ? 0 : 1;
    }
  }
  if (invalid) {
    report();
    io.stderr.write('kwt: the result does not validate; nothing was written (--no-validate writes it anyway)\n');
    return 1;
  }
  if (!args.dryRun) {
    await writeAll(writes);
    if (stdoutText !== undefined) io.stdout.write(stdoutText);
  }
  report();
  if (args.dryRun && !args.quiet) io.stderr.write(`kwt: dry run; would write ${writes.length > 0 ? writes.map((w) => w.label).join(', ') : 'the block to stdout'}\n`);
  if (failed.length > 0) {
    io.stderr.write(`kwt: ${failed.length} input${failed.length === 1 ? '' : 's'} failed; wrote the others (--keep-going)\n`);
    return 2;
  }
  return 0;
}

function formatReadError(error: KwtError): string {
  return `error   ${error.message}\n`;
}
