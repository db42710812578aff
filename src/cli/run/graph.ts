// `kwt graph`: the workflows as Mermaid flowcharts, in Markdown or in one offline HTML page, as read or (with a config)
// as they will ship, and with --base what changed since the previous app definition. Secrets are masked in the data
// before anything is drawn.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { KwtError } from '../../core/errors';
import { deepEqual, isObject, type Json, type JsonObject } from '../../core/json';
import { resolveConfig } from '../../core/config';
import { sourceLabel, type BatchInput } from '../../core/batch';
import { credentialContext, detectCredentials, maskedForms } from '../../core/credentials';
import { Redactor } from '../../core/secrets';
import type { Problem } from '../../core/transform';
import { visitStrings } from '../../core/walk';
import { CATALOG } from '../../catalog';
import { expandInputs, readBytes, readInput, type InputFile } from '../../io/read-inputs';
import { loadConfig } from '../../io/load-config';
import { MAX_INPUT_BYTES, parseInput } from '../../json/parse-input';
import { writeFiles } from '../../io/write-output';
import { checkPluginsWhole } from '../../io/load-module';
import { checkPathsApart } from '../../io/target-paths';
import type { Io } from '../../io/io';
import { planTransform } from '../../plan/plan';
import { chartsOf, overviewChart, mermaidDocument, type GraphWorkflow } from '../../graph/mermaid';
import { validateDocument, workflowIdsOf } from '../../validate/validate';
import { plural } from '../../report/summary';
import { packageInfo } from '../../core/version';
import { appendTo } from '../../core/lists';
import type { GraphArgs } from '../commands/graph';

interface Drawn {
  workflows: GraphWorkflow[];
  block?: JsonObject;
  secrets: string[];
}

/** The inputs, refused when -o would overwrite one of them, the config or the base. */
async function inputFiles(args: GraphArgs, io: Io): Promise<InputFile[]> {
  if (args.out === undefined) return expandInputs(args.inputs, io.cwd, {});
  const out = path.resolve(io.cwd, args.out);
  const files = await expandInputs(args.inputs, io.cwd, {
    own: new Map([[out, 'the --out target']]),
  });
  const base = args.base;
  checkPathsApart({
    inputs: files.flatMap((f) => (f.absolute ? [{ path: f.absolute }] : [])),
    ...(args.config !== undefined ? { config: path.resolve(io.cwd, args.config) } : {}),
    ...(base !== undefined
      ? { reads: [{ path: path.resolve(io.cwd, base), what: `the --base ${base}` }] }
      : {}),
    target: { flag: '-o', file: out },
  });
  return files;
}

/** Every input parsed; one that cannot be read stops the drawing. */
async function readAll(
  files: readonly InputFile[],
  args: GraphArgs,
  io: Io,
): Promise<BatchInput[]> {
  const reads = [];
  const limit = args.maxInputSize ?? MAX_INPUT_BYTES;
  for (const file of files) reads.push(await readInput(file, (n) => io.readStdin(n), limit));
  const failed = reads.flatMap((r) => (r.error ? [r.error.message] : []));
  if (failed.length > 0) {
    throw new KwtError(
      'input',
      `cannot read ${plural(failed.length, 'input')}; nothing drawn`,
      failed,
    );
  }
  return reads.flatMap((r) => (r.parsed ? [{ label: r.file.label, parsed: r.parsed }] : []));
}

/** The pipeline's result under the config (not validated: a drawing helps fix it). */
async function transformed(good: readonly BatchInput[], config: string, io: Io): Promise<Drawn> {
  const loaded = await loadConfig(config, io.cwd);
  const fallback = good.find((g) => g.parsed.app?.name)?.parsed.app;
  const options = fallback ? { fallback } : {};
  const resolved = resolveConfig(loaded.raw, loaded.label, CATALOG, options, loaded.loadModule);
  const target = { kind: 'stdout' } as const;
  const plan = planTransform(good, resolved, target, { validate: false, recordChanges: false });
  checkPluginsWhole(resolved.steps);
  const block = plan.documents[0]?.value;
  return {
    workflows: plan.batch.inputs.flatMap((o) =>
      o.results.map((r) => ({ workflow: r.workflow, source: r.source })),
    ),
    ...(isObject(block) ? { block } : {}),
    secrets: plan.batch.secrets,
  };
}

/** The workflows to draw: the inputs as read, or with a config the pipeline's result. */
async function drawn(args: GraphArgs, io: Io): Promise<Drawn> {
  const good = await readAll(await inputFiles(args, io), args, io);
  if (args.config !== undefined) return transformed(good, args.config, io);
  const workflows = good.flatMap((g) =>
    g.parsed.items.map((item, i) => ({
      workflow: item.workflow,
      source: sourceLabel(g.label, i, g.parsed.items.length),
    })),
  );
  return { workflows, secrets: [] };
}

/** Marks what differs from the previous app definition: workflows by name, steps by id; returns the removed names. */
function compareWithBase(workflows: GraphWorkflow[], base: Json): string[] {
  const before = new Map<string, JsonObject>();
  const list = isObject(base) && Array.isArray(base['workflows']) ? base['workflows'] : [];
  for (const w of list) if (isObject(w) && typeof w['name'] === 'string') before.set(w['name'], w);
  const now = new Set<string>();
  for (const g of workflows) {
    const name = typeof g.workflow['name'] === 'string' ? g.workflow['name'] : '';
    now.add(name);
    const old = before.get(name);
    if (old === undefined) {
      g.change = 'added';
      continue;
    }
    g.change = deepEqual(old, g.workflow) ? 'unchanged' : 'changed';
    const oldSteps = new Map(
      (Array.isArray(old['steps']) ? old['steps'] : []).flatMap((s) =>
        isObject(s) && typeof s['id'] === 'string' ? [[s['id'], s] as const] : [],
      ),
    );
    const added = new Set<string>();
    const changed = new Set<string>();
    for (const s of Array.isArray(g.workflow['steps']) ? g.workflow['steps'] : []) {
      if (!isObject(s) || typeof s['id'] !== 'string') continue;
      const o = oldSteps.get(s['id']);
      if (o === undefined) added.add(s['id']);
      else if (!deepEqual(o, s)) changed.add(s['id']);
    }
    g.addedSteps = added;
    g.changedSteps = changed;
  }
  return [...before.keys()].filter((name) => !now.has(name));
}

/** Every credential-shaped value and declared secret, masked in the data itself, before any text is encoded for a chart. */
function masked(d: Drawn, redactor: Redactor): GraphWorkflow[] {
  d.secrets.forEach((s) => redactor.add(s));
  for (const { workflow } of d.workflows) {
    visitStrings(workflow, (value, at) =>
      detectCredentials(value, credentialContext(at)).forEach((f) =>
        maskedForms(f).forEach((s) => redactor.add(s, { shaped: true })),
      ),
    );
  }
  if (d.block) d.block = redactor.maskJson(d.block);
  return d.workflows.map((g) => ({ ...g, workflow: redactor.maskJson(g.workflow) }));
}

/** Mermaid's browser bundle: vendored into dist/vendor by the build; in a checkout run from source, the dev dependency's. */
function mermaidBundle(): string {
  const vendored = path.join(packageInfo().root, 'dist', 'vendor', 'mermaid.min.js');
  if (fs.existsSync(vendored)) return vendored;
  try {
    return require.resolve('mermaid/dist/mermaid.min.js');
  } catch {
    throw new KwtError('input', `the Mermaid bundle is missing (${vendored}); run npm run build`);
  }
}

/** Validation findings of each workflow (on the data as read: masking would hide a credential), by the step they concern. */
function findingsOf(
  workflows: readonly GraphWorkflow[],
  redactor: Redactor,
): { chart: number; step?: string; problem: Problem }[] {
  const known = workflowIdsOf(workflows.map((g) => g.workflow));
  return workflows.flatMap((g, chart) => {
    const steps = Array.isArray(g.workflow['steps']) ? g.workflow['steps'] : [];
    return validateDocument(g.workflow, g.source, { knownWorkflowIds: known }).map((found) => {
      const j = /^\/steps\/(\d+)/.exec(found.pointer ?? '')?.[1];
      const step =
        j !== undefined && isObject(steps[Number(j)])
          ? (steps[Number(j)] as JsonObject)['id']
          : undefined;
      const problem = { ...found, message: redactor.maskText(found.message) };
      return { chart, problem, ...(typeof step === 'string' ? { step } : {}) };
    });
  });
}

function page(
  workflows: GraphWorkflow[],
  removed: string[],
  block: JsonObject | undefined,
  findings: { chart: number; step?: string; problem: Problem }[],
): string {
  const { htmlPage } = require('../../graph/html') as typeof import('../../graph/html');
  const charts = chartsOf(workflows);
  const bundle = fs.readFileSync(mermaidBundle(), 'utf8');
  const overview = overviewChart(workflows);
  return htmlPage({
    title: 'Workflows',
    charts,
    findings,
    removed,
    mermaid: bundle,
    ...(block ? { block } : {}),
    ...(overview ? { overview } : {}),
  });
}

/** @lazy: loaded with require() by the command's handler. */
export async function runGraph(args: GraphArgs, io: Io): Promise<number> {
  const d = await drawn(args, io);
  const redactor = new Redactor();
  // Masking learns every secret; the findings are then found on the data as read and their messages masked.
  const workflows = masked(d, redactor).filter((w) => isObject(w.workflow));
  const findings = args.format === 'html' ? findingsOf(d.workflows, redactor) : [];
  // A step with a finding is outlined in its chart, beside the list of findings.
  const flagged = new Map<number, string[]>();
  for (const f of findings) if (f.step !== undefined) appendTo(flagged, f.chart, f.step);
  for (const [chart, steps] of flagged) {
    const g = workflows[chart];
    if (g) g.flaggedSteps = new Set(steps);
  }
  let removed: string[] = [];
  if (args.base !== undefined) {
    const file = { label: args.base, absolute: path.resolve(io.cwd, args.base) };
    removed = compareWithBase(
      workflows,
      parseInput(
        await readBytes(file, (limit) => io.readStdin(limit), Infinity),
        args.base,
        Infinity,
      ).value,
    );
  }
  const text =
    args.format === 'html'
      ? page(workflows, removed, d.block, findings)
      : mermaidDocument(workflows, removed);
  if (args.out === undefined) io.stdout.write(text);
  else {
    writeFiles([{ path: path.resolve(io.cwd, args.out), label: args.out, content: text }]);
    if (!args.quiet)
      io.stderr.write(
        `kwt graph: ${plural(workflows.length, 'workflow')} drawn into ${args.out}\n`,
      );
  }
  return 0;
}
