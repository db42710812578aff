// `kwt graph`: the workflows as Mermaid flowcharts in Markdown, as read or (with a config) as they will ship.
import * as path from 'node:path';
import { KwtError } from '../../core/errors';
import { isObject } from '../../core/json';
import { resolveConfig } from '../../core/config';
import { sourceLabel, type BatchInput } from '../../core/batch';
import { CATALOG } from '../../catalog';
import { expandInputs, readInput } from '../../io/read-inputs';
import { loadConfig } from '../../io/load-config';
import { MAX_INPUT_BYTES } from '../../io/parse-input';
import { inspectTarget, writeAll } from '../../io/write-output';
import type { Io } from '../../io/io';
import { planTransform } from '../../plan/plan';
import { mermaidDocument, type GraphWorkflow } from '../../graph/mermaid';
import { plural } from '../../report/summary';

export interface GraphArgs {
  inputs: string[];
  config?: string;
  out?: string;
  format?: 'mermaid';
  maxInputSize?: number;
  quiet?: boolean;
}

/** @lazy: loaded with require() by the command that needs it. */
export async function runGraph(args: GraphArgs, io: Io): Promise<number> {
  const files = await expandInputs(args.inputs, io.cwd, args.out !== undefined ? { own: new Map([[path.resolve(io.cwd, args.out), 'the --out target']]) } : {});
  const reads = [];
  for (const file of files) reads.push(await readInput(file, (limit) => io.readStdin(limit), args.maxInputSize ?? MAX_INPUT_BYTES));
  const failed = reads.flatMap((r) => (r.error ? [r.error.message] : []));
  if (failed.length > 0) throw new KwtError('input', `cannot read ${plural(failed.length, 'input')}; nothing drawn`, failed);
  const good: BatchInput[] = reads.flatMap((r) => (r.parsed ? [{ label: r.file.label, parsed: r.parsed }] : []));
  let workflows: GraphWorkflow[];
  if (args.config !== undefined) {
    // As it will ship: the configured pipeline's result (not validated: a drawing of a broken result helps fix it).
    const loaded = await loadConfig(args.config, io.cwd);
    const fallback = good.find((g) => g.parsed.app?.name)?.parsed.app;
    const config = resolveConfig(loaded.raw, loaded.label, CATALOG, fallback ? { fallback } : {}, loaded.loadModule);
    const plan = planTransform(good, config, { kind: 'stdout' }, { validate: false, recordChanges: false });
    workflows = plan.batch.inputs.flatMap((o) => o.results.map((r) => ({ workflow: r.workflow, source: r.source })));
  } else {
    workflows = good.flatMap((g) => g.parsed.items.map((item, i) => ({ workflow: item.workflow, source: sourceLabel(g.label, i, g.parsed.items.length) })));
  }
  const text = mermaidDocument(workflows.filter((w) => isObject(w.workflow)));
  if (args.out === undefined) io.stdout.write(text);
  else {
    const file = path.resolve(io.cwd, args.out);
    writeAll([{ path: file, label: args.out, content: text }], { expected: new Map([[file, inspectTarget(file, args.out)]]) });
    if (!args.quiet) io.stderr.write(`kwt graph: ${plural(workflows.length, 'workflow')} drawn into ${args.out}\n`);
  }
  return 0;
}
