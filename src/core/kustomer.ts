// Kustomer domain facts as data: key sets per level, condition ops, and the patterns of org-specific values.

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
  'rev', 'createdAt', 'updatedAt', 'modifiedAt', 'loggingAt', 'lastError', 'editable', 'appDisabled',
  'systemDisabled', 'containsVariables', 'schedules', 'dynamicSchedules', 'appSettings', 'objectMapping',
  '_id', 'org', 'createdBy', 'modifiedBy', 'enabled', 'logging', 'replaces',
]);

export const CONDITION_OPS: ReadonlySet<string> = new Set([
  'and', 'or', 'exists', 'dne', 'true', 'false', 'eq', 'neq', 'gt', 'gte', 'lt', 'lte',
  'lt-date', 'gt-date', 'contains', 'not-contains',
]);

export const ERROR_ACTION_TYPES: ReadonlySet<string> = new Set(['continue', 'retry-workflow', 'retry-action', 'stop-processing']);

/** Top-level keys Kustomer accepts in an app definition (kustomer-apps-starter-configs `_docs/fields.md`, app-definition docs). */
export const APP_DEFINITION_KEYS: readonly string[] = [
  'app', 'version', 'title', 'description', 'iconUrl', 'instructions', 'dependencies', 'appDetails', 'screenshots',
  'installUrl', 'postInstallMessage', 'workflows', 'klasses', 'kviews', 'actions', 'triggers', 'hooks', 'i18n',
  'visibility', 'settingsPageConfig', 'settings', 'outboundWebhooks', 'widgets', 'identifier', 'tags', 'auth',
  'commands', 'changelog',
];
export const APP_REQUIRED_KEYS: readonly string[] = ['app', 'version', 'title'];

export const HEX24 = '[0-9a-f]{24}';
export const HEX24_EXACT = /^[0-9a-fA-F]{24}$/;
/** `kustomer.hooks.<form|web|email>.<hook id>.receive` */
export const HOOK_EVENT = /^kustomer\.hooks\.(form|web|email)\.([0-9a-fA-F]{24})\.receive$/;
export const HOOK_EVENT_ANYWHERE = /kustomer\.hooks\.(?:form|web|email)\.[0-9a-fA-F]{24}\.receive/;
/** `{{{variables.<id>}}}` (also tolerates `{{variables.<id>}}`). */
export const VARIABLE_REF = /\{\{\{?\s*variables\.([0-9A-Za-z]+)\s*\}?\}\}/g;
/** `kustomer.workflow.<id>.call` */
export const WORKFLOW_CALL = /kustomer\.workflow\.([0-9a-fA-F]{24})\.call/g;
/** `<app>_<24-hex org id>` as an app namespace in an action, event or appVersion. */
export const ORG_NAMESPACE = /(?:kustomer\.app\.|^)([A-Za-z0-9_]+?)_([0-9a-f]{24})(?=[.-])/g;
/** Step references inside strings: `/#steps.<id>.`, `{{{steps.<id>.`, `/#fn:name,steps.<id>.` and Handlebars helper args. */
export const STEP_REF = /(?:\/#(?:fn:[^,\s]+,)?|\{\{\{?\s*|[\s=(])steps\.([A-Za-z0-9_-]+)/g;

export const WORKFLOW_NAME = /^[A-Za-z0-9._-]{1,128}$/;
export const MAX_NAME_LENGTH = 128;
export const MAX_DESCRIPTION_LENGTH = 4096;

/** Scheduler action whose `params.workflowId` names another workflow of the app. */
export function isWorkflowIdParam(key: string | number, parentKey: string | number | undefined): boolean {
  return key === 'workflowId' && parentKey === 'params';
}
