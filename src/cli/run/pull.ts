// `kwt pull`: the org's workflows from Kustomer's REST API into an export folder, with a manifest of their variables.
// Everything is fetched first; then every file is written together, all or nothing, so a failed pull leaves the
// previous export as it was.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { KwtError } from '../../core/errors';
import { isObject, type Json } from '../../core/json';
import { Redactor, apiKeyForms } from '../../core/secrets';
import { SecretMatcher } from '../../core/secret-matcher';
import { escapeControls } from '../../report/terminal-text';
import { nameGlob } from '../../core/name-glob';
import { packageInfo } from '../../core/version';
import type { KustomerApi } from '../../io/kustomer-api';
import { connectApi } from '../api-connection';
import { writeFiles } from '../../io/write-output';
import { readManifestText } from '../../io/pull-manifest';
import type { Io } from '../../io/io';
import {
  MANIFEST_NAME,
  isChosen,
  listedWorkflow,
  planPull,
  pulledVariables,
  readManifest,
  type ListedWorkflow,
  type PullPlan,
  type PulledVariable,
} from '../../plan/pull-plan';
import { plural } from '../../report/summary';
import { startProgress } from '../progress';
import type { PullArgs } from '../commands/pull';

/** More pages than this is a server that never stops, not an org. */
const MAX_PAGES = 10_000;

/** Whether a name matches any of the globs; each glob is compiled once per run. */
function nameMatcher(): (globs: readonly string[], name: string) => boolean {
  const cache = new Map<string, (name: string) => boolean>();
  return (globs, name) =>
    globs.some((g) => {
      if (!cache.has(g)) cache.set(g, nameGlob(g));
      return cache.get(g)!(name);
    });
}

/** Every workflow of the org, page by page along `links.next`; a page seen twice is a loop, not more workflows. */
async function listWorkflows(api: KustomerApi): Promise<ListedWorkflow[]> {
  const listed: ListedWorkflow[] = [];
  const seen = new Set<string>();
  const ids = new Set<string>();
  let next: string | undefined = '/v1/workflows';
  while (next !== undefined) {
    const key = new URL(next, 'http://x/').pathname + new URL(next, 'http://x/').search;
    if (seen.has(key))
      throw new KwtError(
        'input',
        `the API's pages loop: ${key} was listed as the next page again; stopped`,
      );
    if (seen.size >= MAX_PAGES)
      throw new KwtError('input', `more than ${MAX_PAGES} pages of workflows; stopped`);
    seen.add(key);
    const body = (await api.getJson(next)) as Json;
    const data = isObject(body) ? body['data'] : undefined;
    if (!Array.isArray(data))
      throw new KwtError('input', `GET ${key}: expected a JSON:API list ({data: [...]})`);
    data.forEach((resource, i) => {
      const w = listedWorkflow(resource, `GET ${key} data[${i}]`);
      // Pages that shift while they are read can list a workflow twice: the first listing stands.
      if (!ids.has(w.id)) listed.push(w);
      ids.add(w.id);
    });
    const links = isObject(body) ? body['links'] : undefined;
    const link = isObject(links) ? links['next'] : undefined;
    next = typeof link === 'string' && link !== '' ? link : undefined;
  }
  return listed;
}

/** Variables of the chosen workflows; those unchanged since the last pull keep the names and types it recorded. */
/** Variable requests in flight at once: enough to hide the network's latency, few enough to leave the org's budget to others. */
const VARIABLE_REQUESTS = 4;

async function fetchVariables(
  api: KustomerApi,
  chosen: readonly ListedWorkflow[],
  previous: ReturnType<typeof readManifest>,
  io: Io,
  quiet: boolean,
): Promise<Map<string, PulledVariable[]>> {
  const out = new Map<string, PulledVariable[]>();
  const progress = startProgress(chosen.length, io, quiet, 'workflows');
  // A few requests at a time (the API client spaces them when the org's budget runs low); the first failure ends the
  // pull once the requests in flight have settled, and nothing is written.
  let next = 0;
  let stopped = false;
  const worker = async (): Promise<void> => {
    while (!stopped && next < chosen.length) {
      const w = chosen[next++] as ListedWorkflow;
      const old = previous?.workflows[w.id];
      try {
        if (
          old !== undefined &&
          old.updatedAt === w.updatedAt &&
          old.rev === w.rev &&
          Array.isArray(old.variables)
        )
          out.set(w.id, old.variables);
        else
          out.set(
            w.id,
            pulledVariables(
              await api.getJson(`/v1/workflows/${encodeURIComponent(w.id)}/variables`),
            ),
          );
      } catch (error) {
        stopped = true;
        throw error;
      }
      progress.tick(w.name);
    }
  };
  try {
    const results = await Promise.allSettled(
      Array.from({ length: Math.min(VARIABLE_REQUESTS, chosen.length) }, () => worker()),
    );
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
  } finally {
    progress.stop();
  }
  return out;
}

/**
 * Writes the files and the manifest together (all or nothing), then removes what the plan removes. `manifestText` is
 * the manifest as this pull read it when it started (read once, not again here).
 */
function applyPull(
  plan: PullPlan,
  dir: string,
  label: string,
  manifestText: string | undefined,
): void {
  try {
    fs.mkdirSync(dir, { recursive: true });
  } catch (error) {
    throw new KwtError(
      'write',
      `--out-dir ${label}: cannot make this folder (${(error as NodeJS.ErrnoException).code ?? 'error'}); nothing was written`,
    );
  }
  // An unchanged manifest is left alone, like unchanged exports: a pull that found nothing new touches no file.
  const files = [
    ...plan.writes,
    ...(manifestText === plan.manifest ? [] : [{ file: MANIFEST_NAME, content: plan.manifest }]),
  ];
  const writes = files.map((w) => ({
    path: path.join(dir, w.file),
    label: w.file,
    content: w.content,
  }));
  if (writes.length > 0) writeFiles(writes);
  for (const file of plan.removes) fs.rmSync(path.join(dir, file), { force: true });
}

function summary(plan: PullPlan, total: number, args: PullArgs, requests: number): string {
  const lines = [
    `kwt pull: ${plural(total, 'workflow')} in the org; ${plan.added.length} added, ${plan.changed.length} changed, ` +
      `${plan.renamed.length > 0 ? `${plan.renamed.length} renamed, ` : ''}${plan.unchanged.length} unchanged, ` +
      `${plan.removed.length} removed from the org${plan.removed.length > 0 && !args.prune ? ' (files kept; --prune deletes them)' : ''}; ${plural(requests, 'request')}`,
  ];
  for (const f of plan.added) lines.push(`  added     ${f}`);
  for (const f of plan.changed) lines.push(`  changed   ${f}`);
  for (const r of plan.renamed) lines.push(`  renamed   ${r.from} -> ${r.to}`);
  for (const f of plan.removed) lines.push(`  removed   ${f}${args.prune ? '' : ' (kept)'}`);
  for (const s of plan.skipped) lines.push(`  skipped   ${s.name}: ${s.reason}`);
  if (args.dryRun) lines.push('kwt pull: dry run; nothing was written');
  return lines.join('\n') + '\n';
}

/** The JSON report of a pull (`--report json`): on stdout, or in --report-file. */
function emitPullReport(
  plan: PullPlan,
  total: number,
  source: string,
  args: PullArgs,
  api: KustomerApi,
  redactor: Redactor,
  io: Io,
): void {
  const report = {
    format: 1,
    tool: { name: 'kwt', version: packageInfo().version },
    command: 'pull',
    exitCode: plan.keyHeld.length > 0 ? 1 : 0,
    source,
    outDir: args.outDir,
    dryRun: Boolean(args.dryRun),
    workflows: total,
    added: plan.added,
    changed: plan.changed,
    renamed: plan.renamed,
    unchanged: plan.unchanged,
    removed: plan.removed,
    deleted: args.dryRun ? [] : plan.removes,
    skipped: plan.skipped,
    requests: api.stats.requests,
    retries: api.stats.retries,
  };
  const text = redactor.maskText(JSON.stringify(report, null, 2) + '\n');
  if (args.reportFile === undefined) io.stdout.write(text);
  else {
    writeFiles([
      { path: path.resolve(io.cwd, args.reportFile), label: args.reportFile, content: text },
    ]);
  }
}

/**
 * A report file inside the export folder would be read as an export by the next transform (or, named like the
 * manifest, replace it): refused before anything is fetched.
 */
function checkReportOutside(file: string, dir: string, label: string): void {
  const parent = fs.statSync(path.dirname(file), { throwIfNoEntry: false });
  const folder = fs.statSync(dir, { throwIfNoEntry: false });
  const inside =
    parent && folder
      ? parent.dev === folder.dev && parent.ino === folder.ino
      : path.dirname(file) === dir;
  if (inside)
    throw new KwtError(
      'usage',
      `--report-file ${label}: is inside the --out-dir folder, which holds only pulled exports and kwt's manifest; write the report elsewhere`,
    );
}

/** @lazy: loaded with require() by the command's handler. */
export async function runPull(args: PullArgs, io: Io): Promise<number> {
  if (args.reportFile !== undefined && args.report !== 'json')
    throw new KwtError('usage', '--report-file needs --report json');
  const { api, token, source } = connectApi(
    args,
    io,
    'org.permission.workflow.read (workflows) and org.permission.workflow (variables)',
  );
  const dir = path.resolve(io.cwd, args.outDir);
  if (args.reportFile !== undefined)
    checkReportOutside(path.resolve(io.cwd, args.reportFile), dir, args.reportFile);
  const keyMatcher = new SecretMatcher(apiKeyForms(token));
  const listed = await listWorkflows(api);
  const match = nameMatcher();
  const selection = {
    ...(args.name ? { names: args.name } : {}),
    ...(args.exclude ? { exclude: args.exclude } : {}),
    ...(args.id ? { ids: args.id } : {}),
    ...(args.includeDisabled ? { includeDisabled: true } : {}),
  };
  const manifestText = readManifestText(
    path.join(dir, MANIFEST_NAME),
    path.join(args.outDir, MANIFEST_NAME),
  );
  const previous = readManifest(manifestText);
  const chosen = listed.filter((w) => isChosen(w, selection, match));
  const variables = await fetchVariables(api, chosen, previous, io, Boolean(args.quiet));
  const plan = planPull(listed, variables, previous, {
    selection,
    source,
    prune: Boolean(args.prune),
    existing: (file) => fs.existsSync(path.join(dir, file)),
    holdsKey: (text) => keyMatcher.has(text),
    match,
  });
  if (plan.foreign.length > 0)
    throw new KwtError(
      'usage',
      `${args.outDir}: ${plural(plan.foreign.length, 'file')} this pull would write ${plan.foreign.length === 1 ? 'is' : 'are'} not kwt's (no earlier pull wrote ${plan.foreign.length === 1 ? 'it' : 'them'}); nothing was written: move ${plan.foreign.length === 1 ? 'it' : 'them'} or pull into another folder`,
      plan.foreign.slice(0, 10).map((f) => path.join(args.outDir, f)),
    );
  if (!args.dryRun) applyPull(plan, dir, args.outDir, manifestText);
  // The key is masked in everything printed, as a last guard: no message is built with it.
  const redactor = new Redactor();
  redactor.add(token);
  if (!args.quiet)
    io.stderr.write(
      escapeControls(redactor.maskText(summary(plan, listed.length, args, api.stats.requests))),
    );
  if (args.report === 'json') emitPullReport(plan, listed.length, source, args, api, redactor, io);
  return plan.keyHeld.length > 0 ? 1 : 0;
}
