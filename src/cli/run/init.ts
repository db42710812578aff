// `kwt init`: read exports and print (or --write) a starter kwt.config.json so that a first `kwt transform` succeeds.
import * as path from 'node:path';
import * as fs from 'node:fs';
import { KwtError } from '../../core/errors';
import { Redactor } from '../../core/secrets';
import { checkAppName, checkVersion } from '../../core/config';
import { detectStyle, isObject, serialize, type JsonObject } from '../../core/json';
import { serializePreserving } from '../../json/preserve';
import { updateConfig } from '../../init/update';
import { expandInputs, readInput, type InputFile } from '../../io/read-inputs';
import { MANIFEST_NAME, readManifest } from '../../plan/pull-plan';
import { DEFAULT_CONFIG_NAME, loadConfig, type LoadedConfig } from '../../io/load-config';
import { MAX_INPUT_BYTES } from '../../json/parse-input';
import { writeFiles } from '../../io/write-output';
import { readManifestText } from '../../io/pull-manifest';
import type { Io } from '../../io/io';
import { suggestConfig, type InitWorkflow } from '../../init/suggest';
import { planInit } from '../../plan/init-plan';
import { CATALOG } from '../../catalog';
import type { BatchInput } from '../../core/batch';
import type { Problem } from '../../core/transform';
import { locateProblems } from '../../json/locate-problems';
import { formatProblem } from '../../report/problems';
import { fileTextOf } from '../report-output';
import { sourceLabel } from '../../core/batch';
import { plural } from '../../report/summary';
import type { InitArgs } from '../commands/init';

/** The variables `kwt pull` recorded beside the inputs (its manifest in each input's folder), by variable id. */
function pulledVariables(files: readonly InputFile[]): Map<string, { name: string; type: string }> {
  const out = new Map<string, { name: string; type: string }>();
  const folders = new Set(
    files.flatMap((f) => (f.absolute !== undefined ? [path.dirname(f.absolute)] : [])),
  );
  for (const folder of folders) {
    const file = path.join(folder, MANIFEST_NAME);
    const manifest = readManifest(readManifestText(file, file));
    for (const entry of Object.values(manifest?.workflows ?? {})) {
      for (const v of Array.isArray(entry.variables) ? entry.variables : []) {
        if (typeof v.id === 'string' && typeof v.name === 'string' && typeof v.type === 'string')
          out.set(v.id, { name: v.name, type: v.type });
      }
    }
  }
  return out;
}

/** --update: the config as it was, with what the exports need added, written over it in its own style and text. */
function writeUpdate(
  existing: LoadedConfig,
  held: JsonObject,
  suggested: JsonObject,
  target: string,
  io: Io,
  quiet: boolean,
): number {
  const { config, added } = updateConfig(held, suggested);
  const label = path.relative(io.cwd, target) || target;
  if (added.length > 0) {
    const text =
      existing.text !== undefined
        ? serializePreserving(config, existing.text, held, detectStyle(existing.text))
        : serialize(config);
    writeFiles([{ path: target, label, content: text }]);
  }
  if (!quiet) {
    // Masked as a last guard too: a value shaped like a credential never reaches the terminal.
    const redactor = new Redactor();
    for (const line of added) io.stderr.write(redactor.maskText(`kwt init: added ${line}\n`));
    io.stderr.write(
      `kwt init: ${added.length > 0 ? `updated ${label}: ${added.length} ${added.length === 1 ? 'entry' : 'entries'} added` : `${label} already has what the exports need`}; every entry it had is kept\n`,
    );
  }
  return 0;
}

/** Where the schema sits when kwt is installed in the project: editors then complete and check the config. */
const INSTALLED_SCHEMA = 'node_modules/kustomer-workflow-transformer/schema/kwt.config.schema.json';

/** What init writes to: a new config (--write, stdout without it) or the one it updates, with the app and version. */
interface InitTarget {
  app: string;
  version: string;
  /** The file written, when not stdout. */
  target: string | undefined;
  existing: LoadedConfig | undefined;
  held: JsonObject | undefined;
}

async function initTarget(args: InitArgs, io: Io): Promise<InitTarget> {
  if (args.update !== undefined && args.write !== undefined)
    throw new KwtError('usage', 'choose --write (a new config) or --update (the one you have)');
  const existing =
    args.update !== undefined
      ? await loadConfig(args.update === '' ? DEFAULT_CONFIG_NAME : args.update, io.cwd)
      : undefined;
  const held = existing && isObject(existing.raw) ? existing.raw : undefined;
  if (existing && !held) throw new KwtError('config', `${existing.label}: not a config object`);
  const app = args.app ?? (typeof held?.['app'] === 'string' ? held['app'] : undefined);
  if (app === undefined) throw new KwtError('usage', 'init needs the app name: --app NAME');
  const version =
    args.appVersion ?? (typeof held?.['version'] === 'string' ? held['version'] : '0.0.1');
  const problems = [checkAppName(app, '--app'), checkVersion(version, '--app-version')];
  const wrong = problems.filter((p) => p !== undefined);
  if (wrong.length > 0) throw new KwtError('usage', wrong.join('; '));
  const written = args.write === '' ? DEFAULT_CONFIG_NAME : args.write;
  const target =
    existing?.file ?? (written === undefined ? undefined : path.resolve(io.cwd, written));
  if (target && !existing && !args.force && fs.existsSync(target)) {
    const shown = path.relative(io.cwd, target) || target;
    throw new KwtError('usage', `${shown} already exists; --force replaces it`);
  }
  return { app, version, target, existing, held };
}

/** Every workflow of the inputs, with where it came from; an input that cannot be read stops init. */
async function readWorkflows(args: InitArgs, io: Io, target: string | undefined) {
  // A config already in the folder (or the --write target) is not an export.
  const own = new Map([[path.resolve(io.cwd, DEFAULT_CONFIG_NAME), 'a kwt config']]);
  if (target !== undefined) own.set(target, 'the --write target');
  const ignore = args.ignore ? { ignore: args.ignore } : {};
  const files = await expandInputs(args.inputs, io.cwd, { own, ...ignore });
  const workflows: InitWorkflow[] = [];
  const inputs: BatchInput[] = [];
  const limit = args.maxInputSize ?? MAX_INPUT_BYTES;
  const failures: string[] = [];
  for (const file of files) {
    const read = await readInput(file, (n) => io.readStdin(n), limit);
    if (read.error) failures.push(read.error.message);
    if (read.parsed) {
      const absolute = file.absolute !== undefined ? { absolute: file.absolute } : {};
      inputs.push({ label: file.label, parsed: read.parsed, ...absolute });
    }
    const items = read.parsed?.items ?? [];
    for (const [i, item] of items.entries()) {
      workflows.push({ workflow: item.workflow, source: sourceLabel(file.label, i, items.length) });
    }
  }
  if (failures.length > 0) {
    const summary = `cannot read ${plural(failures.length, 'input')}; no config written`;
    throw new KwtError('input', summary, failures);
  }
  return { files, workflows, inputs };
}

/** A new config, on stdout or in its file (with the installed schema's path when kwt is installed beside it). */
function writeNew(
  config: JsonObject,
  notes: readonly string[],
  args: InitArgs,
  io: Io,
  target?: string,
): number {
  const folder = target ? path.dirname(target) : io.cwd;
  const installed = fs.existsSync(path.join(folder, INSTALLED_SCHEMA));
  const text = serialize(installed ? { $schema: `./${INSTALLED_SCHEMA}`, ...config } : config);
  if (target) writeFiles([{ path: target, label: path.relative(io.cwd, target), content: text }]);
  else io.stdout.write(text);
  if (args.quiet) return 0;
  for (const note of notes) io.stderr.write(`kwt init: ${note}\n`);
  if (target) {
    const shown = path.relative(io.cwd, target);
    const next = `kwt transform ${args.inputs.join(' ')}${args.write ? ` -c ${shown}` : ''}`;
    io.stderr.write(`kwt init: wrote ${shown}; next: ${next}\n`);
  }
  return 0;
}

/**
 * The findings no rule could propose a fix for, placed at their line and column in the exports: each needs the user's
 * decision before `kwt transform` can succeed (errors) or to keep the source org's data out (warnings).
 */
function listUndecided(undecided: readonly Problem[], files: readonly InputFile[], io: Io): void {
  if (undecided.length === 0) return;
  const sources = new Map(
    files.flatMap((f) => (f.absolute ? [[f.label, { absolute: f.absolute }] as const] : [])),
  );
  const placed = locateProblems(undecided, fileTextOf(sources));
  const redactor = new Redactor();
  io.stderr.write(
    `kwt init: ${plural(placed.length, 'finding')} no rule can fix for you; decide each:\n`,
  );
  for (const p of placed) io.stderr.write(`  ${formatProblem(p, redactor)}\n`);
}

/** @lazy: loaded with require() by the command's handler. */
export async function runInit(args: InitArgs, io: Io): Promise<number> {
  const { app, version, target, existing, held } = await initTarget(args, io);
  const { files, workflows, inputs } = await readWorkflows(args, io, target);
  const variables = pulledVariables(files);
  const suggested = suggestConfig(workflows, {
    app,
    version,
    ...(variables.size > 0 ? { variables } : {}),
  });
  const notes = suggested.notes;
  if (variables.size > 0) {
    const named = plural(variables.size, 'workflow variable');
    notes.unshift(`named ${named} after the org's names and types (${MANIFEST_NAME} of kwt pull)`);
  }
  // The rules have the last word: what they still find with the suggested config, they propose a fix for.
  const seed = held ? updateConfig(held, suggested.config).config : suggested.config;
  const planned = planInit(inputs, seed, CATALOG);
  for (const line of planned.added) notes.push(`proposed by the rules: ${line}`);
  const code = planned.undecided.some((p) => p.severity === 'error') ? 1 : 0;
  const written =
    existing && held && target
      ? writeUpdate(existing, held, planned.config, target, io, Boolean(args.quiet))
      : writeNew(planned.config, notes, args, io, target);
  listUndecided(planned.undecided, files, io);
  return Math.max(written, code);
}
