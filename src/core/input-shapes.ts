// Recognises every input shape met in practice (reference section 2) and splits it into workflows and companions.
import { type Json, type JsonObject, isObject } from './json';
import { KwtError } from './errors';
import type { Workflow } from './transform';
import { CALLABLE_TRIGGER } from './kustomer';

export type ShapeName =
  'export' | 'put-body' | 'api-resource' | 'api-response' | 'list' | 'app-definition' | 'fragment';

/** Companion blocks a fragment or app definition already carries. */
export interface Companions {
  settings?: JsonObject;
  hooks?: Json[];
  triggers?: Json[];
  /** `i18n` strings by locale (`en_us`), carried so that kwt's own output reproduces itself. */
  i18n?: JsonObject;
  /** `dependencies`: `<app>-^<version>` strings. */
  dependencies?: Json[];
}

export interface WorkflowItem {
  workflow: Workflow;
  /** Where it sits in its file, e.g. `/workflows/2` or `` for a single export. */
  pointer: string;
  shape: ShapeName;
  /** True when the name was missing and taken from the file name. */
  derivedName?: boolean;
}

export interface ParsedInput {
  shape: ShapeName;
  items: WorkflowItem[];
  companions: Companions;
  /** For an app definition: its `app` and `version`. */
  app?: { name?: string; version?: string };
}

const EXPECTED =
  'expected a workflow export ({name, trigger, steps}), an API resource or {data: ...} response, a list of those, ' +
  'an app definition ({app, version, title, ...}) or a {workflows: [...]} fragment';

function describe(value: Json): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (isObject(value)) {
    const keys = Object.keys(value);
    return keys.length === 0
      ? 'an empty object'
      : `an object with keys ${keys.slice(0, 6).join(', ')}${keys.length > 6 ? ', …' : ''}`;
  }
  return `a ${typeof value}`;
}

function isWorkflowLike(value: Json): value is JsonObject {
  return isObject(value) && isObject(value['trigger']) && Array.isArray(value['steps']);
}

function isApiResource(value: Json): value is JsonObject {
  return isObject(value) && value['type'] === 'workflow' && isObject(value['attributes']);
}

function isAppDefinition(value: JsonObject): boolean {
  return (
    typeof value['app'] === 'string' &&
    'version' in value &&
    ('title' in value || 'workflows' in value)
  );
}

function isFragment(value: JsonObject): boolean {
  return (
    Array.isArray(value['workflows']) &&
    Object.keys(value).every((k) =>
      ['workflows', 'settings', 'hooks', 'triggers', 'i18n', 'dependencies', '$schema'].includes(k),
    )
  );
}

/** JSON:API resource to workflow: `id` first, then the attributes in their order. */
function unwrapResource(resource: JsonObject): Workflow {
  const attributes = resource['attributes'] as JsonObject;
  const out: Workflow = {};
  if (typeof resource['id'] === 'string') out['id'] = resource['id'];
  for (const key of Object.keys(attributes))
    if (!(key === 'id' && 'id' in out)) out[key] = attributes[key] as Json;
  return out;
}

/**
 * A callable without a root `id` (as the editor exports one) takes the id its own trigger names, so the workflows that
 * call or schedule it resolve; `id` goes first, as in the API's records.
 */
function withCallableId(workflow: Workflow): Workflow {
  if (typeof workflow['id'] === 'string') return workflow;
  const trigger = workflow['trigger'];
  const eventName = isObject(trigger) ? trigger['eventName'] : undefined;
  const id = typeof eventName === 'string' ? CALLABLE_TRIGGER.exec(eventName)?.[1] : undefined;
  if (id === undefined) return workflow;
  const out: Workflow = { id };
  for (const key of Object.keys(workflow)) if (key !== 'id') out[key] = workflow[key] as Json;
  return out;
}

function itemFrom(value: Json, pointer: string, file: string): WorkflowItem {
  if (isApiResource(value))
    return { workflow: withCallableId(unwrapResource(value)), pointer, shape: 'api-resource' };
  if (isWorkflowLike(value))
    return {
      workflow: withCallableId(value),
      pointer,
      shape: typeof value['name'] === 'string' ? 'export' : 'put-body',
    };
  throw new KwtError(
    'input',
    `${file}${pointer ? ` at ${pointer}` : ''}: not a workflow: ${EXPECTED}; found ${describe(value)}`,
  );
}

function companionsOf(doc: JsonObject, file: string): Companions {
  const out: Companions = {};
  if ('settings' in doc) {
    if (!isObject(doc['settings']))
      throw new KwtError('input', `${file}: "settings" must be an object of categories`);
    out.settings = doc['settings'];
  }
  if ('i18n' in doc) {
    if (!isObject(doc['i18n']))
      throw new KwtError('input', `${file}: "i18n" must be an object of locales`);
    out.i18n = doc['i18n'];
  }
  for (const key of ['hooks', 'triggers', 'dependencies'] as const) {
    if (key in doc) {
      const value = doc[key];
      if (!Array.isArray(value)) throw new KwtError('input', `${file}: "${key}" must be an array`);
      out[key] = value;
    }
  }
  return out;
}

/**
 * Whether a document holds workflow exports (a list, an API response or resource, a workflow or a part of one) rather
 * than what kwt writes (a block, an app definition, a report, a config). Deliberately broad: a file that may be an
 * export is never taken for kwt's own.
 */
export function holdsExports(doc: unknown): boolean {
  if (Array.isArray(doc)) return true;
  if (doc === null || typeof doc !== 'object') return false;
  return 'data' in doc || (!('workflows' in doc) && ('trigger' in doc || 'steps' in doc));
}

/** Split a parsed document into workflows. `fileBase` names a workflow that has no name (a PUT body). */
export function recognise(doc: Json, file: string, fileBase: string): ParsedInput {
  let parsed: ParsedInput;
  if (Array.isArray(doc)) {
    parsed = {
      shape: 'list',
      items: doc.map((v, i) => itemFrom(v, `/${i}`, file)),
      companions: {},
    };
  } else if (
    isObject(doc) &&
    'data' in doc &&
    (Array.isArray(doc['data']) || isApiResource(doc['data']))
  ) {
    const data = doc['data'];
    const items = Array.isArray(data)
      ? data.map((v, i) => itemFrom(v, `/data/${i}`, file))
      : [itemFrom(data, '/data', file)];
    parsed = { shape: 'api-response', items, companions: {} };
  } else if (isObject(doc) && isAppDefinition(doc)) {
    const workflows = doc['workflows'] ?? [];
    if (!Array.isArray(workflows))
      throw new KwtError('input', `${file}: "workflows" must be an array`);
    const app: { name?: string; version?: string } = { name: doc['app'] as string };
    if (typeof doc['version'] === 'string') app.version = doc['version'];
    parsed = {
      shape: 'app-definition',
      items: workflows.map((v, i) => itemFrom(v, `/workflows/${i}`, file)),
      companions: companionsOf(doc, file),
      app,
    };
  } else if (isObject(doc) && isFragment(doc)) {
    const workflows = doc['workflows'] as Json[];
    parsed = {
      shape: 'fragment',
      items: workflows.map((v, i) => itemFrom(v, `/workflows/${i}`, file)),
      companions: companionsOf(doc, file),
    };
  } else if (isWorkflowLike(doc) || isApiResource(doc)) {
    const item = itemFrom(doc, '', file);
    parsed = { shape: item.shape, items: [item], companions: {} };
  } else {
    throw new KwtError('input', `${file}: ${EXPECTED}; found ${describe(doc)}`);
  }
  parsed.items.forEach((item, i) => {
    if (typeof item.workflow['name'] !== 'string' || item.workflow['name'] === '') {
      const name = parsed.items.length > 1 ? `${fileBase}-${i + 1}` : fileBase;
      const { name: _missing, ...rest } = item.workflow;
      item.workflow = { name, ...rest };
      item.derivedName = true;
    }
  });
  return parsed;
}
