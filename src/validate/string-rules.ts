// The rules that look at strings, as units: each declares the substrings it needs (its needles) and a check. One walk
// runs them all; the prefilter that skips most strings is built from the needles, so it can never drift from the rules.
import { type Json, type Path, isObject, toPointer } from '../core/json';
import {
  EMAIL,
  HEX24_EXACT,
  HEX24_IN_TEXT,
  ORG_HOST,
  STORE_DOMAIN,
  TENANT_PARAM,
  HOOK_EVENT_ANYWHERE,
  NAMESPACED_KEYS,
  SETTING_ANY_REF,
  STEP_REF,
  VARIABLE_PATH,
  VARIABLE_REF,
  WORKFLOW_CALL,
  ORG_NAMESPACE_ANY,
  isWorkflowIdParam,
} from '../core/kustomer';
import { escapeRegExp } from '../core/app-names';
import { base64Note, credentialContext, maskedForms, readCredentials } from '../core/credentials';
import { type StringPart, readString } from '../core/string-reading';
import { visitStrings } from '../core/walk';
import type { BlockFacts, Report } from './rule-context';
import { matchesOf } from '../core/matches';
import { camel, idNameFromPath, type Proposal } from '../core/proposal';

export interface StringRuleContext {
  facts: BlockFacts;
  /** Step ids of the workflow (and `1`, the trigger). */
  stepIds: ReadonlySet<string>;
  /** The string's path inside the workflow (live: do not keep it). */
  path: Path;
  /** The pointer of the string in the document; built on demand, since most strings have no problem. */
  at(): string;
  report: Report;
  /** The string's one reading (its layers), made on first use and shared by every rule that needs it. */
  parts?: () => readonly StringPart[];
  /** The action of the step the string belongs to, when it belongs to one: it names an org id's setting. */
  action?: () => string | undefined;
}

/** The key an id sits under inside the text: a JSON key in a body (`"queue": "…id"`) or a query parameter (`queue=id`). */
function keyInText(text: string, id: string): string | undefined {
  const at = text.indexOf(id);
  if (at < 0) return undefined;
  const before = text.slice(Math.max(0, at - 200), at);
  return (
    /"([A-Za-z][A-Za-z0-9_-]{0,40})"\s*:\s*"[^"]*$/.exec(before)?.[1] ??
    /[?&]([A-Za-z][A-Za-z0-9_-]{0,40})=$/.exec(before)?.[1]
  );
}

/** The setting an org id in this string would become: named from where it sits. */
function idProposal(
  id: string,
  ctx: Pick<StringRuleContext, 'path' | 'action'>,
  text = id,
): Proposal {
  const key = keyInText(text, id);
  const name = idNameFromPath(key !== undefined ? [...ctx.path, key] : ctx.path, ctx.action?.());
  const description = 'Id of this item in your Kustomer org';
  return { kind: 'value', match: id, category: 'ids', name, description, orgValue: true };
}

/** An org value (a host, a store, a tenant, a person's address) as a setting without the source org's value. */
function orgValue(match: string, name: string, description: string): Proposal[] {
  return [{ kind: 'value', match, category: 'default', name, description, orgValue: true }];
}

export interface StringRule {
  /** Substrings the rule needs; a string containing none of them is skipped. Absent: the rule sees every string. */
  readonly needles?: readonly string[];
  check(value: string, ctx: StringRuleContext): void;
}

/** Rules that decide by the key, the length or their own fast test, and so see every string. */
const ALWAYS: readonly StringRule[] = [
  {
    // org-namespace
    check(value, ctx) {
      const key = ctx.path[ctx.path.length - 1];
      if (key === undefined || !NAMESPACED_KEYS.has(key)) return;
      ORG_NAMESPACE_ANY.lastIndex = 0;
      const found = ORG_NAMESPACE_ANY.exec(value);
      // Named (`billing_5f0e…`), so the user can add it to denamespace.namespaces without opening the file.
      if (found) {
        const namespace = found[0].replace(/^kustomer\.app\./, '');
        ctx.report(
          'org-namespace',
          'error',
          ctx.at(),
          `private-app namespace <app>_<orgId> left in the workflow: ${namespace} (denamespace rewrites it)`,
          [{ kind: 'namespace', namespace: found[1] as string }],
        );
      }
    },
  },
  {
    // workflow-call (scheduler params) and hex-id
    check(value, ctx) {
      const { path, facts } = ctx;
      const key = path[path.length - 1];
      if (isWorkflowIdParam(key ?? '', path[path.length - 2])) {
        if (!facts.workflowIds.has(value))
          ctx.report(
            'workflow-call',
            'error',
            ctx.at(),
            `schedules workflow ${value}, which no workflow of this block has as its id`,
          );
      } else if (
        value.length === 24 &&
        HEX24_EXACT.test(value) &&
        !(path.length === 1 && key === 'id') &&
        key !== '_id' &&
        !facts.declaredValues.has(value)
      ) {
        // `_id` is already a server-field error; a root `id` is how calls find the workflow.
        ctx.report(
          'hex-id',
          'warning',
          ctx.at(),
          `the 24-hex id ${value} (queue, team, user, tag?) differs per org; make it a setting (app-settings.values) if it is not the same everywhere`,
          [idProposal(value, ctx)],
        );
      } else if (value.length > 24) checkIdsInText(value, ctx);
    },
  },
  {
    // secret-literal: one matcher for every declared secret (a single pass, whatever their number).
    check(value, ctx) {
      if (ctx.facts.secrets.has(value) || inUncoveredLayer(value, ctx.facts.secrets, ctx.parts))
        ctx.report('secret-literal', 'error', ctx.at(), 'contains a value declared secret');
    },
  },
  {
    // credential: over the string's one reading; the detectors' prefilter is derived from the credential rules themselves.
    check(value, ctx) {
      checkCredential(value, ctx.path, ctx);
    },
  },
];

/**
 * Layers a secret's output forms (escaped, percent-encoded) cannot stand for: a declared secret or a credential of the
 * exports is looked for in their decoded text too.
 */
const UNCOVERED: ReadonlySet<string> = new Set(['base64', 'html', 'handlebars']);

/** Whether `matcher` finds something in a layer of `value` that its output forms do not cover (see UNCOVERED). */
export function inUncoveredLayer(
  value: string,
  matcher: { has(text: string): boolean; readonly size: number },
  parts: (() => readonly StringPart[]) | undefined,
): boolean {
  if (parts === undefined || matcher.size === 0 || value.length < 6) return false;
  // The string's one reading (a plain string's is itself alone): only its decoded layers are looked at.
  for (const part of parts()) if (UNCOVERED.has(part.layer) && matcher.has(part.text)) return true;
  return false;
}

/**
 * Reports a credential in a string (by kind, never by value) and hands the value, decoded and as written, to the run's
 * masking; a placeholder where a credential goes is a warning; a credential the detectors found in the exports is an
 * error wherever it still is, whatever rewrite came before (a host made a setting must not hide a webhook's secret).
 */
export function checkCredential(
  value: string,
  path: Path,
  ctx: Pick<StringRuleContext, 'at' | 'report' | 'facts' | 'parts'>,
): void {
  const { credentials, placeholders } = readCredentials(value, credentialContext(path), ctx.parts);
  if (ctx.facts.onCredential)
    for (const f of credentials) maskedForms(f).forEach(ctx.facts.onCredential);
  if (credentials.length > 0) {
    const inBase64 = credentials.find((f) => f.encoding === 'base64');
    const kinds =
      [...new Set(credentials.map((f) => f.rule))].join(', ') + (inBase64 ? ', inside base64' : '');
    ctx.report(
      'credential',
      'error',
      ctx.at(),
      `looks like a credential (${kinds}); make it a secret setting (app-settings credentials, or type "secret")`,
      [...new Set(credentials.map((f) => f.rule))].map((kind) => ({
        kind: 'credential',
        credentialKind: kind,
        name: camel(kind) || 'apiToken',
        description: `Credential for the API the workflows call; set it after installing the app${base64Note(inBase64 ?? {})}`,
      })),
    );
  } else if (
    ctx.facts.exportCredentials !== undefined &&
    (ctx.facts.exportCredentials.has(value) ||
      inUncoveredLayer(value, ctx.facts.exportCredentials, ctx.parts))
  ) {
    ctx.report(
      'credential',
      'error',
      ctx.at(),
      'still holds (part of) a credential found in the exports; an earlier rewrite changed its surroundings, so make the whole credential a secret setting',
    );
  }
  if (placeholders.length > 0) {
    ctx.report(
      'placeholder-credential',
      'warning',
      ctx.at(),
      `holds a placeholder where a credential goes (${placeholders
        .map((p) => JSON.stringify(p.value.length > 40 ? p.value.slice(0, 37) + '...' : p.value))
        .join(', ')}); installers cannot change it: make it a secret setting`,
    );
  }
}

/** Places where a 24-hex run is a reference other rules judge: calls the platform rewrites, hooks, variables, namespaces. */
const JUDGED_ELSEWHERE = /kustomer\.workflow\.$|kustomer\.hooks\.[a-z]+\.$|variables\.$|_$/;

/** Ids inside text: a workflow id of the batch there is an error (only calls are rewritten at install); others warn. */
function checkIdsInText(value: string, ctx: StringRuleContext): void {
  HEX24_IN_TEXT.lastIndex = 0;
  for (let m = HEX24_IN_TEXT.exec(value); m !== null; m = HEX24_IN_TEXT.exec(value)) {
    const id = m[0];
    if (
      JUDGED_ELSEWHERE.test(value.slice(Math.max(0, m.index - 24), m.index)) ||
      ctx.facts.declaredValues.has(id)
    )
      continue;
    if (ctx.facts.workflowIds.has(id)) {
      ctx.report(
        'workflow-id-in-text',
        'error',
        ctx.at(),
        `names workflow ${id} of this batch inside text; only kustomer.workflow.<id>.call references and scheduler workflowId params are rewritten at install, so this would still name the source org's workflow`,
      );
    } else {
      ctx.report(
        'hex-id',
        'warning',
        ctx.at(),
        `contains the 24-hex id ${id} (queue, team, user, workflow?), which differs per org; make it a setting if it is not the same everywhere`,
        [idProposal(id, ctx, value)],
      );
    }
  }
}

/** The source org's data in text (hosts, store domains, tenants, people): checked in workflows and in every text admins read. */
const ORG_DATA: readonly StringRule[] = [
  {
    needles: ['kustomerapp.com'],
    check(value, ctx) {
      const m = ORG_HOST.exec(value);
      if (m)
        ctx.report(
          'org-host',
          'error',
          ctx.at(),
          `names the Kustomer org host ${m[0]}, which is the source org's; make the org name a setting`,
          orgValue(m[0], 'kustomerHost', "Your Kustomer org's host name"),
        );
    },
  },
  {
    needles: ['.myshopify.com', '.mybigcommerce.com'],
    check(value, ctx) {
      const m = STORE_DOMAIN.exec(value);
      if (m)
        ctx.report(
          'org-store-domain',
          'error',
          ctx.at(),
          `names the store domain ${m[0]}, one merchant's; make the store a setting`,
          orgValue(m[0], 'storeDomain', 'Your store domain'),
        );
    },
  },
  {
    needles: ['tenant='],
    check(value, ctx) {
      const tenant = TENANT_PARAM.exec(value)?.[0].replace(/^[?&]tenant=/i, '');
      if (tenant !== undefined)
        ctx.report(
          'org-tenant',
          'error',
          ctx.at(),
          "names a tenant in a query string (?tenant=…), the source org's; make it a setting",
          orgValue(tenant, 'tenant', 'Your tenant in the partner API'),
        );
    },
  },
  {
    needles: ['@'],
    check(value, ctx) {
      // Outside templates: `{{customer.email}}` is the installer's data, not the source org's.
      const email = EMAIL.exec(
        value.includes('{{') ? value.replace(/\{\{[^}]*\}\}/g, ' ') : value,
      )?.[0];
      if (email !== undefined)
        ctx.report(
          'email-address',
          'warning',
          ctx.at(),
          'holds an e-mail address, likely a person of the source org; make it a setting if it differs per org',
          orgValue(email, 'contactEmail', 'An e-mail address the workflows use'),
        );
    },
  },
];

/** Layers that decode something: what a rule misses in the text as written it may find there (`%3Ftenant%3D`, `\u0040`). */
const DECODING = new Set(['percent', 'unescaped', 'handlebars', 'pair', 'html']);

/**
 * Runs the org-data rules on one string, as written and, until a rule reports, on each decoded layer of it: one finding
 * per rule per string. Used in workflows and on every text outside them (settings, hooks, triggers, i18n).
 */
export function checkOrgData(value: string, ctx: StringRuleContext): void {
  let reported: boolean;
  // One wrapper per string, not per rule: it notes that the rule running now has reported.
  const layered: StringRuleContext = {
    ...ctx,
    report: (...args) => {
      reported = true;
      ctx.report(...args);
    },
  };
  for (let i = 0; i < ORG_DATA.length; i++) {
    const rule = ORG_DATA[i] as StringRule;
    const needles = rule.needles ?? [];
    reported = false;
    if (mentions(value, needles)) rule.check(value, layered);
    if (reported || !ctx.parts) continue;
    for (const part of ctx.parts()) {
      if (part.root || !DECODING.has(part.layer) || !mentions(part.text, needles)) continue;
      rule.check(part.text, layered);
      if (reported) break;
    }
  }
}

/** Rules that only matter when the string mentions their needle. */
const NEEDLED: readonly StringRule[] = [
  {
    needles: ['steps.'],
    check(value, ctx) {
      for (const m of matchesOf(STEP_REF, value)) {
        const ref = m[1] as string;
        if (!ctx.stepIds.has(ref))
          ctx.report(
            'step-reference',
            'error',
            ctx.at(),
            `refers to step "${ref}", which this workflow does not have`,
          );
      }
    },
  },
  {
    needles: ['kustomer.hooks.'],
    check(value, ctx) {
      const event = HOOK_EVENT_ANYWHERE.exec(value)?.[0];
      if (event !== undefined)
        ctx.report(
          'org-hook-event',
          'error',
          ctx.at(),
          `org inbound-hook event left in the workflow: ${event} (map it in swap-hook-events.events)`,
        );
    },
  },
  {
    needles: ['variables.'],
    check(value, ctx) {
      const ids = matchesOf(VARIABLE_REF, value)
        .map((m) => m[1])
        .concat(matchesOf(VARIABLE_PATH, value).map((m) => m[2]));
      if (ids.length > 0) {
        ctx.report(
          'workflow-variable',
          'error',
          ctx.at(),
          `org workflow variable ${[...new Set(ids)].join(', ')} left in the workflow (map it in app-settings.variables)`,
          [...new Set(ids)].map((id) => ({
            kind: 'variable',
            id: id as string,
            name: idNameFromPath(ctx.path).replace(/Id$/, '') || 'value',
            description: 'A value the workflows use',
          })),
        );
      }
    },
  },
  {
    needles: ['kustomer.workflow.'],
    check(value, ctx) {
      for (const m of matchesOf(WORKFLOW_CALL, value)) {
        if (!ctx.facts.workflowIds.has(m[1] as string))
          ctx.report(
            'workflow-call',
            'error',
            ctx.at(),
            `calls workflow ${m[1]}, which no workflow of this block has as its id`,
          );
      }
    },
  },
  {
    needles: ['settings.'],
    check(value, ctx) {
      const declared = ctx.facts.settingsDeclared;
      if (!declared) return;
      for (const m of matchesOf(SETTING_ANY_REF, value)) {
        const setting = m[1] !== undefined ? `${m[1]}.${m[2]}` : `${m[3]}.${m[4]}`;
        if (!declared.has(setting))
          ctx.report(
            'undeclared-setting',
            'error',
            ctx.at(),
            `uses setting ${setting}, which "settings" does not declare`,
          );
      }
    },
  },
];

/** Every string rule, in the order they run. */
export const STRING_RULES: readonly StringRule[] = [...ALWAYS, ...NEEDLED, ...ORG_DATA];

/** One scan that tells whether any needled rule can apply: the union of every needle. */
export const NEEDLE_PREFILTER = new RegExp(
  NEEDLED.flatMap((r) => r.needles ?? [])
    .map(escapeRegExp)
    .join('|'),
);

/** A string that may carry an encoded layer: org-data rules then look through it too. */
const ENCODED = String.raw`%[0-9A-Fa-f]{2}|\\|\{\{!|=`;

/** Whether the org-data rules can apply: one of their needles, or an encoded layer that may hide one (one scan). */
export const ORG_OR_ENCODED = new RegExp(
  ORG_DATA.flatMap((r) => r.needles ?? [])
    .map(escapeRegExp)
    .concat(ENCODED)
    .join('|'),
);

/** Runs every string rule over every string of `workflow` in one walk. */
export function runStringRules(
  workflow: Json,
  base: string,
  scope: { facts: BlockFacts; stepIds: ReadonlySet<string> },
  report: Report,
): void {
  let here: Path = [];
  let current = '';
  let parts: readonly StringPart[] | undefined;
  const partsOf = (): readonly StringPart[] => {
    if (parts === undefined) {
      const key = here[here.length - 1];
      parts = readString(current, typeof key === 'string' ? key : undefined);
    }
    return parts;
  };
  const steps = isObject(workflow) && Array.isArray(workflow['steps']) ? workflow['steps'] : [];
  const action = (): string | undefined => {
    const step = here[0] === 'steps' && typeof here[1] === 'number' ? steps[here[1]] : undefined;
    return isObject(step) && typeof step['action'] === 'string' ? step['action'] : undefined;
  };
  const ctx: StringRuleContext = {
    ...scope,
    path: here,
    at: () => base + toPointer(here),
    report,
    parts: partsOf,
    action,
  };
  visitStrings(workflow, (value, path) => {
    here = path;
    ctx.path = path;
    current = value;
    parts = undefined;
    // Indexed loops, no closures: this runs for every string of every workflow.
    for (let i = 0; i < ALWAYS.length; i++) (ALWAYS[i] as StringRule).check(value, ctx);
    // The org-data rules look through encoded layers, so their own needles decide.
    if (ORG_OR_ENCODED.test(value)) checkOrgData(value, ctx);
    // One scan rules out the rest for the ~85% of strings that mention none of the needles.
    if (!NEEDLE_PREFILTER.test(value)) return;
    for (let i = 0; i < NEEDLED.length; i++) {
      const rule = NEEDLED[i] as StringRule;
      if (mentions(value, rule.needles as readonly string[])) rule.check(value, ctx);
    }
  });
}

/** Whether `value` holds one of `needles` (a loop, not `some` with a callback: it runs per string). */
function mentions(value: string, needles: readonly string[]): boolean {
  for (let i = 0; i < needles.length; i++) if (value.includes(needles[i] as string)) return true;
  return false;
}
