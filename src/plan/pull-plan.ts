// `kwt pull` as a pure plan: the org's workflows as the API listed them, their variables, and the previous pull's
// manifest in, the files to write and remove and the new manifest out. No I/O here; the CLI fetches and writes.
import { isObject, serialize, UNSAFE_KEYS, type Json, type JsonObject } from '../core/json';
import { slugify } from '../core/app-names';
import { KwtError } from '../core/errors';

const ID_SHAPE = /^[A-Za-z0-9_-]{1,64}$/;
/** An id usable as a record key and a file suffix: the shape of Kustomer's ids, and never a prototype key. */
function isSafeId(id: string): boolean {
  return ID_SHAPE.test(id) && !UNSAFE_KEYS.has(id);
}
/** A file the manifest may name: a plain *.json in the export folder (never a path out of it, never hidden). */
// eslint-disable-next-line no-control-regex -- control characters are what a file name must not hold
const SAFE_FILE = /^[^/\\.\u0000-\u001f][^/\\\u0000-\u001f]{0,250}\.json$/;

/** The hidden file beside the exports: what was pulled, and each workflow's variables (names and types, never values). */
export const MANIFEST_NAME = '.kwt-pull.json';
const MANIFEST_FORMAT = 1;

export interface PulledVariable {
  id: string;
  name: string;
  type: string;
}

export interface ManifestEntry {
  file: string;
  name: string;
  updatedAt?: string;
  rev?: number;
  enabled: boolean;
  variables: PulledVariable[];
}

export interface Manifest {
  format: typeof MANIFEST_FORMAT;
  /** The API origin pulled from (never the key). */
  source: string;
  workflows: Record<string, ManifestEntry>;
}

export interface PullSelection {
  names?: readonly string[];
  exclude?: readonly string[];
  ids?: readonly string[];
  includeDisabled?: boolean;
}

export interface ListedWorkflow {
  id: string;
  name: string;
  enabled: boolean;
  updatedAt?: string;
  rev?: number;
  /** The JSON:API resource as the API sent it: what the export file holds. */
  resource: JsonObject;
}

export interface PullPlan {
  writes: { file: string; content: string }[];
  /** Files this pull would write that exist but no earlier pull wrote (not in the manifest): never overwritten. */
  foreign: string[];
  /** Workflows left out because they hold the API key itself. */
  keyHeld: string[];
  removes: string[];
  manifest: string;
  added: string[];
  changed: string[];
  /** Renamed in the org: the file written under its new name, the old one removed. */
  renamed: { from: string; to: string }[];
  unchanged: string[];
  removed: string[];
  skipped: { name: string; reason: string }[];
}

/** One listed resource, checked: the API's shape is an input like any other, and a broken one is named. */
export function listedWorkflow(resource: unknown, where: string): ListedWorkflow {
  if (!isObject(resource) || resource['type'] !== 'workflow')
    throw new KwtError(
      'input',
      `${where}: expected a workflow resource ({type: "workflow", id, attributes})`,
    );
  const r = resource;
  const attributes = r['attributes'];
  if (typeof r['id'] !== 'string' || !isObject(attributes))
    throw new KwtError('input', `${where}: a workflow resource without an id or attributes`);
  // Ids name manifest keys and file suffixes: only what Kustomer's ids look like is accepted.
  if (!isSafeId(r['id']))
    throw new KwtError(
      'input',
      `${where}: workflow id ${JSON.stringify(r['id'].slice(0, 40))} is not an id (letters, digits, - and _)`,
    );
  return {
    id: r['id'],
    name: typeof attributes['name'] === 'string' ? attributes['name'] : r['id'],
    enabled: attributes['enabled'] !== false,
    ...(typeof attributes['updatedAt'] === 'string' ? { updatedAt: attributes['updatedAt'] } : {}),
    ...(typeof attributes['rev'] === 'number' ? { rev: attributes['rev'] } : {}),
    resource: r,
  };
}

/**
 * Variables as the API lists them, reduced to id, name and type. Their values (secrets among them) are dropped here,
 * whatever form they come in, so nothing later can store or print one.
 */
export function pulledVariables(body: unknown): PulledVariable[] {
  const data = isObject(body) ? body['data'] : undefined;
  if (!Array.isArray(data)) return [];
  return data.flatMap((v) => {
    if (!isObject(v)) return [];
    const attributes = isObject(v['attributes']) ? v['attributes'] : v;
    const id = typeof v['id'] === 'string' ? v['id'] : undefined;
    const name = typeof attributes['name'] === 'string' ? attributes['name'] : undefined;
    if (id === undefined || name === undefined) return [];
    return [
      { id, name, type: typeof attributes['type'] === 'string' ? attributes['type'] : 'string' },
    ];
  });
}

/** A previous manifest, or undefined when there is none or it is not one (then every file counts as new). */
export function readManifest(text: string | undefined): Manifest | undefined {
  if (text === undefined) return undefined;
  try {
    const value = JSON.parse(text) as Manifest;
    if (value.format !== MANIFEST_FORMAT || !isObject(value.workflows)) return undefined;
    // The manifest is a file anyone could edit: an entry whose id or file is not plain is ignored (--prune deletes files it names).
    const workflows: Record<string, ManifestEntry> = {};
    for (const [id, entry] of Object.entries(value.workflows)) {
      if (
        isSafeId(id) &&
        isObject(entry) &&
        typeof entry.file === 'string' &&
        SAFE_FILE.test(entry.file)
      )
        workflows[id] = entry;
    }
    return { ...value, workflows };
  } catch {
    return undefined;
  }
}

/** Names Windows reserves for devices, in any case and with any extension: a file named so cannot be made there. */
const RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])$/i;

/**
 * A file name stem safe on every platform and in kwt's folder: no leading dot or dash (a hidden file is skipped when
 * the folder is read, and would take the manifest's name), no trailing dot or space, never a reserved device name.
 */
export function safeFileStem(slug: string): string {
  const stem = slug.replace(/^[.-]+/, '').replace(/[-. ]+$/, '');
  if (stem === '') return 'workflow';
  return RESERVED.test(stem.split('.')[0] ?? '') ? `${stem}-workflow` : stem;
}

/** Whether this pull takes the workflow (by --id, --name, --exclude and --include-disabled). */
export function isChosen(
  w: ListedWorkflow,
  selection: PullSelection,
  match: (globs: readonly string[], name: string) => boolean,
): boolean {
  return chosen(w, selection, match) === undefined;
}

function chosen(
  w: ListedWorkflow,
  selection: PullSelection,
  match: (globs: readonly string[], name: string) => boolean,
): string | undefined {
  if (selection.ids && selection.ids.length > 0 && !selection.ids.includes(w.id))
    return 'not in --id';
  if (selection.names && selection.names.length > 0 && !match(selection.names, w.name))
    return 'not in --name';
  if (selection.exclude && selection.exclude.length > 0 && match(selection.exclude, w.name))
    return '--exclude';
  if (!w.enabled && !selection.includeDisabled)
    return 'disabled in the org (--include-disabled pulls it)';
  return undefined;
}

interface PullOptions {
  selection: PullSelection;
  source: string;
  prune: boolean;
  existing: (file: string) => boolean;
  /** Whether a workflow's text holds the API key this pull used (in any form): such a workflow is not written. */
  holdsKey?: (text: string) => boolean;
  match: (globs: readonly string[], name: string) => boolean;
}

/** The file stem a workflow's name gives, capped: a 300-character name must not make a name the file system refuses. */
function slugOf(w: ListedWorkflow): string {
  return safeFileStem(slugify(w.name).slice(0, 100));
}

/**
 * A file for each picked workflow. A workflow keeps its file while its name gives the same slug; the others are named
 * after them (on a clash, `-` and the end of the id), so names are stable across runs.
 */
function fileNames(
  picked: readonly ListedWorkflow[],
  before: Record<string, ManifestEntry>,
  taken: Set<string>,
): Map<string, string> {
  const fileFor = new Map<string, string>();
  for (const w of picked) {
    const old = before[w.id]?.file;
    if (
      old !== undefined &&
      (old === `${slugOf(w)}.json` || old.startsWith(`${slugOf(w)}-`)) &&
      !taken.has(old)
    ) {
      fileFor.set(w.id, old);
      taken.add(old);
    }
  }
  for (const w of picked) {
    if (fileFor.has(w.id)) continue;
    let file = `${slugOf(w)}.json`;
    if (taken.has(file)) file = `${slugOf(w)}-${w.id.slice(-6)}.json`;
    for (let n = 2; taken.has(file); n++) file = `${slugOf(w)}-${w.id.slice(-6)}-${n}.json`;
    fileFor.set(w.id, file);
    taken.add(file);
  }
  return fileFor;
}

/** One picked workflow: unchanged, refused (it holds the key), or written (added, changed or renamed). */
function planWorkflow(
  w: ListedWorkflow,
  file: string,
  entry: ManifestEntry,
  c: {
    plan: PullPlan;
    before: Record<string, ManifestEntry>;
    owned: Set<string>;
    taken: Set<string>;
  },
  options: PullOptions,
): ManifestEntry | undefined {
  const { plan } = c;
  const old = c.before[w.id];
  const same =
    old !== undefined &&
    old.file === file &&
    old.updatedAt === w.updatedAt &&
    old.rev === w.rev &&
    options.existing(file);
  if (same) {
    plan.unchanged.push(file);
    return entry;
  }
  const content = serialize(w.resource);
  // The key never reaches a file, even where someone pasted it into a workflow (a Bearer header, say).
  if (options.holdsKey?.(content)) {
    plan.skipped.push({
      name: w.name,
      reason:
        'it holds the API key this pull used; not written (take the key out of the workflow, then rotate it)',
    });
    plan.keyHeld.push(w.name);
    return undefined;
  }
  // The folder is kwt's only where kwt wrote: a file there that no pull recorded is someone's own, and is left alone.
  if (!c.owned.has(file) && options.existing(file)) plan.foreign.push(file);
  plan.writes.push({ file, content });
  if (old === undefined) plan.added.push(file);
  else if (old.file !== file) plan.renamed.push({ from: old.file, to: file });
  else plan.changed.push(file);
  // Renamed in the org: the old file goes (it would be read as a second copy of the workflow).
  if (old !== undefined && old.file !== file && !c.taken.has(old.file)) plan.removes.push(old.file);
  return entry;
}

/**
 * What to write: one file per chosen workflow, named from its name (`order-posted.json`; on a clash, `-` and the end
 * of its id), kept across runs while the name stays; rewritten only when `updatedAt` or `rev` changed or the file is
 * missing. Workflows gone from the org are listed, and removed only with `prune`.
 */
export function planPull(
  listed: readonly ListedWorkflow[],
  variables: ReadonlyMap<string, PulledVariable[]>,
  previous: Manifest | undefined,
  options: PullOptions,
): PullPlan {
  const plan: PullPlan = {
    ...{ writes: [], foreign: [], keyHeld: [], removes: [], manifest: '' },
    ...{ added: [], changed: [], renamed: [], unchanged: [], removed: [], skipped: [] },
  };
  const before = previous?.workflows ?? {};
  const owned = new Set(Object.values(before).map((e) => e.file));
  const workflows: Record<string, ManifestEntry> = {};
  const taken = new Set<string>();
  // Files of workflows still in the org but not chosen this time stay as they are, and stay in the manifest.
  for (const w of listed) {
    if (chosen(w, options.selection, options.match) === undefined || before[w.id] === undefined)
      continue;
    workflows[w.id] = before[w.id]!;
    taken.add(before[w.id]!.file);
  }
  const picked = [...listed]
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .filter((w) => {
      const reason = chosen(w, options.selection, options.match);
      if (reason !== undefined && reason.startsWith('disabled'))
        plan.skipped.push({ name: w.name, reason });
      return reason === undefined;
    });
  const fileFor = fileNames(picked, before, taken);
  for (const w of picked) {
    const file = fileFor.get(w.id)!;
    const entry: ManifestEntry = {
      file,
      name: w.name,
      ...(w.updatedAt !== undefined ? { updatedAt: w.updatedAt } : {}),
      ...(w.rev !== undefined ? { rev: w.rev } : {}),
      enabled: w.enabled,
      variables: variables.get(w.id) ?? [],
    };
    const planned = planWorkflow(w, file, entry, { plan, before, owned, taken }, options);
    if (planned) workflows[w.id] = planned;
  }
  const listedIds = new Set(listed.map((w) => w.id));
  for (const [id, entry] of Object.entries(before)) {
    if (listedIds.has(id)) continue;
    plan.removed.push(entry.file);
    if (options.prune) plan.removes.push(entry.file);
    else workflows[id] = entry;
  }
  const manifest: Manifest = {
    format: MANIFEST_FORMAT,
    source: options.source,
    workflows: sortedByKey(workflows),
  };
  plan.manifest = serialize(manifest as unknown as Json);
  return plan;
}

function sortedByKey<T>(record: Record<string, T>): Record<string, T> {
  const out: Record<string, T> = {};
  for (const key of Object.keys(record).sort()) out[key] = record[key]!;
  return out;
}
