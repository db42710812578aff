// Kustomer domain facts as data: key sets per level, condition ops, and the patterns of org-specific values.
import valid = require('semver/functions/valid');
import { UNSAFE_KEYS } from './json';

/** Keys an app workflow may carry, per level (reference sections 3 and 5). Root `id` only when referenced. */
export const ALLOWED_KEYS = {
  root: ['name', 'description', 'meta', 'trigger', 'steps', 'response'],
  trigger: ['id', 'eventName', 'transitions', 'appVersion', 'meta', 'callable', 'schema'],
  step: ['id', 'action', 'params', 'transitions', 'errorCases', 'appVersion', 'meta'],
  transition: ['target', 'condition', 'meta'],
  condition: ['op', 'values'],
  errorCase: ['condition', 'errorAction'],
} as const;

/** Fields the server adds to a workflow (root) that an app must not carry. */
export const SERVER_FIELDS: ReadonlySet<string> = new Set([
  'rev',
  'createdAt',
  'updatedAt',
  'modifiedAt',
  'loggingAt',
  'lastError',
  'editable',
  'appDisabled',
  'systemDisabled',
  'containsVariables',
  'schedules',
  'dynamicSchedules',
  'appSettings',
  'objectMapping',
  '_id',
  'org',
  'createdBy',
  'modifiedBy',
  'enabled',
  'logging',
  'replaces',
]);

export const CONDITION_OPS: ReadonlySet<string> = new Set([
  'and',
  'or',
  'exists',
  'dne',
  'true',
  'false',
  'eq',
  'neq',
  'gt',
  'gte',
  'lt',
  'lte',
  'lt-date',
  'gt-date',
  'contains',
  'not-contains',
]);

/** Each condition operator in words, for the graph a reviewer reads (reference section 3: all 16). */
export const CONDITION_WORDS: Readonly<Record<string, string>> = {
  exists: 'exists',
  dne: 'does not exist',
  false: 'never',
  eq: 'is',
  neq: 'is not',
  gt: 'is more than',
  gte: 'is at least',
  lt: 'is less than',
  lte: 'is at most',
  'lt-date': 'is before',
  'gt-date': 'is after',
  contains: 'contains',
  'not-contains': 'does not contain',
};

export const ERROR_ACTION_TYPES: ReadonlySet<string> = new Set([
  'continue',
  'retry-workflow',
  'retry-action',
  'stop-processing',
]);

/** Top-level keys Kustomer accepts in an app definition (kustomer-apps-starter-configs `_docs/fields.md`, app-definition docs). */
export const APP_DEFINITION_KEYS: readonly string[] = [
  // Seen in the app-definition docs' example (reference section 7): a real app must never get a false error.
  'dataSubscriptions',
  'meta',
  'shortcuts',
  'app',
  'version',
  'title',
  'description',
  'iconUrl',
  'instructions',
  'dependencies',
  'appDetails',
  'screenshots',
  'installUrl',
  'postInstallMessage',
  'workflows',
  'klasses',
  'kviews',
  'actions',
  'triggers',
  'hooks',
  'i18n',
  'visibility',
  'settingsPageConfig',
  'settings',
  'outboundWebhooks',
  'widgets',
  'identifier',
  'tags',
  'auth',
  'commands',
  'changelog',
  // The permissions the app asks for; changing them needs a major version (reference section 9, docs: apps/versioning).
  'roles',
];
/**
 * Listing details: what the marketplace shows about an app, which Kustomer lets change in place without a new version
 * (reference section 9). The release diff counts their changes as patch by default.
 */
export const APP_LISTING_KEYS: readonly string[] = [
  'title',
  'description',
  'iconUrl',
  'instructions',
  'appDetails',
  'screenshots',
  'installUrl',
  'postInstallMessage',
  'tags',
  'visibility',
];

/** Keys of an app definition that describe the version itself, not what an org installs. */
export const APP_VERSION_KEYS: readonly string[] = ['app', 'version', 'changelog'];

/** Registering a version: the endpoint and the role the API key needs (reference section 9). */
export const REGISTER_PATH = '/v1/apps/available';
export const REGISTER_ROLE = 'org.admin.apps';

export const APP_REQUIRED_KEYS: readonly string[] = ['app', 'version', 'title'];

/** An org id (also a queue, team, user, hook or workflow id): 24 hex characters, as Kustomer prints them (lower case). */
const ORG_ID = '[0-9a-fA-F]{24}';
export const HEX24_EXACT = /^[0-9a-fA-F]{24}$/;
/** A 24-hex run inside longer text (bounded by non-hex characters): an id in a URL, a note or a JSON body string. */
export const HEX24_IN_TEXT = /(?<![0-9a-fA-F])[0-9a-fA-F]{24}(?![0-9a-fA-F])/g;
/** `kustomer.hooks.<form|web|email>.<hook id>.receive` */
export const HOOK_EVENT = /^kustomer\.hooks\.(form|web|email)\.([0-9a-fA-F]{24})\.receive$/;
export const HOOK_EVENT_ANYWHERE = /kustomer\.hooks\.(?:form|web|email)\.[0-9a-fA-F]{24}\.receive/;
/** `{{{variables.<id>}}}` (also tolerates `{{variables.<id>}}`). */
export const VARIABLE_REF = /\{\{\{?\s*variables\.([0-9A-Za-z]+)\s*\}?\}\}/g;
/** `{{{settings.<category>.<name>}}}`: a reference to an App Setting (the form Kustomer's starter app uses). */
export const SETTING_REF = /\{\{\{?\s*settings\.([A-Za-z0-9_]+)\.([A-Za-z0-9_]+)\s*\}?\}\}/g;
/**
 * A variable read as a path: `/#variables.<id>`, or inside a function, `/#fn:<fn>,variables.<id>` (reference section 7).
 * Group 1 is the `fn:<fn>,` prefix (or undefined), group 2 the id.
 */
export const VARIABLE_PATH = /\/#(fn:[^,\s"]+,)?variables\.([0-9A-Za-z]+)/g;
/** A setting read as a path: `/#settings.<category>.<name>` or `/#fn:<fn>,settings.<category>.<name>`. */
export const SETTING_PATH_REF = /\/#(?:fn:[^,\s"]+,)?settings\.([A-Za-z0-9_]+)\.([A-Za-z0-9_]+)/g;
/** Either form of a setting reference: literals inside one are never replaced (idempotence). */
export const SETTING_ANY_REF = new RegExp(`${SETTING_REF.source}|${SETTING_PATH_REF.source}`, 'g');
/**
 * Where a host or an address may start: at a word boundary, or right after a percent-escape (`%2F%2Facme…`), but
 * never inside one (`2Facme…` is no host name).
 */
const NAME_START = String.raw`(?:(?<=%[0-9A-Fa-f]{2})|\b(?<!%[0-9A-Fa-f]?))`;
/** A Kustomer org's own host: `https://<org>.api.kustomerapp.com` (its API) or `https://<org>.kustomerapp.com` (its UI). */
export const ORG_HOST = new RegExp(
  String.raw`${NAME_START}(?!api\.|prod\d*\.|www\.)[a-z0-9][a-z0-9-]*\.(?:api\.)?kustomerapp\.com\b`,
  'i',
);
/** A store's own domain on a commerce platform (`<store>.myshopify.com`, `<store>.mybigcommerce.com`): one merchant's, like an org host. */
export const STORE_DOMAIN = new RegExp(
  String.raw`${NAME_START}[a-z0-9][a-z0-9-]*\.(?:myshopify|mybigcommerce)\.com\b`,
  'i',
);
/** A tenant named in a query string (`?tenant=<org>`): the source org's name. */
export const TENANT_PARAM = /[?&]tenant=(?!\{\{)[^&#\s"']+/i;
/** A person's e-mail address (notes and descriptions carry the source org's people). */
export const EMAIL = new RegExp(
  String.raw`${NAME_START}[A-Za-z0-9._+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63})*\.[A-Za-z]{2,24}\b`,
);
/**
 * A callable workflow's own trigger: `kustomer.workflow.<its id>.call`. The workflow editor exports a callable with its
 * id only here, not at the root; Kustomer's scheduled-workflows docs take the id from exactly this place.
 */
export const CALLABLE_TRIGGER = /^kustomer\.workflow\.([0-9a-fA-F]{24})\.call$/;
/** `kustomer.workflow.<id>.call` */
export const WORKFLOW_CALL = /kustomer\.workflow\.([0-9a-fA-F]{24})\.call/g;
/**
 * `<app>_<org id>`: a private app's namespace as an org's exports write it, in an action or event
 * (`kustomer.app.<app>_<orgId>.x`) or an appVersion (`<app>_<orgId>-^1.2.3`). Group 1 is the app name.
 * Org forms are lower-cased by Kustomer (`Calendly_App` becomes `calendly_app_<id>`), so matching ignores case.
 */
export const ORG_NAMESPACE_ANY = new RegExp(
  `(?:^|kustomer\\.app\\.)([A-Za-z0-9_]+?)_${ORG_ID}(?=\\.|-\\^|$)`,
  'gi',
);
/** Keys whose values carry an app namespace. */
export const NAMESPACED_KEYS: ReadonlySet<string | number> = new Set([
  'action',
  'eventName',
  'appVersion',
]);

/** `kustomer.app.<app>_<orgId>.` for one app (its name already escaped for a RegExp). */
export function orgNamespacedEvent(escapedApp: string): RegExp {
  return new RegExp(`kustomer\\.app\\.${escapedApp}_${ORG_ID}\\.`, 'gi');
}

/** `<app>_<orgId>-^<version>` for one app (its name already escaped); group 1 is the version. */
export function orgNamespacedVersion(escapedApp: string): RegExp {
  return new RegExp(`^${escapedApp}_${ORG_ID}-\\^(.+)$`, 'i');
}
/** Step references inside strings: `/#steps.<id>.`, `{{{steps.<id>.`, `/#fn:name,steps.<id>.` and Handlebars helper args. */
export const STEP_REF = /(?:\/#(?:fn:[^,\s]+,)?|\{\{\{?\s*|[\s=(])steps\.([A-Za-z0-9_-]+)/g;

export const WORKFLOW_NAME = /^[A-Za-z0-9._-]{1,128}$/;
/** An app definition's `app` key: letters, digits and underscores (no spaces or dashes). */
const APP_NAME = /^[A-Za-z0-9_]+$/;

/** One part of a setting's `<category>.<name>`: letters, digits, underscores, and never a prototype key. */
export function isSettingName(part: string): boolean {
  return /^[A-Za-z0-9_]+$/.test(part) && !UNSAFE_KEYS.has(part);
}

export function isAppName(name: string): boolean {
  return APP_NAME.test(name);
}

/**
 * A version as Kustomer reads one (semver.org, which its versioning docs cite): `MAJOR.MINOR.PATCH` with an optional
 * pre-release and build, no `v`, no leading zeros (`01.02.03` is not one). Checked by the `semver` package.
 */
export function isSemver(version: string): boolean {
  return valid(version) === version;
}

/** What is wrong with a name that fails isAppName, for any message that reports it. */
export const APP_NAME_RULE = (name: string): string =>
  `app "${name}" may contain only letters, digits and underscores (no spaces or dashes)`;
export const VERSION_RULE = (version: string): string =>
  `version "${version}" is not a semantic version like 1.2.0`;
export const MAX_NAME_LENGTH = 128;
export const MAX_DESCRIPTION_LENGTH = 4096;

/** Scheduler action whose `params.workflowId` names another workflow of the app. */
export function isWorkflowIdParam(
  key: string | number,
  parentKey: string | number | undefined,
): boolean {
  return key === 'workflowId' && parentKey === 'params';
}
