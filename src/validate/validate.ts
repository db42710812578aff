// Validates a whole document (app definition, workflows block, or plain workflows): block-level rules plus every workflow.
import { type Json, type JsonObject, isObject, toPointer } from '../core/json';
import {
  HEX24_IN_TEXT,
  APP_DEFINITION_KEYS,
  APP_NAME_RULE,
  APP_REQUIRED_KEYS,
  VERSION_RULE,
  isAppName,
  isSemver,
} from '../core/kustomer';
import { recognise } from '../core/input-shapes';
import type { Problem } from '../core/transform';
import type { RuleCode } from './rules';
import { SecretMatcher } from '../core/secret-matcher';
import { Redactor, messageMasker } from '../core/secrets';
import { visitStrings } from '../core/walk';
import { type StringPart, readString } from '../core/string-reading';
import { checkCredential, checkOrgData, inUncoveredLayer } from './string-rules';
import { validateWorkflow } from './workflow-rules';
import type { BlockFacts, Report } from './rule-context';

export interface ValidateOptions {
  allowAppKeys?: readonly string[];
  /** Per-code severity override; `off` drops the rule. */
  rules?: Readonly<Record<string, 'off' | 'warning' | 'error'>>;
  /** Literals declared secret in this run: a list, or a matcher built once for many documents. */
  secrets?: readonly string[] | SecretMatcher;
  /** Hears each credential value found, so the caller can mask it in everything it prints. */
  onCredential?: (value: string) => void;
  /** Credentials found in the exports (any output form): one still in the document is an error, whatever surrounds it. */
  exportCredentials?: SecretMatcher;
  /** Workflow ids that exist outside this document (the rest of an --out-dir batch): calls to them are not dangling. */
  knownWorkflowIds?: Iterable<string>;
}

function settingsDeclared(settings: Json | undefined): { names: Set<string>; values: Set<string> } {
  const names = new Set<string>();
  const values = new Set<string>();
  if (isObject(settings)) {
    for (const [category, entries] of Object.entries(settings)) {
      if (!isObject(entries)) continue;
      for (const [name, decl] of Object.entries(entries)) {
        names.add(`${category}.${name}`);
        if (isObject(decl) && typeof decl['defaultValue'] === 'string')
          values.add(decl['defaultValue']);
      }
    }
  }
  return { names, values };
}

function eventNames(list: Json | undefined): Map<string, number> {
  const out = new Map<string, number>();
  if (Array.isArray(list))
    list.forEach(
      (e, i) => isObject(e) && typeof e['eventName'] === 'string' && out.set(e['eventName'], i),
    );
  return out;
}

/** Root `id`s of workflows (callable workflows keep theirs). */
export function workflowIdsOf(workflows: readonly Json[]): string[] {
  return workflows.flatMap((w) => (isObject(w) && typeof w['id'] === 'string' ? [w['id']] : []));
}

/** The raw posted body, as a workflow reads it from its trigger step: what an output template replaces. */
const POSTED_BODY = /steps\.1\.attributes\b/;

/**
 * A workflow on an event whose trigger declares an `outputTemplate` reads the template's output, not the posted body
 * (reference section 7): paths into the raw body would silently read nothing once installed.
 */
function checkOutputTemplates(container: JsonObject, report: Report): void {
  const triggers = Array.isArray(container['triggers']) ? container['triggers'] : [];
  const templated = new Set(
    triggers.flatMap((t) =>
      isObject(t) && typeof t['eventName'] === 'string' && t['outputTemplate'] !== undefined
        ? [t['eventName']]
        : [],
    ),
  );
  if (templated.size === 0 || !Array.isArray(container['workflows'])) return;
  container['workflows'].forEach((workflow, i) => {
    const trigger = isObject(workflow) ? workflow['trigger'] : undefined;
    const event =
      isObject(trigger) && typeof trigger['eventName'] === 'string'
        ? trigger['eventName']
        : undefined;
    if (event === undefined || !templated.has(event)) return;
    visitStrings(workflow, (value, path) => {
      if (POSTED_BODY.test(value)) {
        report(
          'output-template',
          'error',
          `/workflows/${i}${toPointer(path)}`,
          `reads the posted body (steps.1.attributes…), but the trigger for ${event} has an outputTemplate, so the workflow receives the template's output instead; rewrite the path for the template's shape or drop the template`,
        );
      }
    });
  });
}

/** Every declared setting needs its en_us display name (reference section 7), under the app's name when it is known. */
function checkSettingsI18n(container: JsonObject, report: Report): void {
  const settings = container['settings'];
  if (!isObject(settings)) return;
  const i18n = container['i18n'];
  const strings = isObject(i18n) && isObject(i18n['en_us']) ? i18n['en_us'] : {};
  const keys = Object.keys(strings);
  const app = typeof container['app'] === 'string' ? container['app'] : undefined;
  for (const category of Object.keys(settings)) {
    const entries = settings[category];
    if (!isObject(entries)) continue;
    for (const name of Object.keys(entries)) {
      const suffix = `.settings.path.${category}.${name}.displayName`;
      const found =
        app !== undefined ? keys.includes(`${app}${suffix}`) : keys.some((k) => k.endsWith(suffix));
      if (!found) {
        report(
          'settings-i18n',
          'warning',
          `/settings/${category}/${name}`,
          `setting ${category}.${name} has no i18n.en_us display name (${app ?? '<app>'}${suffix}); kwt transform writes one`,
        );
      }
    }
  }
}

/** The parts of an app definition that kwt writes and admins read: checked for the source org's data like workflows. */
const ORG_TEXT_KEYS: ReadonlySet<string> = new Set(['settings', 'hooks', 'triggers', 'i18n']);
const NO_STEPS: ReadonlySet<string> = new Set();

/** The secret and credential rules over every string of an app definition or block outside its workflows. */
function checkContainerTexts(container: JsonObject, facts: BlockFacts, report: Report): void {
  for (const key of Object.keys(container)) {
    if (key === 'workflows') continue;
    visitStrings(container[key] as Json, (value, path) => {
      const at = (): string => `/${key}${toPointer(path)}`;
      let read: readonly StringPart[] | undefined;
      const last = path[path.length - 1];
      const parts = (): readonly StringPart[] =>
        (read ??= readString(value, typeof last === 'string' ? last : undefined));
      if (facts.secrets.has(value) || inUncoveredLayer(value, facts.secrets, parts))
        report('secret-literal', 'error', at(), 'contains a value declared secret');
      // Texts admins read (descriptions, labels): the source org's hosts, people and ids do not belong there.
      if (ORG_TEXT_KEYS.has(key) && path[path.length - 1] !== 'defaultValue') {
        checkOrgData(value, { facts, stepIds: NO_STEPS, path, at, report, parts });
        HEX24_IN_TEXT.lastIndex = 0;
        const id = HEX24_IN_TEXT.exec(value);
        if (id && key !== 'i18n')
          report(
            'hex-id',
            'warning',
            at(),
            `contains the 24-hex id ${id[0]}, which differs per org`,
          );
      }
      // A secret setting's own declaration (type, description) is not a credential; its default must be empty.
      checkCredential(value, path, { at, report, facts, parts });
    });
  }
}

/** The workflows of a document (in a block or an app, or the exports themselves), and the container when there is one. */
function workflowsOf(
  doc: Json,
  file: string,
  report: Report,
): { workflows: { workflow: Json; base: string }[]; container?: JsonObject; isApp: boolean } {
  const isApp = isObject(doc) && ('app' in doc || 'title' in doc) && !Array.isArray(doc['data']);
  if (isObject(doc) && (isApp || Array.isArray(doc['workflows']))) {
    const list = Array.isArray(doc['workflows']) ? doc['workflows'] : [];
    if (doc['workflows'] !== undefined && !Array.isArray(doc['workflows']))
      report('app-shape', 'error', '/workflows', '"workflows" must be an array');
    return {
      workflows: list.map((w, i) => ({ workflow: w, base: `/workflows/${i}` })),
      container: doc,
      isApp,
    };
  }
  // Plain exports: recognise() throws a plain message for shapes that are not workflows at all.
  const parsed = recognise(doc, file, 'workflow');
  // An API resource is validated unwrapped; its fields live under /attributes in the file.
  const workflows = parsed.items.map((item) => ({
    workflow: item.workflow,
    base: item.shape === 'api-resource' ? `${item.pointer}/attributes` : item.pointer,
  }));
  return { workflows, isApp };
}

/** An app definition's own keys: the required ones, none Kustomer refuses, a valid app name and version. */
function checkAppKeys(
  container: JsonObject,
  allowAppKeys: readonly string[],
  report: Report,
): void {
  for (const key of APP_REQUIRED_KEYS)
    if (!(key in container))
      report('app-required-key', 'error', '', `an app definition needs "${key}"`);
  const allowed = new Set([...APP_DEFINITION_KEYS, ...allowAppKeys]);
  for (const key of Object.keys(container)) {
    if (!allowed.has(key))
      report(
        'app-unknown-key',
        'error',
        `/${key}`,
        `"${key}" is not an app definition key; Kustomer refuses the whole definition (validate.allowAppKeys accepts new ones)`,
      );
  }
  if (typeof container['app'] === 'string' && !isAppName(container['app']))
    report('app-name', 'error', '/app', APP_NAME_RULE(container['app']));
  if (typeof container['version'] === 'string' && !isSemver(container['version']))
    report('app-version', 'error', '/version', VERSION_RULE(container['version']));
}

/** Each hook needs its trigger (same eventName); a trigger without a hook is only worth a warning. */
function checkHookTriggerPairs(container: JsonObject, report: Report): void {
  const hooks = eventNames(container['hooks']);
  const triggers = eventNames(container['triggers']);
  for (const [name, i] of hooks) {
    if (!triggers.has(name))
      report(
        'hook-trigger-pair',
        'error',
        `/hooks/${i}`,
        `hook ${name} has no trigger with the same eventName`,
      );
  }
  // A trigger may describe an event that is not a hook, so a lone trigger is only worth a warning.
  for (const [name, i] of triggers) {
    if (!hooks.has(name))
      report(
        'hook-trigger-pair',
        'warning',
        `/triggers/${i}`,
        `trigger ${name} has no hook with the same eventName`,
      );
  }
}

/** Two workflows of one document with one name, or one id: Kustomer keeps one of each. */
function checkUniqueWorkflows(
  workflows: readonly { workflow: Json; base: string }[],
  report: Report,
): void {
  const seenNames = new Map<string, string>();
  const seenIds = new Map<string, string>();
  for (const { workflow, base } of workflows) {
    if (!isObject(workflow)) continue;
    const name = workflow['name'];
    if (typeof name === 'string') {
      const first = seenNames.get(name);
      if (first !== undefined)
        report(
          'name-unique',
          'error',
          `${base}/name`,
          `name "${name}" is also the name of ${first}`,
        );
      else seenNames.set(name, base || '/');
    }
    const id = workflow['id'];
    if (typeof id === 'string') {
      const first = seenIds.get(id);
      const shown = typeof name === 'string' ? `"${name}"` : base || '/';
      if (first !== undefined)
        report(
          'duplicate-workflow-id',
          'error',
          `${base}/id`,
          `id "${id}" of ${shown} is also the id of ${first}: Kustomer requires workflow ids unique within the app`,
        );
      else seenIds.set(id, shown);
    }
  }
}

/** Every rule over one document: its workflows, and for a block or an app every text it ships. */
export function validateDocument(
  doc: Json,
  file: string,
  options: ValidateOptions = {},
): Problem[] {
  // Every credential found here masks every message made here: a finding never holds a secret, on any channel.
  const masking = new Redactor();
  const problems = validateUnmasked(doc, file, {
    ...options,
    onCredential: (value) => {
      masking.add(value);
      options.onCredential?.(value);
    },
  });
  return problems.map(messageMasker<Problem>(masking));
}

/**
 * validateDocument without masking its messages, for a caller that masks every message of its run itself with every
 * credential `onCredential` hears (the transform plan does, once per distinct message).
 */
export function validateUnmasked(
  doc: Json,
  file: string,
  options: ValidateOptions = {},
): Problem[] {
  const problems: Problem[] = [];
  const report: Report = (code: RuleCode, severity, pointer, message, proposals) => {
    const override = options.rules?.[code];
    if (override === 'off') return;
    const fix = proposals !== undefined && proposals.length > 0 ? { proposals } : {};
    problems.push({ code, severity: override ?? severity, file, pointer, message, ...fix });
  };
  const { workflows, container, isApp } = workflowsOf(doc, file, report);
  if (container && isApp) checkAppKeys(container, options.allowAppKeys ?? [], report);
  if (container) checkHookTriggerPairs(container, report);
  const declared = settingsDeclared(container?.['settings']);
  const facts: BlockFacts = {
    workflowIds: new Set([
      ...workflowIdsOf(workflows.map((w) => w.workflow)),
      ...(options.knownWorkflowIds ?? []),
    ]),
    secrets:
      options.secrets instanceof SecretMatcher
        ? options.secrets
        : new SecretMatcher(options.secrets ?? []),
    ...(options.onCredential ? { onCredential: options.onCredential } : {}),
    ...(options.exportCredentials ? { exportCredentials: options.exportCredentials } : {}),
    declaredValues: declared.values,
    // Only a container declares settings; a plain workflow is not checked for them.
    ...(container ? { settingsDeclared: declared.names } : {}),
  };
  if (container) {
    checkSettingsI18n(container, report);
    checkOutputTemplates(container, report);
    // Every other text of the document ships too (setting defaults, hook and trigger descriptions, i18n): no secret there.
    checkContainerTexts(container, facts, report);
  }
  for (const { workflow, base } of workflows) validateWorkflow(workflow, base, facts, report);
  checkUniqueWorkflows(workflows, report);
  if (container) checkUniqueEventNames(container, report);
  // Deduplicate identical findings (one string can repeat a reference).
  const seen = new Set<string>();
  return problems.filter((p) => {
    const k = `${p.code}|${p.pointer}|${p.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** Hooks and triggers are each keyed by `eventName` in an app: two of one kind with the same name is one too many. */
function checkUniqueEventNames(container: JsonObject, report: Report): void {
  for (const key of ['hooks', 'triggers']) {
    const list = container[key];
    if (!Array.isArray(list)) continue;
    const seen = new Map<string, number>();
    list.forEach((item, i) => {
      const name = isObject(item) ? item['eventName'] : undefined;
      if (typeof name !== 'string') return;
      const first = seen.get(name);
      if (first !== undefined)
        report(
          'duplicate-event-name',
          'error',
          `/${key}/${i}/eventName`,
          `${key.slice(0, -1)} eventName "${name}" is also the eventName of /${key}/${first}`,
        );
      else seen.set(name, i);
    });
  }
}
