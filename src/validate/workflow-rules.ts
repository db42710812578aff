// Validation rules for one workflow (reference section 6, items 1-7): each problem has a stable code and a JSON Pointer.
import { type Json, type JsonObject, type Path, isObject, toPointer } from '../core/json';
import {
  ALLOWED_KEYS, CONDITION_OPS, ERROR_ACTION_TYPES, HEX24_EXACT, HOOK_EVENT_ANYWHERE, MAX_DESCRIPTION_LENGTH, SERVER_FIELDS,
  STEP_REF, VARIABLE_REF, WORKFLOW_CALL, WORKFLOW_NAME, isWorkflowIdParam,
} from '../core/kustomer';
import { hasCredential } from '../core/secrets';
import { visitStrings } from '../core/walk';
import type { Problem, Severity } from '../core/transform';

export type Report = (code: string, severity: Severity, pointer: string, message: string) => void;

/** Facts about the whole block that single-workflow rules need. */
export interface BlockFacts {
  /** Root `id`s of the block's workflows. */
  workflowIds: ReadonlySet<string>;
  /** Literals declared secret (masked in messages). */
  secrets: readonly string[];
  /** Literal values declared as setting defaults: such 24-hex ids are intended, not leftovers. */
  declaredValues: ReadonlySet<string>;
  /** `<category>.<name>` of every declared setting, when the document declares settings (app definitions, blocks). */
  settingsDeclared?: ReadonlySet<string>;
}

/** Every substring the string checks below look for; a string without any of them cannot have those problems. */
const MAY_MATTER = /steps\.|kustomer\.(?:hooks|workflow)\.|variables\.|settings\.|Bearer|Basic|Token|k_(?:live|test)_|AKIA|gh[pousr]_|xox|AIza|eyJ/;

const SETTING_REF = /\{\{\{?\s*settings\.([A-Za-z0-9_]+)\.([A-Za-z0-9_]+)\s*\}?\}\}/g;

const ORG_NAMESPACE_IN = /(?:^|kustomer\.app\.)([A-Za-z0-9_]+)_[0-9a-f]{24}(?:[.-]|$)/i;

function checkKeys(node: JsonObject, allowed: readonly string[], level: string, base: string, report: Report, extra: readonly string[] = []): void {
  for (const key of Object.keys(node)) {
    if (allowed.includes(key) || extra.includes(key)) continue;
    const pointer = `${base}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
    if (SERVER_FIELDS.has(key)) report('server-field', 'error', pointer, `server field "${key}" must not be in an app workflow (strip-metadata removes it)`);
    else report('unknown-key', 'error', pointer, `"${key}" is not allowed in a ${level} (allowed: ${allowed.join(', ')})`);
  }
}

function checkCondition(condition: Json, base: string, report: Report): void {
  if (!isObject(condition)) {
    report('condition-shape', 'error', base, 'a condition must be an object {op, values}');
    return;
  }
  checkKeys(condition, ALLOWED_KEYS.condition, 'condition', base, report);
  const op = condition['op'];
  if (typeof op !== 'string' || !CONDITION_OPS.has(op)) {
    report('condition-op', 'error', `${base}/op`, `unknown condition op ${JSON.stringify(op)} (one of ${[...CONDITION_OPS].join(', ')})`);
  }
  const values = condition['values'];
  if (values !== undefined && !Array.isArray(values)) report('condition-shape', 'error', `${base}/values`, 'condition values must be an array');
  if ((op === 'and' || op === 'or') && Array.isArray(values)) {
    if (values.length === 0) report('condition-shape', 'error', `${base}/values`, `"${op}" needs at least one condition`);
    values.forEach((v, i) => checkCondition(v, `${base}/values/${i}`, report));
  }
}

/** Every step id reachable from the trigger; and the first transition cycle, as a list of ids. */
function graph(trigger: JsonObject, steps: JsonObject[]): { reachable: Set<string>; cycle?: string[] } {
  const edges = new Map<string, string[]>();
  const targets = (node: JsonObject): string[] =>
    Array.isArray(node['transitions']) ? node['transitions'].flatMap((t) => (isObject(t) && typeof t['target'] === 'string' ? [t['target']] : [])) : [];
  for (const s of steps) if (typeof s['id'] === 'string') edges.set(s['id'], targets(s));
  const reachable = new Set<string>();
  const queue = targets(trigger);
  while (queue.length > 0) {
    const id = queue.shift() as string;
    if (reachable.has(id)) continue;
    reachable.add(id);
    queue.push(...(edges.get(id) ?? []));
  }
  // Iterative DFS with colours: a grey node met again closes a cycle.
  const colour = new Map<string, 'grey' | 'black'>();
  for (const start of edges.keys()) {
    if (colour.has(start)) continue;
    const stack: { id: string; next: number }[] = [{ id: start, next: 0 }];
    colour.set(start, 'grey');
    while (stack.length > 0) {
      const top = stack[stack.length - 1] as { id: string; next: number };
      const out = edges.get(top.id) ?? [];
      if (top.next >= out.length) {
        colour.set(top.id, 'black');
        stack.pop();
        continue;
      }
      const to = out[top.next++] as string;
      if (colour.get(to) === 'grey') {
        const ids = stack.map((f) => f.id);
        return { reachable, cycle: [...ids.slice(ids.indexOf(to)), to] };
      }
      if (!colour.has(to) && edges.has(to)) {
        colour.set(to, 'grey');
        stack.push({ id: to, next: 0 });
      }
    }
  }
  return { reachable };
}

export function validateWorkflow(workflow: Json, base: string, facts: BlockFacts, report: Report): void {
  if (!isObject(workflow)) {
    report('workflow-shape', 'error', base, 'a workflow must be an object');
    return;
  }
  const name = workflow['name'];
  if (typeof name !== 'string' || !WORKFLOW_NAME.test(name)) {
    report('name-format', 'error', `${base}/name`, `name ${JSON.stringify(name ?? null)} must be 1-128 characters of letters, digits, ".", "_" and "-"`);
  }
  const description = workflow['description'];
  if (typeof description === 'string' && description.length > MAX_DESCRIPTION_LENGTH) {
    report('description-length', 'error', `${base}/description`, `description is ${description.length} characters; at most ${MAX_DESCRIPTION_LENGTH}`);
  }
  checkKeys(workflow, ALLOWED_KEYS.root, 'workflow', base, report, ['id']);

  const trigger = workflow['trigger'];
  const steps = Array.isArray(workflow['steps']) ? workflow['steps'] : [];
  if (!isObject(trigger)) report('workflow-shape', 'error', `${base}/trigger`, 'a workflow needs a trigger object');
  if (!Array.isArray(workflow['steps'])) report('workflow-shape', 'error', `${base}/steps`, 'a workflow needs a steps array');
  if (isObject(trigger)) {
    checkKeys(trigger, ALLOWED_KEYS.trigger, 'trigger', `${base}/trigger`, report);
    if (trigger['callable'] !== true && typeof trigger['eventName'] !== 'string') {
      report('workflow-shape', 'error', `${base}/trigger/eventName`, 'a trigger needs an eventName (or callable: true)');
    }
  }

  const ids = new Set<string>(['1']);
  const stepObjects: JsonObject[] = [];
  steps.forEach((step, i) => {
    const at = `${base}/steps/${i}`;
    if (!isObject(step)) {
      report('workflow-shape', 'error', at, 'a step must be an object');
      return;
    }
    stepObjects.push(step);
    checkKeys(step, ALLOWED_KEYS.step, 'step', at, report);
    const id = step['id'];
    if (typeof id !== 'string' || id === '') report('workflow-shape', 'error', `${at}/id`, 'a step needs a string id');
    else if (ids.has(id)) report('step-id-unique', 'error', `${at}/id`, id === '1' ? 'step id "1" is reserved for the trigger' : `step id "${id}" is used twice`);
    else ids.add(id);
    if (Array.isArray(step['errorCases'])) {
      step['errorCases'].forEach((ec, j) => {
        const ecAt = `${at}/errorCases/${j}`;
        if (!isObject(ec)) return report('condition-shape', 'error', ecAt, 'an error case must be an object');
        checkKeys(ec, ALLOWED_KEYS.errorCase, 'error case', ecAt, report);
        if (ec['condition'] !== undefined) checkCondition(ec['condition'], `${ecAt}/condition`, report);
        const action = ec['errorAction'];
        if (!isObject(action) || typeof action['type'] !== 'string' || !ERROR_ACTION_TYPES.has(action['type'])) {
          report('condition-shape', 'error', `${ecAt}/errorAction`, `errorAction.type must be one of ${[...ERROR_ACTION_TYPES].join(', ')}`);
        }
      });
    }
  });

  const nodes: [JsonObject, string][] = [];
  if (isObject(trigger)) nodes.push([trigger, `${base}/trigger`]);
  steps.forEach((s, i) => isObject(s) && nodes.push([s, `${base}/steps/${i}`]));
  for (const [node, at] of nodes) {
    const transitions = node['transitions'];
    if (transitions === undefined) continue;
    if (!Array.isArray(transitions)) {
      report('workflow-shape', 'error', `${at}/transitions`, 'transitions must be an array');
      continue;
    }
    transitions.forEach((t, j) => {
      const tAt = `${at}/transitions/${j}`;
      if (!isObject(t)) return report('workflow-shape', 'error', tAt, 'a transition must be an object');
      checkKeys(t, ALLOWED_KEYS.transition, 'transition', tAt, report);
      if (typeof t['target'] !== 'string' || !ids.has(t['target']) || t['target'] === '1') {
        report('transition-target', 'error', `${tAt}/target`, `transition target ${JSON.stringify(t['target'] ?? null)} is not a step of this workflow`);
      }
      if (t['condition'] !== undefined) checkCondition(t['condition'], `${tAt}/condition`, report);
    });
  }
  if (isObject(trigger)) {
    const { reachable, cycle } = graph(trigger, stepObjects);
    if (cycle) report('transition-cycle', 'error', `${base}/steps`, `transitions loop: ${cycle.join(' -> ')} (Kustomer refuses looping workflows)`);
    steps.forEach((s, i) => {
      if (isObject(s) && typeof s['id'] === 'string' && !reachable.has(s['id'])) {
        report('unreachable-step', 'warning', `${base}/steps/${i}`, `step "${s['id']}" is never reached from the trigger`);
      }
    });
  }

  // One walk over every string for references, leftovers and credentials.
  // The pointer is built only for a string that has a problem (most have none), from the live walker path.
  let here: Path = [];
  const at = (): string => base + toPointer(here);
  visitStrings(workflow, (value, path) => {
    here = path;
    const key = path[path.length - 1];
    const parentKey = path[path.length - 2];
    // Checks decided by the key or the length first: they cost nothing for most strings.
    if ((key === 'action' || key === 'eventName' || key === 'appVersion') && ORG_NAMESPACE_IN.test(value)) {
      report('org-namespace', 'error', at(), 'private-app namespace <app>_<orgId> left in the workflow (denamespace rewrites it)');
    }
    if (isWorkflowIdParam(key ?? '', parentKey)) {
      if (!facts.workflowIds.has(value)) report('workflow-call', 'error', at(), `schedules workflow ${value}, which no workflow of this block has as its id`);
    } else if (value.length === 24 && HEX24_EXACT.test(value) && !(path.length === 1 && key === 'id') && key !== '_id' && !facts.declaredValues.has(value)) {
      // `_id` is already a server-field error; a root `id` is how calls find the workflow.
      report('hex-id', 'warning', at(), 'a 24-hex id (queue, team, user, tag?) differs per org; make it a setting if it is not the same everywhere');
    }
    for (let i = 0; i < facts.secrets.length; i++) {
      const secret = facts.secrets[i] as string;
      if (secret.length >= 3 && value.includes(secret)) report('secret-literal', 'error', at(), 'contains a value declared secret');
    }
    // One scan rules out the rest for the ~85% of strings that mention none of these.
    if (!MAY_MATTER.test(value)) return;
    if (value.includes('steps.')) {
      for (const m of value.matchAll(STEP_REF)) {
        const ref = m[1] as string;
        if (!ids.has(ref)) report('step-reference', 'error', at(), `refers to step "${ref}", which this workflow does not have`);
      }
    }
    if (value.includes('kustomer.hooks.') && HOOK_EVENT_ANYWHERE.test(value)) report('org-hook-event', 'error', at(), 'org inbound-hook event left in the workflow (swap-hook-events maps it to an app event)');
    if (value.includes('variables.')) {
      VARIABLE_REF.lastIndex = 0;
      if (VARIABLE_REF.test(value)) report('workflow-variable', 'error', at(), 'org workflow variable left in the workflow (app-settings maps it to a setting)');
    }
    if (value.includes('kustomer.workflow.')) {
      for (const m of value.matchAll(WORKFLOW_CALL)) {
        if (!facts.workflowIds.has(m[1] as string)) report('workflow-call', 'error', at(), `calls workflow ${m[1]}, which no workflow of this block has as its id`);
      }
    }
    if (facts.settingsDeclared && value.includes('settings.')) {
      for (const m of value.matchAll(SETTING_REF)) {
        const setting = `${m[1]}.${m[2]}`;
        if (!facts.settingsDeclared.has(setting)) report('undeclared-setting', 'error', at(), `uses setting ${setting}, which "settings" does not declare`);
      }
    }
    if (hasCredential(value)) report('credential', 'error', at(), 'looks like a credential; make it a secret setting (app-settings with type "secret")');
  });
}

export type { Problem };
