// `kwt init`'s engine (pure): reads workflows and suggests a first kwt.config.json, each suggestion saying where it was found.
import { type Json, type JsonObject, type Path, isObject } from '../core/json';
import {
  MAX_NAME_LENGTH,
  VARIABLE_PATH,
  HEX24_EXACT,
  HOOK_EVENT,
  NAMESPACED_KEYS,
  ORG_NAMESPACE_ANY,
  VARIABLE_REF,
  isWorkflowIdParam,
} from '../core/kustomer';
import { collectReferencedIds } from '../core/batch-facts';
import {
  type CredentialFinding,
  base64Note,
  WEBHOOK_KINDS,
  credentialContext,
  detectCredentials,
} from '../core/credentials';
import { visitStrings } from '../core/walk';
import { slugify } from '../core/app-names';
import { appendTo } from '../core/lists';
import { matchesOf } from '../core/matches';
import { camel, hostSettingName, idNameFromPath, singular } from '../core/proposal';
import { humanize } from '../core/i18n';

export interface InitWorkflow {
  workflow: JsonObject;
  /** Input file (and `#n`), for descriptions. */
  source: string;
}

export interface InitOptions {
  app: string;
  version: string;
  /** What `kwt pull` recorded of the org's workflow variables (its manifest): names and types by variable id. */
  variables?: ReadonlyMap<string, { name: string; type: string }>;
}

export interface Suggestion {
  config: JsonObject;
  /** One line per suggestion kind, for the person running init. */
  notes: string[];
}

/** Setting names made unique per category: `baseUrl`, `baseUrl2`, ... */
class NameBook {
  private readonly used = new Set<string>();
  take(category: string, wanted: string): string {
    const base = wanted || 'value';
    let name = base;
    for (let i = 2; this.used.has(`${category}.${name}`); i++) name = `${base}${i}`;
    this.used.add(`${category}.${name}`);
    return `${category}.${name}`;
  }
}

/**
 * rename.names entries for names the default rename cannot use: nothing left after slugging (Cyrillic, emoji only) gets
 * `<app>-workflow-<n>`; a name too long with the prefix is cut to fit at a dash. Each proposal is unique in the batch.
 */
function proposeNames(workflows: readonly JsonObject[], app: string): Record<string, string> {
  const prefix = `${app}-`;
  const taken = new Set(workflows.map((w) => prefix + slugify(workflowName(w))));
  const out: Record<string, string> = {};
  workflows.forEach((w, i) => {
    const name = workflowName(w);
    if (typeof w['name'] !== 'string' || Object.prototype.hasOwnProperty.call(out, name)) return;
    const slug = slugify(name);
    let proposal: string | undefined;
    if (slug === '') proposal = `${prefix}workflow-${i + 1}`;
    else if (prefix.length + slug.length > MAX_NAME_LENGTH)
      proposal = (prefix + slug).slice(0, MAX_NAME_LENGTH).replace(/[-._]+$/, '');
    if (proposal === undefined) return;
    const base = proposal;
    for (let n = 2; taken.has(proposal); n++)
      proposal = `${base.slice(0, MAX_NAME_LENGTH - String(n).length - 1)}-${n}`;
    taken.add(proposal);
    out[name] = proposal;
  });
  // Two workflows the org named alike (a pull writes them as two files) would end with one name: the second and later
  // get `-2`, `-3`, keyed by their org id, which is what tells them apart.
  const first = new Map<string, JsonObject>();
  for (const w of workflows) {
    if (typeof w['name'] !== 'string') continue;
    const name = workflowName(w);
    const final = Object.prototype.hasOwnProperty.call(out, name)
      ? (out[name] as string)
      : prefix + slugify(name);
    if (!first.has(final)) {
      first.set(final, w);
      continue;
    }
    const id = w['id'];
    if (typeof id !== 'string' || Object.prototype.hasOwnProperty.call(out, id)) continue;
    let proposal = final;
    for (let n = 2; taken.has(proposal) || first.has(proposal); n++)
      proposal = `${final.slice(0, MAX_NAME_LENGTH - String(n).length - 1)}-${n}`;
    taken.add(proposal);
    out[id] = proposal;
  }
  return out;
}

function workflowName(w: JsonObject): string {
  return typeof w['name'] === 'string' ? w['name'] : '(unnamed)';
}

/** `steps/3/params/headers/Authorization` as a person reads it: `step "a1" params.headers.Authorization`. */
function place(w: JsonObject, path: Path): string {
  const steps = Array.isArray(w['steps']) ? w['steps'] : [];
  if (path[0] === 'steps' && typeof path[1] === 'number') {
    const step = steps[path[1]];
    const id = isObject(step) && typeof step['id'] === 'string' ? step['id'] : String(path[1]);
    return `step "${id}" ${path.slice(2).join('.')}`;
  }
  return path.join('.');
}

const SECRET_HEADER = /authorization|api[-_]?key|token|secret|password|signature/i;

/** Names that say their value is a secret. */
const SECRET_NAME = /token|secret|password|passwd|api[-_ ]?key|signature|credential/i;

function variableName(path: Path, value: string, id: string): { name: string; secret: boolean } {
  const key = String(path[path.length - 1] ?? '');
  if (path[path.length - 2] === 'headers' && SECRET_HEADER.test(key))
    return { name: 'apiToken', secret: true };
  const trimmed = value.trim();
  if (
    (key === 'uri' || key === 'url') &&
    (trimmed.startsWith(`{{{variables.${id}}}}`) || trimmed.startsWith(`{{variables.${id}}}`))
  )
    return { name: 'baseUrl', secret: false };
  // Inside a JSON body written as a string, the JSON key it sits under names it (not the step's `body`).
  const jsonKey = new RegExp(
    `"([A-Za-z][A-Za-z0-9_ -]{0,40})"\\s*:\\s*"[^"]*variables\\.${id}\\b`,
  ).exec(value)?.[1];
  const named =
    jsonKey ??
    ([...path]
      .reverse()
      .find(
        (p) =>
          typeof p === 'string' && !['params', 'headers', 'body', 'values', 'value'].includes(p),
      ) as string | undefined);
  // `X-Acme-Region` names a region, not an "x"; inside a URI, the query parameter or path segment before it names it.
  const name =
    key === 'uri' || key === 'url'
      ? uriPartName(value, id)
      : camel((named ?? 'value').replace(/^x-/i, '')) || 'value';
  // A key that says secret (a token, a password, a signature) makes a secret setting.
  return { name, secret: SECRET_NAME.test(named ?? '') };
}

/** The org's variable name as a label: `acmeApiToken` reads "Acme API token"; a name with spaces is kept. */
function readable(name: string): string {
  return /\s/.test(name.trim()) ? name.trim() : humanize(name);
}

/** A variable inside a URI: `?region={{…}}` gives `region`, `/accounts/{{…}}` gives `accountId`, else `urlPart`. */
function uriPartName(uri: string, id: string): string {
  const at = uri.search(new RegExp(`\\{\\{\\{?variables\\.${id}\\b`));
  const before = at >= 0 ? uri.slice(0, at) : '';
  const param = /[?&]([A-Za-z][\w-]*)=$/.exec(before)?.[1];
  if (param !== undefined) return camel(param) || 'urlPart';
  const segment = /\/([A-Za-z][\w-]*)\/$/.exec(before)?.[1];
  return segment !== undefined ? `${camel(singular(segment))}Id` : 'urlPart';
}

/** The host a REST step at the start of `path` sends to, when its URI starts with a literal host. */
function restHost(steps: readonly Json[], path: Path): string | undefined {
  const step = path[0] === 'steps' && typeof path[1] === 'number' ? steps[path[1]] : undefined;
  const params = isObject(step) ? step['params'] : undefined;
  if (
    !isObject(step) ||
    typeof step['action'] !== 'string' ||
    !step['action'].startsWith('kustomer.rest-api') ||
    !isObject(params)
  )
    return undefined;
  const uri =
    typeof params['uri'] === 'string'
      ? params['uri']
      : typeof params['url'] === 'string'
        ? params['url']
        : undefined;
  return uri !== undefined
    ? /^https?:\/\/([A-Za-z0-9.-]+(?::\d+)?)(?:[/?#]|$)/.exec(uri.trim())?.[1]?.toLowerCase()
    : undefined;
}

/** The thing a params key or a condition's subject names: `params.queue` or `/#steps.x.tags contains [id]` give `queueId`, `tagId`. */
function idSettingName(path: Path, w: JsonObject): string {
  const at = path.lastIndexOf('values');
  if (path.includes('condition') && at >= 0) {
    let node: Json | undefined = w;
    for (const p of path.slice(0, at + 1))
      node = Array.isArray(node)
        ? node[p as number]
        : isObject(node)
          ? node[p as string]
          : undefined;
    const subject = Array.isArray(node)
      ? node.find((v) => typeof v === 'string' && (v.startsWith('/#') || v.includes('steps.')))
      : undefined;
    if (typeof subject === 'string') {
      const words = subject
        .replace(/^\/#(fn:[^,]+,)?/, '')
        .split('.')
        .filter(
          (x, i, all) =>
            !(i > 0 && all[i - 1] === 'steps') &&
            !['steps', 'attributes', 'data', 'id', 'relationships', 'custom'].includes(x),
        );
      const last = words[words.length - 1];
      if (last) return `${camel(singular(last))}Id`.replace(/IdId$/, 'Id');
    }
    return 'conditionId';
  }
  const steps = Array.isArray(w['steps']) ? w['steps'] : [];
  const step = path[0] === 'steps' && typeof path[1] === 'number' ? steps[path[1]] : undefined;
  const action = isObject(step) && typeof step['action'] === 'string' ? step['action'] : undefined;
  return idNameFromPath(path, action);
}

/** How a credential was recognised, for the notes (never its value). */
function found0(header: string | undefined, kind: string | undefined): string {
  return header !== undefined ? `header ${header}` : `kind ${kind ?? '?'}`;
}

/** What the suggestion units build up, read by the one that assembles the config. */
interface Suggesting {
  options: InitOptions;
  /** Where each suggestion came from: for the developer (stderr notes), never for the config's shipped texts. */
  origins: string[];
  settingNames: NameBook;
  renames: Record<string, string>;
  events: Record<string, Json>;
  variables: Record<string, Json>;
  values: Json[];
  valueSeen: Set<string>;
  credentials: Json[];
  credentialMarks: Set<string>;
  secretFolds: Map<string, { setting: string; users: string[]; ids: string[] }>;
  namespaces: Set<string>;
  /** Ids that are calls, schedules or hooks of the batch: not org data. */
  workflowIds: Set<string>;
  hookIds: Set<string>;
}

/** Where one string sits: its workflow, the workflow's source and steps, and the path inside it. */
interface At {
  workflow: JsonObject;
  wname: string;
  source: string;
  steps: readonly Json[];
  path: Path;
}

/**
 * Names rename cannot make usable (no Latin letter or digit, or too long with the prefix): proposed in rename.names, so
 * the first transform succeeds. The proposal is also what events are named after.
 */
function suggestRenames(s: Suggesting, workflows: readonly InitWorkflow[]): void {
  s.renames = proposeNames(
    workflows.map((w) => w.workflow),
    s.options.app,
  );
  for (const [from, to] of Object.entries(s.renames)) {
    const w = workflows.find((x) => x.workflow['id'] === from);
    s.origins.push(
      w !== undefined
        ? `rename.names: "${from}" (${w.source}) has the name "${workflowName(w.workflow)}" of another workflow; proposed "${to}"`
        : `rename.names: "${from}" cannot become a workflow name as it is; proposed "${to}"`,
    );
  }
}

/** The short name a workflow's hook event takes: its proposed rename, else its name slugged. */
function shortName(s: Suggesting, w: JsonObject): string {
  const renamed = (key: unknown): key is string =>
    typeof key === 'string' && Object.prototype.hasOwnProperty.call(s.renames, key);
  const key = renamed(w['id']) ? w['id'] : workflowName(w);
  return renamed(key)
    ? (s.renames[key] as string).slice(s.options.app.length + 1)
    : slugify(workflowName(w));
}

/** Batch facts (ids that are calls, not org data) and one app event per org hook event, named after its workflow. */
function suggestEvents(s: Suggesting, workflows: readonly InitWorkflow[]): void {
  const eventUsers = new Map<string, string[]>();
  const eventSlugs = new Map<string, string>();
  for (const { workflow } of workflows) {
    if (typeof workflow['id'] === 'string') s.workflowIds.add(workflow['id']);
    collectReferencedIds(workflow, s.workflowIds);
    const trigger = workflow['trigger'];
    const event =
      isObject(trigger) && typeof trigger['eventName'] === 'string'
        ? trigger['eventName']
        : undefined;
    const hook = event ? HOOK_EVENT.exec(event) : null;
    if (event && hook) {
      s.hookIds.add(hook[2] as string);
      appendTo(eventUsers, event, workflowName(workflow));
      eventSlugs.set(event, eventSlugs.get(event) ?? shortName(s, workflow));
    }
  }
  const taken = new Set<string>();
  for (const [event, users] of eventUsers) {
    const hook = HOOK_EVENT.exec(event)!;
    let name = eventSlugs.get(event) || slugify(users[0] ?? '') || 'hook';
    const base = name;
    for (let i = 2; taken.has(name); i++) name = `${base}-${i}`;
    taken.add(name);
    // Descriptions ship to every installer: no org hook id, file name or pointer in them (those go to the notes).
    s.events[event] = {
      name,
      description: `Inbound ${hook[1]} hook that starts ${users.join(', ')}`,
    };
    s.origins.push(`${name}: replaces the org ${hook[1]} hook ${hook[2]}`);
  }
}

/** One workflow variable as a setting, named after the org's name (from kwt pull) or where it is used. */
function suggestVariable(s: Suggesting, id: string, value: string, at: At): void {
  const { workflow, wname, source, path } = at;
  const known = s.options.variables?.get(id);
  // The org's own name and type (from kwt pull) beat a guess from where the variable is used.
  const { name, secret } =
    known !== undefined
      ? {
          name: camel(known.name) || variableName(path, value, id).name,
          secret: known.type.toLowerCase() === 'secret' || SECRET_NAME.test(known.name),
        }
      : variableName(path, value, id);
  // Secrets sent to the same host under the same name (each workflow's own copy of the Acme token) hold the
  // same credential in practice: one setting, so the installer enters it once. The note says how to split it.
  const host = secret ? restHost(at.steps, path) : undefined;
  const foldKey = host !== undefined ? `${name}\u0000${host}` : undefined;
  const folded = foldKey !== undefined ? s.secretFolds.get(foldKey) : undefined;
  if (folded !== undefined) {
    if (!folded.users.includes(wname)) folded.users.push(wname);
    // Every variable of the fold describes the one setting the same way: the first description wins when declared.
    folded.ids.push(id);
    for (const other of folded.ids)
      s.variables[other] = {
        setting: folded.setting,
        type: 'secret',
        description: `Secret value used by ${folded.users.join(', ')}`,
      };
    s.origins.push(
      `${folded.setting}: workflow variable ${id} in ${wname} (${source}) at ${place(workflow, path)} is sent to ${host} like the first one: one setting (give it its own in app-settings.variables if the org used different values)`,
    );
    return;
  }
  const setting = s.settingNames.take('default', name);
  if (foldKey !== undefined) s.secretFolds.set(foldKey, { setting, users: [wname], ids: [id] });
  s.variables[id] = {
    setting,
    ...(secret ? { type: 'secret' } : {}),
    ...(known !== undefined ? { displayName: readable(known.name) } : {}),
    description: `${secret ? 'Secret value' : 'Value'} used by ${wname}`,
  };
  s.origins.push(
    `${setting}: workflow variable ${id} in ${wname} (${source}) at ${place(workflow, path)}`,
  );
}

/** The host of a REST call as a setting (not a webhook's: its host as a setting would leave the secret path behind). */
function suggestHost(s: Suggesting, value: string, at: At): void {
  const host = /^(https?:\/\/[A-Za-z0-9.-]+(?::\d+)?)(?:[/?#]|$)/.exec(value.trim());
  if (!host || s.valueSeen.has(host[1] as string)) return;
  s.valueSeen.add(host[1] as string);
  const setting = s.settingNames.take(
    'default',
    hostSettingName(host[1]!.replace(/^https?:\/\//, '')),
  );
  s.values.push({
    match: host[1] as string,
    setting,
    description: `Base URL of the API that ${at.wname} calls`,
  });
  s.origins.push(
    `${setting}: API host in ${at.wname} (${at.source}) at ${place(at.workflow, at.path)}`,
  );
}

/** A credential as a rule by its header or kind: the credential itself is never copied into the config. */
function suggestCredential(s: Suggesting, found: CredentialFinding, at: At): void {
  const kind0 = found.rule;
  const key = at.path[at.path.length - 1];
  const header = at.path[at.path.length - 2] === 'headers' ? String(key) : undefined;
  const kind = header ? undefined : kind0;
  const mark = header?.toLowerCase() ?? `kind:${kind}`;
  if (s.credentialMarks.has(mark)) return;
  s.credentialMarks.add(mark);
  const setting = s.settingNames.take(
    'default',
    header ? camel(header.replace(/^x-/i, '')) || 'apiToken' : camel(kind as string) || 'apiToken',
  );
  s.credentials.push({
    ...(header ? { header } : { kind: kind as string }),
    setting,
    description: `Credential for the API that ${at.wname} calls; set it after installing the app${base64Note(found)}`,
  });
  s.origins.push(
    `${setting}: a credential (${found0(header, kind)}) in ${at.wname} (${at.source}) at ${place(at.workflow, at.path)}`,
  );
}

/** A 24-hex id that is not a call, a schedule or a hook of the batch: an org item, as an `ids.` setting. */
function suggestOrgId(s: Suggesting, value: string, at: At): void {
  const key = at.path[at.path.length - 1];
  if (
    !HEX24_EXACT.test(value) ||
    s.workflowIds.has(value) ||
    s.hookIds.has(value) ||
    key === '_id' ||
    isWorkflowIdParam(key ?? '', at.path[at.path.length - 2]) ||
    s.valueSeen.has(value)
  )
    return;
  s.valueSeen.add(value);
  const setting = s.settingNames.take('ids', idSettingName(at.path, at.workflow));
  s.values.push({
    match: value,
    setting,
    description: `Id of this item in your Kustomer org (used by ${at.wname})`,
  });
  s.origins.push(
    `${setting}: org id ${value} in ${at.wname} (${at.source}) at ${place(at.workflow, at.path)}`,
  );
}

/** Every string of every workflow through the units, in document order so names are stable. */
function suggestFromStrings(s: Suggesting, workflows: readonly InitWorkflow[]): void {
  for (const { workflow, source } of workflows) {
    const wname = workflowName(workflow);
    const steps = Array.isArray(workflow['steps']) ? workflow['steps'] : [];
    visitStrings(workflow, (value, path) => {
      const at: At = { workflow, wname, source, steps, path };
      const key = path[path.length - 1];
      if (NAMESPACED_KEYS.has(key ?? '') && value.includes('_')) {
        for (const m of matchesOf(ORG_NAMESPACE_ANY, value)) s.namespaces.add(m[1] as string);
      }
      if (value.includes('variables.')) {
        // Every form a variable is written in: the template, and a path (a condition value, a function argument).
        const ids = [
          ...matchesOf(VARIABLE_REF, value).map((m) => m[1] as string),
          ...matchesOf(VARIABLE_PATH, value).map((m) => m[2] as string),
        ];
        for (const id of ids) if (s.variables[id] === undefined) suggestVariable(s, id, value, at);
      }
      const inParams = path.includes('params');
      if (!inParams && !path.includes('condition')) return;
      const step = path[0] === 'steps' && typeof path[1] === 'number' ? steps[path[1]] : undefined;
      const isRest =
        isObject(step) &&
        typeof step['action'] === 'string' &&
        step['action'].startsWith('kustomer.rest-api');
      const found = inParams ? detectCredentials(value, credentialContext(path)) : [];
      const webhook = found.some((f) => WEBHOOK_KINDS.has(f.rule));
      if (isRest && inParams && !webhook && (key === 'uri' || key === 'url'))
        suggestHost(s, value, at);
      if (found.length > 0) suggestCredential(s, found[0]!, at);
      suggestOrgId(s, value, at);
    });
  }
}

/** The config from what the units found, and the notes that say where each entry came from. */
function assemble(s: Suggesting, workflowCount: number): Suggestion {
  const { options, namespaces, renames, events, variables, values, credentials } = s;
  const own = options.app.toLowerCase();
  const otherNamespaces = [...namespaces].filter((n) => n.toLowerCase() !== own).sort();
  const transformOptions: JsonObject = {};
  if (otherNamespaces.length > 0) transformOptions['denamespace'] = { namespaces: otherNamespaces };
  if (Object.keys(renames).length > 0) transformOptions['rename'] = { names: renames };
  if (Object.keys(events).length > 0) transformOptions['swap-hook-events'] = { events };
  const appSettings: JsonObject = {};
  if (Object.keys(variables).length > 0) appSettings['variables'] = variables;
  if (values.length > 0) appSettings['values'] = values;
  if (credentials.length > 0) appSettings['credentials'] = credentials;
  if (Object.keys(appSettings).length > 0) transformOptions['app-settings'] = appSettings;
  const notes = [
    `${workflowCount} workflow${workflowCount === 1 ? '' : 's'} read`,
    ...s.origins.map((f) => `found ${f}`),
    `${Object.keys(events).length} org hook event(s) mapped to app events (swap-hook-events.events)`,
    `${Object.keys(variables).length} workflow variable(s), ${values.length} value(s) and ${credentials.length} credential rule(s) made settings (app-settings)`,
    ...(namespaces.size > 0
      ? [
          `private-app namespaces found: ${[...namespaces].sort().join(', ')}${otherNamespaces.length > 0 ? ` (other than ${options.app}: denamespace.namespaces)` : ''}`,
        ]
      : []),
    'review every name and description before the first release: they become part of the app',
  ];
  return {
    config: {
      app: options.app,
      version: options.version,
      ...(Object.keys(transformOptions).length > 0 ? { options: transformOptions } : {}),
    },
    notes,
  };
}

/**
 * init's first suggestion, from the exports: renames, hook events, then every string through the units (namespaces,
 * variables, API hosts, credentials, org ids). The rules then have the last word (plan/init-plan.ts).
 */
export function suggestConfig(
  workflows: readonly InitWorkflow[],
  options: InitOptions,
): Suggestion {
  const s: Suggesting = {
    options,
    origins: [],
    settingNames: new NameBook(),
    renames: {},
    events: {},
    variables: {},
    values: [],
    valueSeen: new Set(),
    credentials: [],
    credentialMarks: new Set(),
    secretFolds: new Map(),
    namespaces: new Set(),
    workflowIds: new Set(),
    hookIds: new Set(),
  };
  suggestRenames(s, workflows);
  suggestEvents(s, workflows);
  suggestFromStrings(s, workflows);
  return assemble(s, workflows.length);
}
