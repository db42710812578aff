// The registry of validation rules: each code with its default severity and what it catches. The README table, the
// config schema's list of codes and the config check of `validate.rules` all come from (or are tested against) this list.
import type { Severity } from '../core/transform';

export interface RuleMeta {
  readonly code: string;
  /** The severity a finding gets unless `validate.rules` changes it. */
  readonly severity: Severity;
  /** One line for the README table and `kwt validate --help`-like listings. */
  readonly description: string;
}

export const RULES = [
  {
    code: 'name-format',
    severity: 'error',
    description: 'A workflow name that is not 1-128 characters of letters, digits, `.`, `_`, `-`.',
  },
  { code: 'name-unique', severity: 'error', description: 'Two workflows with the same name.' },
  {
    code: 'duplicate-workflow-id',
    severity: 'error',
    description:
      'Two workflows of one app with the same `id` (Kustomer requires ids unique within the app); checked on the merged app with `--into`, where a called workflow renamed without `--prune` leaves two.',
  },
  {
    code: 'duplicate-event-name',
    severity: 'error',
    description: 'Two hooks, or two triggers, of one app with the same `eventName`.',
  },
  {
    code: 'description-length',
    severity: 'error',
    description: 'A description over 4096 characters.',
  },
  {
    code: 'unknown-key',
    severity: 'error',
    description:
      'A key not allowed at its level (workflow, trigger, step, transition, condition, error case).',
  },
  {
    code: 'server-field',
    severity: 'error',
    description: 'A server field (`rev`, `createdAt`, `_id`, `enabled`, ...) left in a workflow.',
  },
  {
    code: 'workflow-shape',
    severity: 'error',
    description:
      'A workflow, trigger, step or transition of the wrong type; a trigger with neither `eventName` nor `callable: true`.',
  },
  {
    code: 'step-id-unique',
    severity: 'error',
    description: "Two steps with one id, or a step using the trigger's id `1`.",
  },
  {
    code: 'transition-target',
    severity: 'error',
    description: 'A transition to a step that does not exist (or to the trigger).',
  },
  { code: 'transition-cycle', severity: 'error', description: 'A loop, named: `a -> b -> a`.' },
  { code: 'unreachable-step', severity: 'warning', description: 'A step no transition reaches.' },
  {
    code: 'step-reference',
    severity: 'error',
    description: '`/#steps.<id>`, `{{{steps.<id>`, `/#fn:…,steps.<id>` naming a missing step.',
  },
  { code: 'condition-op', severity: 'error', description: 'An unknown condition op.' },
  {
    code: 'condition-shape',
    severity: 'error',
    description: 'A malformed condition, an empty `and`/`or`, a bad error-case action.',
  },
  {
    code: 'org-hook-event',
    severity: 'error',
    description: 'An org inbound-hook event left in a workflow.',
  },
  {
    code: 'workflow-variable',
    severity: 'error',
    description:
      'An org workflow variable left in a workflow, in any form: `{{{variables.<id>}}}`, `/#variables.<id>`, `/#fn:<fn>,variables.<id>`.',
  },
  {
    code: 'org-namespace',
    severity: 'error',
    description: 'A `<app>_<24-hex>` namespace left in an action, event or appVersion.',
  },
  {
    code: 'hex-id',
    severity: 'warning',
    description:
      'A 24-hex id (queue, team, user, tag), as a whole value or inside text, that is not a declared setting default.',
  },
  {
    code: 'workflow-id-in-text',
    severity: 'error',
    description:
      'A workflow id of the batch inside text (a REST URL, a note, a body): only call references and scheduler params are rewritten at install.',
  },
  {
    code: 'workflow-call',
    severity: 'error',
    description:
      '`kustomer.workflow.<id>.call` or a scheduler `workflowId` naming no workflow of the document.',
  },
  {
    code: 'credential',
    severity: 'error',
    description:
      'A credential-shaped literal (the kinds detected are listed under Secrets in docs/safety.md).',
  },
  {
    code: 'placeholder-credential',
    severity: 'warning',
    description:
      'A placeholder (`YOUR_API_KEY`, `<token>`, `xxxx`, a documented example key) where a credential goes: installers cannot change it.',
  },
  {
    code: 'secret-literal',
    severity: 'error',
    description: 'A value declared secret in this run.',
  },
  {
    code: 'undeclared-setting',
    severity: 'error',
    description:
      "A `{{{settings.<category>.<name>}}}` or `/#settings.<category>.<name>` the document's `settings` does not declare (app definitions and blocks).",
  },
  {
    code: 'app-required-key',
    severity: 'error',
    description: 'An app definition without `app`, `version` or `title`.',
  },
  {
    code: 'app-unknown-key',
    severity: 'error',
    description: 'A top-level key Kustomer does not accept (`validate.allowAppKeys` adds keys).',
  },
  {
    code: 'app-name',
    severity: 'error',
    description: 'An `app` with spaces, dashes or other characters.',
  },
  { code: 'app-version', severity: 'error', description: 'A `version` that is not semver.' },
  {
    code: 'hook-trigger-pair',
    severity: 'error',
    description:
      'A hook with no trigger of the same `eventName` (error); a trigger with no hook (warning).',
  },
  { code: 'app-shape', severity: 'error', description: '`workflows` that is not an array.' },
  {
    code: 'org-host',
    severity: 'error',
    description:
      "A Kustomer org host (`<org>.api.kustomerapp.com`, `<org>.kustomerapp.com`): the source org's, wrong for every installer.",
  },
  {
    code: 'org-store-domain',
    severity: 'error',
    description:
      "A store's own domain (`<store>.myshopify.com`, `<store>.mybigcommerce.com`): one merchant's.",
  },
  {
    code: 'org-tenant',
    severity: 'error',
    description: "A tenant in a query string (`?tenant=<org>`): the source org's.",
  },
  {
    code: 'email-address',
    severity: 'warning',
    description:
      'An e-mail address (in a note, a description, a param): likely a person of the source org.',
  },
  {
    code: 'output-template',
    severity: 'error',
    description:
      "A workflow that reads the posted body (`/#steps.1.attributes…`) on an event whose trigger has an `outputTemplate`: it receives the template's output instead.",
  },
  {
    code: 'settings-i18n',
    severity: 'warning',
    description:
      'A setting with no `i18n.en_us` display name (`<app>.settings.path.<category>.<name>.displayName`): the settings page would show raw keys.',
  },
] as const satisfies readonly RuleMeta[];

export type RuleCode = (typeof RULES)[number]['code'];

export const RULE_CODES: readonly RuleCode[] = RULES.map((r) => r.code);
