// The semantic difference between two app definitions in Kustomer's terms: workflows, settings, hooks, triggers, roles,
// dependencies, i18n, listing details and any other component list, each change classified by the release policy.
import { deepEqual, isObject, type Json, type JsonObject } from '../core/json';
import { APP_LISTING_KEYS, APP_VERSION_KEYS } from '../core/kustomer';
import { withOwnVersion } from './own-version';
import {
  maxBump,
  type Bump,
  type BumpOrNone,
  type ChangeKind,
  type ReleasePolicy,
} from '../core/release-policy';

export interface AppChange {
  kind: ChangeKind;
  /** What changed: a workflow or hook name, `category.name` of a setting, a listing key. */
  name: string;
  bump: Bump;
  reason: string;
  /** The change in words, for people: `workflow "acme-refund" renamed to "acme-refund-order"`. */
  text: string;
}

export interface AppDiff {
  /** The bump the changes ask for together; `none` when nothing an org installs or sees changed. */
  bump: BumpOrNone;
  changes: AppChange[];
}

type Section = (
  base: Json | undefined,
  next: Json | undefined,
  add: (kind: ChangeKind, name: string, text: string) => void,
) => void;

/** The diff of two app definitions; every change is listed once, in the order of the sections below, then by name. */
export function diffApps(base: JsonObject, next: JsonObject, policy: ReleasePolicy): AppDiff {
  const changes: AppChange[] = [];
  const add = (kind: ChangeKind, name: string, text: string): void => {
    changes.push({ kind, name, bump: policy[kind].bump, reason: policy[kind].reason, text });
  };
  const seen = new Set<string>(APP_VERSION_KEYS);
  for (const [key, section] of SECTIONS) {
    seen.add(key);
    // A new version moves the app's references to its own version: that is not a change of its workflows.
    const [b, n] =
      key === 'workflows'
        ? [withOwnVersion(base, '(this version)')[key], withOwnVersion(next, '(this version)')[key]]
        : [base[key], next[key]];
    if (!deepEqual(b, n)) section(b, n, add);
  }
  for (const key of APP_LISTING_KEYS) {
    seen.add(key);
    if (!deepEqual(base[key], next[key]))
      add(
        'listing-changed',
        key,
        `listing detail "${key}" ${base[key] === undefined ? 'added' : next[key] === undefined ? 'removed' : 'changed'}`,
      );
  }
  // Anything else an app can carry (actions, klasses, kviews, commands, outboundWebhooks, …): compared item by item.
  const others = [...new Set([...Object.keys(base), ...Object.keys(next)])]
    .filter((k) => !seen.has(k))
    .sort();
  for (const key of others)
    if (!deepEqual(base[key], next[key])) diffComponents(key, base[key], next[key], add);
  return { bump: changes.reduce<BumpOrNone>((acc, c) => maxBump(acc, c.bump), 'none'), changes };
}

const SECTIONS: readonly (readonly [string, Section])[] = [
  ['roles', diffRoles],
  ['workflows', diffWorkflows],
  ['settings', diffSettings],
  ['hooks', (b, n, add) => diffEvents('hook', b, n, add)],
  ['triggers', (b, n, add) => diffEvents('trigger', b, n, add)],
  ['dependencies', diffDependencies],
  ['i18n', diffI18n],
];

function diffRoles(
  base: Json | undefined,
  next: Json | undefined,
  add: (kind: ChangeKind, name: string, text: string) => void,
): void {
  const list = (v: Json | undefined): string[] =>
    Array.isArray(v)
      ? v.map((r) => (typeof r === 'string' ? r : JSON.stringify(r)))
      : v === undefined
        ? []
        : [JSON.stringify(v)];
  const before = new Set(list(base));
  const after = new Set(list(next));
  const added = [...after].filter((r) => !before.has(r)).sort();
  const removed = [...before].filter((r) => !after.has(r)).sort();
  // The same roles in another order are the same roles.
  if (added.length === 0 && removed.length === 0) return;
  const parts = [
    ...(added.length > 0 ? [`added ${added.join(', ')}`] : []),
    ...(removed.length > 0 ? [`removed ${removed.join(', ')}`] : []),
  ];
  add('roles-changed', 'roles', `roles changed: ${parts.join('; ')}`);
}

/** Items of a list keyed by one of their fields; items without it are keyed by their position. */
function keyed(list: Json | undefined, field: string): Map<string, JsonObject> {
  const out = new Map<string, JsonObject>();
  if (!Array.isArray(list)) return out;
  list.forEach((item, i) => {
    if (!isObject(item)) return;
    const key = typeof item[field] === 'string' ? item[field] : `#${i}`;
    if (!out.has(key)) out.set(key, item);
  });
  return out;
}

function without(value: JsonObject, ...keys: string[]): JsonObject {
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(value)) if (!keys.includes(k)) out[k] = v;
  return out;
}

/**
 * Pairs what left with what arrived when it is the same thing under another name: `sameThing` says so for one pair,
 * and only a unique match on both sides counts (two identical candidates are an addition and a removal, not a guess).
 */
function pairRenames<T>(
  removed: Map<string, T>,
  added: Map<string, T>,
  sameThing: (before: T, after: T) => boolean,
): [string, string][] {
  const pairs: [string, string][] = [];
  for (const [oldName, before] of removed) {
    const matches = [...added].filter(([, after]) => sameThing(before, after));
    if (matches.length !== 1) continue;
    const [newName, after] = matches[0] as [string, T];
    if ([...removed].filter(([, other]) => sameThing(other, after)).length !== 1) continue;
    pairs.push([oldName, newName]);
  }
  for (const [oldName, newName] of pairs) {
    removed.delete(oldName);
    added.delete(newName);
  }
  return pairs;
}

/** The top-level keys whose values differ, named for the change's words. */
function changedKeys(before: JsonObject, after: JsonObject): string[] {
  return [...new Set([...Object.keys(before), ...Object.keys(after)])]
    .filter((k) => !deepEqual(before[k], after[k]))
    .sort();
}

function diffWorkflows(
  base: Json | undefined,
  next: Json | undefined,
  add: (kind: ChangeKind, name: string, text: string) => void,
): void {
  const before = keyed(base, 'name');
  const after = keyed(next, 'name');
  const removed = new Map([...before].filter(([n]) => !after.has(n)));
  const added = new Map([...after].filter(([n]) => !before.has(n)));
  // The same workflow under a new name: the same `id` (a called workflow), or the same content apart from its name.
  const renames = pairRenames(removed, added, (b, a) =>
    typeof b['id'] === 'string' && typeof a['id'] === 'string'
      ? b['id'] === a['id']
      : deepEqual(without(b, 'name', 'description'), without(a, 'name', 'description')),
  );
  for (const [oldName, newName] of renames)
    add('workflow-renamed', newName, `workflow "${oldName}" renamed to "${newName}"`);
  for (const name of [...removed.keys()].sort())
    add('workflow-removed', name, `workflow "${name}" removed`);
  for (const name of [...added.keys()].sort())
    add('workflow-added', name, `workflow "${name}" added`);
  for (const [name, b] of [...before].sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0))) {
    const a = after.get(name);
    if (a !== undefined && !deepEqual(b, a))
      add('workflow-changed', name, `workflow "${name}" changed (${changedKeys(b, a).join(', ')})`);
  }
}

/** `settings.<category>.<name>` flattened to `category.name`. */
function flatSettings(value: Json | undefined): Map<string, JsonObject> {
  const out = new Map<string, JsonObject>();
  if (!isObject(value)) return out;
  for (const category of Object.keys(value).sort()) {
    const group = value[category];
    if (!isObject(group)) continue;
    for (const name of Object.keys(group).sort()) {
      const spec = group[name];
      out.set(`${category}.${name}`, isObject(spec) ? spec : { value: spec ?? null });
    }
  }
  return out;
}

/** Required, and nothing to fall back on: an installed org must answer before the app works. */
function needsAnswer(spec: JsonObject): boolean {
  const d = spec['defaultValue'];
  return spec['required'] === true && (d === undefined || d === null || d === '');
}

function diffSettings(
  base: Json | undefined,
  next: Json | undefined,
  add: (kind: ChangeKind, name: string, text: string) => void,
): void {
  const before = flatSettings(base);
  const after = flatSettings(next);
  const removed = new Map([...before].filter(([n]) => !after.has(n)));
  const added = new Map([...after].filter(([n]) => !before.has(n)));
  const renames = pairRenames(removed, added, (b, a) => deepEqual(b, a));
  for (const [oldName, newName] of renames)
    add('setting-renamed', newName, `setting "${oldName}" renamed to "${newName}"`);
  for (const name of removed.keys()) add('setting-removed', name, `setting "${name}" removed`);
  for (const [name, spec] of added) {
    if (needsAnswer(spec))
      add(
        'setting-required-added',
        name,
        `setting "${name}" added, required and without a default`,
      );
    else add('setting-added', name, `setting "${name}" added`);
  }
  for (const [name, b] of before) {
    const a = after.get(name);
    if (a === undefined || deepEqual(b, a)) continue;
    if (!deepEqual(b['type'], a['type']))
      add(
        'setting-type-changed',
        name,
        `setting "${name}" changed type from ${JSON.stringify(b['type'])} to ${JSON.stringify(a['type'])}`,
      );
    else if (needsAnswer(a) && !needsAnswer(b))
      add('setting-required-added', name, `setting "${name}" became required without a default`);
    else
      add('setting-changed', name, `setting "${name}" changed (${changedKeys(b, a).join(', ')})`);
  }
}

/** Hooks and triggers: lists keyed by `eventName`; the same texts under another event name is a rename. */
function diffEvents(
  what: 'hook' | 'trigger',
  base: Json | undefined,
  next: Json | undefined,
  add: (kind: ChangeKind, name: string, text: string) => void,
): void {
  const before = keyed(base, 'eventName');
  const after = keyed(next, 'eventName');
  const removed = new Map([...before].filter(([n]) => !after.has(n)));
  const added = new Map([...after].filter(([n]) => !before.has(n)));
  const renames = pairRenames(removed, added, (b, a) =>
    deepEqual(without(b, 'eventName'), without(a, 'eventName')),
  );
  for (const [oldName, newName] of renames)
    add(`${what}-renamed`, newName, `${what} "${oldName}" now has the event name "${newName}"`);
  for (const name of removed.keys()) add(`${what}-removed`, name, `${what} "${name}" removed`);
  for (const name of added.keys()) add(`${what}-added`, name, `${what} "${name}" added`);
  for (const [name, b] of before) {
    const a = after.get(name);
    if (a !== undefined && !deepEqual(b, a))
      add(`${what}-changed`, name, `${what} "${name}" changed (${changedKeys(b, a).join(', ')})`);
  }
}

/** `other_app-^1.4.0` -> [`other_app`, `^1.4.0`]: the app name is what comes before the last dash followed by a version. */
function dependencyParts(entry: string): [string, string] {
  const m = /^(.*)-([~^<>=]*\d[^-]*(?:-.*)?)$/.exec(entry);
  return m ? [m[1] as string, m[2] as string] : [entry, ''];
}

function diffDependencies(
  base: Json | undefined,
  next: Json | undefined,
  add: (kind: ChangeKind, name: string, text: string) => void,
): void {
  const parts = (v: Json | undefined): Map<string, string> =>
    new Map(
      (Array.isArray(v) ? v : []).map((d) =>
        dependencyParts(typeof d === 'string' ? d : JSON.stringify(d)),
      ),
    );
  const before = parts(base);
  const after = parts(next);
  for (const [app, range] of after) {
    const old = before.get(app);
    if (old === undefined)
      add('dependency-added', app, `dependency on ${app} ${range} added`.replace(/ $/, ''));
    else if (old !== range)
      add('dependency-changed', app, `dependency on ${app} changed from ${old} to ${range}`);
  }
  for (const app of before.keys())
    if (!after.has(app)) add('dependency-removed', app, `dependency on ${app} removed`);
}

function diffI18n(
  base: Json | undefined,
  next: Json | undefined,
  add: (kind: ChangeKind, name: string, text: string) => void,
): void {
  const locales = [
    ...new Set([
      ...Object.keys(isObject(base) ? base : {}),
      ...Object.keys(isObject(next) ? next : {}),
    ]),
  ].sort();
  for (const locale of locales) {
    const b = isObject(base) && isObject(base[locale]) ? base[locale] : {};
    const a = isObject(next) && isObject(next[locale]) ? next[locale] : {};
    if (deepEqual(b, a)) continue;
    const keys = new Set([...Object.keys(b), ...Object.keys(a)]);
    const count = { added: 0, removed: 0, changed: 0 };
    for (const k of keys) {
      if (!(k in b)) count.added++;
      else if (!(k in a)) count.removed++;
      else if (!deepEqual(b[k], a[k])) count.changed++;
    }
    const parts = Object.entries(count)
      .filter(([, n]) => n > 0)
      .map(([what, n]) => `${n} ${what}`);
    add('i18n-changed', locale, `texts for ${locale}: ${parts.join(', ')}`);
  }
}

/** Another component list or map (actions, klasses, kviews, …): items keyed by `name`, `eventName` or `id`, else by key. */
function diffComponents(
  key: string,
  base: Json | undefined,
  next: Json | undefined,
  add: (kind: ChangeKind, name: string, text: string) => void,
): void {
  const items = (v: Json | undefined): Map<string, Json> => {
    if (Array.isArray(v)) {
      if (v.length === 0) return new Map<string, Json>();
      const field = ['name', 'eventName', 'id'].find(
        (f) => v.length > 0 && v.every((x) => isObject(x) && typeof x[f] === 'string'),
      );
      return field === undefined
        ? new Map([[key, v]])
        : new Map([...keyed(v, field)].map(([k, x]) => [`${key}.${k}`, x]));
    }
    if (isObject(v)) return new Map(Object.entries(v).map(([k, x]) => [`${key}.${k}`, x]));
    return v === undefined ? new Map<string, Json>() : new Map<string, Json>([[key, v]]);
  };
  const before = items(base);
  const after = items(next);
  // A value of another shape (a list become a map): one change for the whole key.
  if (
    (before.has(key) && after.size > 0 && !after.has(key)) ||
    (after.has(key) && before.size > 0 && !before.has(key))
  ) {
    add('component-changed', key, `"${key}" changed`);
    return;
  }
  for (const [name] of before)
    if (!after.has(name)) add('component-removed', name, `"${name}" removed`);
  for (const [name] of after)
    if (!before.has(name)) add('component-added', name, `"${name}" added`);
  for (const [name, b] of before)
    if (after.has(name) && !deepEqual(b, after.get(name)))
      add('component-changed', name, `"${name}" changed`);
}
