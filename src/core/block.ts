// Assembles the output block (workflows plus the settings, hooks and triggers they imply) and merges it into an app definition.
import { type Json, type JsonObject, deepEqual, isObject, own, setOwn } from './json';
import type { Companions } from './input-shapes';
import { mergeI18n } from './i18n';
import type { Contribution } from './pipeline';
import type { Problem, Workflow } from './transform';

export interface Block {
  workflows: Workflow[];
  settings?: JsonObject;
  hooks?: Json[];
  triggers?: Json[];
  i18n?: JsonObject;
  dependencies?: Json[];
}

function eventNameOf(entry: Json): string | undefined {
  return isObject(entry) && typeof entry['eventName'] === 'string' ? entry['eventName'] : undefined;
}

/** Add `incoming` entries to `list` by eventName; what is already there wins, and a differing duplicate is a warning. */
function mergeByEventName(
  list: Json[],
  incoming: readonly Json[],
  kind: string,
  problems: Problem[],
): void {
  for (const entry of incoming) {
    const name = eventNameOf(entry);
    const existing = name === undefined ? undefined : list.find((e) => eventNameOf(e) === name);
    if (existing === undefined) list.push(entry);
    else if (!deepEqual(existing, entry)) {
      problems.push({
        severity: 'warning',
        code: 'block/conflict',
        message: `${kind} ${name} is declared twice with different content; keeping the first`,
      });
    }
  }
}

/** Add settings category by category; an existing setting is never overwritten. */
function mergeSettings(target: JsonObject, incoming: JsonObject, problems: Problem[]): void {
  for (const category of Object.keys(incoming)) {
    const source = incoming[category];
    if (!isObject(source)) continue;
    let existing = own(target, category);
    if (!isObject(existing)) {
      existing = {};
      setOwn(target, category, existing);
    }
    for (const name of Object.keys(source)) {
      const current = own(existing, name);
      if (current === undefined) setOwn(existing, name, source[name] as Json);
      else if (!deepEqual(current, source[name])) {
        problems.push({
          severity: 'warning',
          code: 'block/conflict',
          message: `setting ${category}.${name} is declared twice with different content; keeping the first`,
        });
      }
    }
  }
}

/** Companions from contributions, in the order transforms made them. */
export function companionsFromContributions(
  contributions: readonly Contribution[],
  problems: Problem[] = [],
): Companions {
  const settings: JsonObject = {};
  const declaredBy = new Map<string, Extract<Contribution, { kind: 'setting' }>>();
  const hooks: Json[] = [];
  const triggers: Json[] = [];
  const dependencies: Json[] = [];
  for (const c of contributions) {
    if (c.kind === 'setting') {
      const found = own(settings, c.category);
      const category: JsonObject = isObject(found) ? found : {};
      const first = declaredBy.get(`${c.category}.${c.name}`);
      // The label goes to i18n (settingsI18n), not into the setting.
      const { displayName: _label, ...declaration } = c.declaration;
      if (first === undefined) {
        declaredBy.set(`${c.category}.${c.name}`, c);
        setOwn(category, c.name, { ...declaration });
      } else if (
        first.declaration.type !== c.declaration.type ||
        !deepEqual(first.declaration.defaultValue, c.declaration.defaultValue)
      ) {
        // One setting, one meaning: two transforms that disagree are an error, and a secret is never weakened to a
        // string with a default by whichever came first (a plugin listed before app-settings, say).
        problems.push({
          severity: 'error',
          code: 'block/conflict',
          message:
            `setting ${c.category}.${c.name} is declared by transform "${first.transform}" as ${settingShape(first.declaration)} ` +
            `and by "${c.transform}" as ${settingShape(c.declaration)}; make them agree`,
        });
        if (c.declaration.type === 'secret' && first.declaration.type !== 'secret') {
          declaredBy.set(`${c.category}.${c.name}`, c);
          setOwn(category, c.name, { ...declaration });
        }
      }
      setOwn(settings, c.category, category);
    } else if (c.kind === 'dependency') {
      const entry = `${c.app}-^${c.version}`;
      if (!dependencies.includes(entry)) dependencies.push(entry);
    } else if (c.kind === 'hook') {
      if (!hooks.some((h) => eventNameOf(h) === c.declaration.eventName))
        hooks.push({ ...c.declaration });
    } else if (!triggers.some((t) => eventNameOf(t) === c.declaration.eventName)) {
      triggers.push({ ...c.declaration });
    }
  }
  const out: Companions = {};
  if (Object.keys(settings).length > 0) out.settings = settings;
  if (hooks.length > 0) out.hooks = hooks;
  if (triggers.length > 0) out.triggers = triggers;
  if (dependencies.length > 0) out.dependencies = dependencies;
  return out;
}

/** A setting's type and whether it has a default, for a message (never the default itself: it may be a value to hide). */
function settingShape(declaration: { type?: unknown; defaultValue?: unknown }): string {
  return `${typeof declaration.type === 'string' ? declaration.type : 'untyped'}${declaration.defaultValue !== undefined && declaration.defaultValue !== '' ? ' with a default' : ''}`;
}

/** `<app>` of a `<app>-^<version>` dependency. */
function dependencyApp(entry: Json): string | undefined {
  return typeof entry === 'string' ? entry.replace(/-\^.*$/, '').toLowerCase() : undefined;
}

/** Adds dependencies by app name; an app already listed keeps its version (a different one is a warning). */
function mergeDependencies(list: Json[], incoming: readonly Json[], problems: Problem[]): void {
  for (const entry of incoming) {
    const existing = list.find((e) => dependencyApp(e) === dependencyApp(entry));
    if (existing === undefined) list.push(entry);
    else if (existing !== entry)
      problems.push({
        severity: 'warning',
        code: 'block/conflict',
        message: `dependency ${JSON.stringify(entry)} differs from ${JSON.stringify(existing)}; keeping ${JSON.stringify(existing)}`,
      });
  }
}

/** Merge companion sets in order: earlier sets win. */
export function mergeCompanions(sets: readonly Companions[]): {
  companions: Companions;
  problems: Problem[];
} {
  const problems: Problem[] = [];
  const settings: JsonObject = {};
  const hooks: Json[] = [];
  const triggers: Json[] = [];
  const i18n: JsonObject = {};
  const dependencies: Json[] = [];
  for (const set of sets) {
    if (set.i18n) mergeI18n(i18n, set.i18n);
    if (set.dependencies) mergeDependencies(dependencies, set.dependencies, problems);
    if (set.settings) mergeSettings(settings, set.settings, problems);
    if (set.hooks) mergeByEventName(hooks, set.hooks, 'hook', problems);
    if (set.triggers) mergeByEventName(triggers, set.triggers, 'trigger', problems);
  }
  const out: Companions = {};
  if (Object.keys(settings).length > 0) out.settings = settings;
  if (hooks.length > 0) out.hooks = hooks;
  if (triggers.length > 0) out.triggers = triggers;
  if (Object.keys(i18n).length > 0) out.i18n = i18n;
  if (dependencies.length > 0) out.dependencies = dependencies;
  return { companions: out, problems };
}

/** `{workflows, settings?, hooks?, triggers?}`: companion keys only when there is something in them. */
export function buildBlock(workflows: Workflow[], companions: Companions): Block {
  const block: Block = { workflows };
  if (companions.settings) block.settings = companions.settings;
  if (companions.hooks) block.hooks = companions.hooks;
  if (companions.triggers) block.triggers = companions.triggers;
  if (companions.i18n) block.i18n = companions.i18n;
  if (companions.dependencies) block.dependencies = companions.dependencies;
  return block;
}

/**
 * Merge a block into an existing app definition: a workflow with the same name is replaced in place, new
 * ones are appended, every other key keeps its place, and companions are added without overwriting what the
 * app already declares. Returns a new object; `app` is not mutated.
 */
/**
 * How the app's workflows that this run no longer produces are found: by the name prefix the run gives its workflows
 * (rename's). `prune` removes them; otherwise they are listed as stale.
 */
export interface StaleWorkflows {
  prefix: string;
  prune: boolean;
}

export function mergeIntoApp(
  app: JsonObject,
  block: Block,
  stale?: StaleWorkflows,
): { app: JsonObject; problems: Problem[]; stale: string[]; pruned: string[] } {
  const out: JsonObject = { ...app };
  const produced = new Set(block.workflows.map((w) => w['name']));
  const staleNames: string[] = [];
  const existing = (Array.isArray(app['workflows']) ? app['workflows'] : []).filter((w) => {
    const name = isObject(w) ? w['name'] : undefined;
    const isStale =
      stale !== undefined &&
      typeof name === 'string' &&
      name.toLowerCase().startsWith(stale.prefix.toLowerCase()) &&
      !produced.has(name);
    if (isStale) staleNames.push(name);
    return !(isStale && stale.prune);
  });
  for (const workflow of block.workflows) {
    const index = existing.findIndex((w) => isObject(w) && w['name'] === workflow['name']);
    if (index >= 0) existing[index] = workflow;
    else existing.push(workflow);
  }
  out['workflows'] = existing;
  const { companions: merged, problems } = mergeCompanions([
    {
      ...(isObject(app['settings']) ? { settings: app['settings'] } : {}),
      ...(Array.isArray(app['hooks']) ? { hooks: app['hooks'] } : {}),
      ...(Array.isArray(app['triggers']) ? { triggers: app['triggers'] } : {}),
      ...(isObject(app['i18n']) ? { i18n: app['i18n'] } : {}),
      ...(Array.isArray(app['dependencies']) ? { dependencies: app['dependencies'] } : {}),
    },
    block,
  ]);
  if (merged.settings) out['settings'] = merged.settings;
  if (merged.hooks) out['hooks'] = merged.hooks;
  if (merged.triggers) out['triggers'] = merged.triggers;
  if (merged.i18n) out['i18n'] = merged.i18n;
  if (merged.dependencies) out['dependencies'] = merged.dependencies;
  return {
    app: out,
    problems,
    stale: stale?.prune ? [] : staleNames,
    pruned: stale?.prune ? staleNames : [],
  };
}
