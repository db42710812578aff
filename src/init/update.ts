// `kwt init --update`: what the exports need now, added to the config the user already has. Every entry there stays as
// the user left it (renamed settings, edited descriptions, removed suggestions they did not want are not re-added for
// a value they mapped elsewhere); only keys and list entries it lacks are added, and a new setting never takes a name
// the config already gives another value (one name, one meaning).
import { isObject, type Json, type JsonObject } from '../core/json';

export interface Update {
  config: JsonObject;
  /** What was added, one line each (`app-settings.values: https://api.example -> default.apiBaseUrl2`). */
  added: string[];
}

/** The identity of a list entry: what it maps (`match`, `path`, a credential's header or kind), else its whole text. */
function entryKey(entry: Json): string {
  if (isObject(entry)) {
    if (typeof entry['match'] === 'string') return `match ${entry['match']}`;
    if (typeof entry['path'] === 'string') return `path ${entry['path']}`;
    if (typeof entry['header'] === 'string') return `header ${entry['header'].toLowerCase()}`;
    if (typeof entry['kind'] === 'string') return `kind ${entry['kind']}`;
  }
  return `json ${JSON.stringify(entry)}`;
}

/** Every `setting` a config's transform options name, anywhere in them. */
function settingNames(value: Json, into: Set<string>): Set<string> {
  if (Array.isArray(value)) for (const item of value) settingNames(item, into);
  else if (isObject(value)) {
    for (const [key, item] of Object.entries(value)) {
      if (key === 'setting' && typeof item === 'string') into.add(item);
      else settingNames(item, into);
    }
  } else if (typeof value === 'string' && SETTING.test(value)) {
    // A variable mapped in short form: `"<id>": "default.region"`.
    into.add(value);
  }
  return into;
}

const SETTING = /^[A-Za-z_][A-Za-z0-9_]*\.[A-Za-z_][A-Za-z0-9_]*$/;

/** Whether an entry maps something to a setting (`{setting}` or `"category.name"`). */
function namesSetting(entry: Json): boolean {
  return (
    (isObject(entry) && typeof entry['setting'] === 'string') ||
    (typeof entry === 'string' && SETTING.test(entry))
  );
}

/** The entry with its setting renamed when the config already uses that name for something else. */
function withFreeSetting(entry: Json, used: Set<string>): Json {
  const rename = (name: string): string => {
    if (!used.has(name)) return name;
    let n = 2;
    while (used.has(`${name}${n}`)) n++;
    return `${name}${n}`;
  };
  if (typeof entry === 'string' && SETTING.test(entry)) {
    const name = rename(entry);
    used.add(name);
    return name;
  }
  if (isObject(entry) && typeof entry['setting'] === 'string') {
    const name = rename(entry['setting']);
    used.add(name);
    return name === entry['setting'] ? entry : { ...entry, setting: name };
  }
  return entry;
}

/** A map entry (`"<event>": {name}` or `"<org name>": "<final name>"`) whose name the map already gives another key, renamed `-2`. */
function withFreeName(entry: Json, names: Set<string>): Json {
  const name =
    typeof entry === 'string'
      ? entry
      : isObject(entry) && typeof entry['name'] === 'string'
        ? entry['name']
        : undefined;
  if (name === undefined) return entry;
  let free = name;
  for (let n = 2; names.has(free); n++) free = `${name}-${n}`;
  names.add(free);
  if (free === name) return entry;
  return typeof entry === 'string' ? free : { ...(entry as JsonObject), name: free };
}

function describe(entry: Json): string {
  if (isObject(entry) && typeof entry['setting'] === 'string') return ` -> ${entry['setting']}`;
  if (isObject(entry) && typeof entry['name'] === 'string') return ` -> ${entry['name']}`;
  return typeof entry === 'string' ? ` -> ${entry}` : '';
}

/** `existing` with what `suggested` has and it lacks; nothing of `existing` is changed or removed. */
export function updateConfig(existing: JsonObject, suggested: JsonObject): Update {
  const added: string[] = [];
  const config: JsonObject = { ...existing };
  const options: JsonObject = isObject(existing['options']) ? { ...existing['options'] } : {};
  const used = settingNames(options, new Set());
  const given = isObject(suggested['options']) ? suggested['options'] : {};
  for (const [transform, proposal] of Object.entries(given)) {
    if (!isObject(proposal)) continue;
    const mine: JsonObject = isObject(options[transform]) ? { ...options[transform] } : {};
    for (const [key, value] of Object.entries(proposal)) {
      const current = mine[key];
      if (Array.isArray(value)) {
        const list = Array.isArray(current) ? [...current] : [];
        const have = new Set(list.map(entryKey));
        for (const entry of value) {
          if (have.has(entryKey(entry))) continue;
          const free = withFreeSetting(entry, used);
          list.push(free);
          have.add(entryKey(entry));
          // A credential's literal is never printed: the line names where it goes, not what it is.
          const what =
            key === 'credentials' || (isObject(entry) && entry['type'] === 'secret')
              ? 'a credential'
              : entryKey(entry).replace(/^(match|path|json) /, '');
          added.push(`${transform}.${key}: ${what}${describe(free)}`);
        }
        mine[key] = list;
      } else if (isObject(value)) {
        const map: JsonObject = isObject(current) ? { ...current } : {};
        // Hook event names and final workflow names are one meaning each within their map too.
        const names = new Set(
          Object.values(map).flatMap((v) =>
            typeof v === 'string'
              ? [v]
              : isObject(v) && typeof v['name'] === 'string'
                ? [v['name']]
                : [],
          ),
        );
        for (const [k, entry] of Object.entries(value)) {
          if (Object.hasOwn(map, k)) continue;
          const free = namesSetting(entry)
            ? withFreeSetting(entry, used)
            : withFreeName(entry, names);
          map[k] = free;
          added.push(`${transform}.${key}: ${k}${describe(free)}`);
        }
        mine[key] = map;
      } else if (current === undefined) {
        mine[key] = value;
      }
    }
    options[transform] = mine;
  }
  if (Object.keys(options).length > 0) config['options'] = options;
  for (const key of ['app', 'version'] as const)
    if (config[key] === undefined && suggested[key] !== undefined) config[key] = suggested[key];
  return { config, added };
}
