// Structural validation rules for one workflow (reference section 6, items 1-7); the string rules run in string-rules.ts.
import { type Json, type JsonObject, isObject } from '../core/json';
import {
  ALLOWED_KEYS,
  CONDITION_OPS,
  ERROR_ACTION_TYPES,
  MAX_DESCRIPTION_LENGTH,
  SERVER_FIELDS,
  WORKFLOW_NAME,
} from '../core/kustomer';
import { runStringRules } from './string-rules';
import type { BlockFacts, Report } from './rule-context';
import { pushAll } from '../core/lists';

function checkKeys(
  node: JsonObject,
  allowed: readonly string[],
  level: string,
  base: string,
  report: Report,
  extra: readonly string[] = [],
): void {
  for (const key of Object.keys(node)) {
    if (allowed.includes(key) || extra.includes(key)) continue;
    const pointer = `${base}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
    if (SERVER_FIELDS.has(key))
      report(
        'server-field',
        'error',
        pointer,
        `server field "${key}" must not be in an app workflow (strip-metadata removes it)`,
      );
    else
      report(
        'unknown-key',
        'error',
        pointer,
        `"${key}" is not allowed in a ${level} (allowed: ${allowed.join(', ')})`,
      );
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
    report(
      'condition-op',
      'error',
      `${base}/op`,
      `unknown condition op ${JSON.stringify(op)} (one of ${[...CONDITION_OPS].join(', ')})`,
    );
  }
  const values = condition['values'];
  if (values !== undefined && !Array.isArray(values))
    report('condition-shape', 'error', `${base}/values`, 'condition values must be an array');
  if ((op === 'and' || op === 'or') && Array.isArray(values)) {
    if (values.length === 0)
      report('condition-shape', 'error', `${base}/values`, `"${op}" needs at least one condition`);
    values.forEach((v, i) => checkCondition(v, `${base}/values/${i}`, report));
  }
}

/** Every step id reachable from the trigger; and the first transition cycle, as a list of ids. */
function graph(
  trigger: JsonObject,
  steps: JsonObject[],
): { reachable: Set<string>; cycle?: string[] } {
  const edges = new Map<string, string[]>();
  const targets = (node: JsonObject): string[] =>
    Array.isArray(node['transitions'])
      ? node['transitions'].flatMap((t) =>
          isObject(t) && typeof t['target'] === 'string' ? [t['target']] : [],
        )
      : [];
  for (const s of steps) if (typeof s['id'] === 'string') edges.set(s['id'], targets(s));
  const reachable = new Set<string>();
  const queue = targets(trigger);
  // An index, not shift(): shifting a queue of 200,000 is quadratic.
  for (let head = 0; head < queue.length; head++) {
    const id = queue[head] as string;
    if (reachable.has(id)) continue;
    reachable.add(id);
    pushAll(queue, edges.get(id) ?? []);
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

/** The workflow's own keys: its name, its description, the keys allowed at its root, its trigger and steps. */
function checkRoot(workflow: JsonObject, base: string, report: Report): void {
  const name = workflow['name'];
  if (typeof name !== 'string' || !WORKFLOW_NAME.test(name)) {
    report(
      'name-format',
      'error',
      `${base}/name`,
      `name ${JSON.stringify(name ?? null)} must be 1-128 characters of letters, digits, ".", "_" and "-"`,
    );
  }
  const description = workflow['description'];
  if (typeof description === 'string' && description.length > MAX_DESCRIPTION_LENGTH) {
    report(
      'description-length',
      'error',
      `${base}/description`,
      `description is ${description.length} characters; at most ${MAX_DESCRIPTION_LENGTH} (shorten it, or set strip-metadata.longDescriptions to "truncate")`,
    );
  }
  checkKeys(workflow, ALLOWED_KEYS.root, 'workflow', base, report, ['id']);
  const trigger = workflow['trigger'];
  if (!isObject(trigger))
    report('workflow-shape', 'error', `${base}/trigger`, 'a workflow needs a trigger object');
  if (!Array.isArray(workflow['steps']))
    report('workflow-shape', 'error', `${base}/steps`, 'a workflow needs a steps array');
  if (isObject(trigger)) {
    checkKeys(trigger, ALLOWED_KEYS.trigger, 'trigger', `${base}/trigger`, report);
    if (trigger['callable'] !== true && typeof trigger['eventName'] !== 'string') {
      report(
        'workflow-shape',
        'error',
        `${base}/trigger/eventName`,
        'a trigger needs an eventName (or callable: true)',
      );
    }
  }
}

/** A step's error cases: objects with allowed keys, a well-formed condition and a known errorAction type. */
function checkErrorCases(step: JsonObject, at: string, report: Report): void {
  if (!Array.isArray(step['errorCases'])) return;
  step['errorCases'].forEach((ec, j) => {
    const ecAt = `${at}/errorCases/${j}`;
    if (!isObject(ec))
      return report('condition-shape', 'error', ecAt, 'an error case must be an object');
    checkKeys(ec, ALLOWED_KEYS.errorCase, 'error case', ecAt, report);
    if (ec['condition'] !== undefined) checkCondition(ec['condition'], `${ecAt}/condition`, report);
    const action = ec['errorAction'];
    if (
      !isObject(action) ||
      typeof action['type'] !== 'string' ||
      !ERROR_ACTION_TYPES.has(action['type'])
    ) {
      report(
        'condition-shape',
        'error',
        `${ecAt}/errorAction`,
        `errorAction.type must be one of ${[...ERROR_ACTION_TYPES].join(', ')}`,
      );
    }
  });
}

/** Every step: an object with allowed keys and a unique id (`1` is the trigger's); returns the ids and the objects. */
function checkSteps(
  steps: readonly Json[],
  base: string,
  report: Report,
): { ids: Set<string>; stepObjects: JsonObject[] } {
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
    if (typeof id !== 'string' || id === '')
      report('workflow-shape', 'error', `${at}/id`, 'a step needs a string id');
    else if (ids.has(id))
      report(
        'step-id-unique',
        'error',
        `${at}/id`,
        id === '1' ? 'step id "1" is reserved for the trigger' : `step id "${id}" is used twice`,
      );
    else ids.add(id);
    checkErrorCases(step, at, report);
  });
  return { ids, stepObjects };
}

/** Every transition of the trigger and the steps: an object with allowed keys, a target step, a valid condition. */
function checkTransitions(
  nodes: readonly [JsonObject, string][],
  ids: ReadonlySet<string>,
  report: Report,
): void {
  for (const [node, at] of nodes) {
    const transitions = node['transitions'];
    if (transitions === undefined) continue;
    if (!Array.isArray(transitions)) {
      report('workflow-shape', 'error', `${at}/transitions`, 'transitions must be an array');
      continue;
    }
    transitions.forEach((t, j) => {
      const tAt = `${at}/transitions/${j}`;
      if (!isObject(t))
        return report('workflow-shape', 'error', tAt, 'a transition must be an object');
      checkKeys(t, ALLOWED_KEYS.transition, 'transition', tAt, report);
      if (typeof t['target'] !== 'string' || !ids.has(t['target']) || t['target'] === '1') {
        report(
          'transition-target',
          'error',
          `${tAt}/target`,
          `transition target ${JSON.stringify(t['target'] ?? null)} is not a step of this workflow`,
        );
      }
      if (t['condition'] !== undefined) checkCondition(t['condition'], `${tAt}/condition`, report);
    });
  }
}

/** The flow from the trigger: a loop is an error, a step never reached a warning. */
function checkFlow(
  trigger: JsonObject,
  steps: readonly Json[],
  stepObjects: JsonObject[],
  base: string,
  report: Report,
): void {
  const { reachable, cycle } = graph(trigger, stepObjects);
  if (cycle)
    report(
      'transition-cycle',
      'error',
      `${base}/steps`,
      `transitions loop: ${cycle.join(' -> ')} (Kustomer refuses looping workflows)`,
    );
  steps.forEach((s, i) => {
    if (isObject(s) && typeof s['id'] === 'string' && !reachable.has(s['id'])) {
      report(
        'unreachable-step',
        'warning',
        `${base}/steps/${i}`,
        `step "${s['id']}" is never reached from the trigger`,
      );
    }
  });
}

/** Every structural rule and every string rule over one workflow. */
export function validateWorkflow(
  workflow: Json,
  base: string,
  facts: BlockFacts,
  report: Report,
): void {
  if (!isObject(workflow)) {
    report('workflow-shape', 'error', base, 'a workflow must be an object');
    return;
  }
  checkRoot(workflow, base, report);
  const trigger = workflow['trigger'];
  const steps = Array.isArray(workflow['steps']) ? workflow['steps'] : [];
  const { ids, stepObjects } = checkSteps(steps, base, report);
  const nodes: [JsonObject, string][] = [];
  if (isObject(trigger)) nodes.push([trigger, `${base}/trigger`]);
  steps.forEach((s, i) => isObject(s) && nodes.push([s, `${base}/steps/${i}`]));
  checkTransitions(nodes, ids, report);
  if (isObject(trigger)) checkFlow(trigger, steps, stepObjects, base, report);
  // One walk over every string, every string rule in it (see string-rules.ts).
  // The pointer is built only for a string that has a problem (most have none), from the live walker path.
  runStringRules(workflow, base, { facts, stepIds: ids }, report);
}
