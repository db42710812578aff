// A finding's fix, as data (ESLint's `suggest`): the config entry that makes the finding go away. The rules that find
// org data, credentials, org hook events, workflow variables and name clashes attach one; `kwt init` merges them into
// the config it writes, so init and validation read the exports one way. Names come from the value's context.
import type { Path } from './json';

export type Proposal =
  /** app-settings.values: a literal that differs per org becomes a setting wherever it occurs. */
  | {
      kind: 'value';
      match: string;
      category: 'default' | 'ids';
      name: string;
      description: string;
      /** Org ids and org hosts: required, with no default (the source org's value would be wrong everywhere else). */
      orgValue?: boolean;
    }
  /** app-settings.variables: an org workflow variable becomes a setting. */
  | { kind: 'variable'; id: string; name: string; description: string }
  /** app-settings.credentials: a credential, matched by its kind, never by its value. */
  | { kind: 'credential'; credentialKind: string; name: string; description: string }
  /** denamespace.namespaces: another private app's `<app>_<orgId>` names. */
  | { kind: 'namespace'; namespace: string }
  /** rename.names: a workflow whose name cannot ship as it is (keyed by its org id when two share a name). */
  | { kind: 'rename'; key: string; name: string };

/** `Order posted!` -> `orderPosted`; leading digits dropped. */
export function camel(text: string): string {
  const words = text
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean);
  return words
    .map((w, i) => (i === 0 ? w.toLowerCase() : w[0]!.toUpperCase() + w.slice(1).toLowerCase()))
    .join('')
    .replace(/^[0-9]+/, '');
}

/** Singular of a plural key: `tags` gives `tag`, `queues` gives `queue`. */
export function singular(word: string): string {
  return word.length > 3 && word.endsWith('s') && !/(ss|us|is)$/.test(word)
    ? word.slice(0, -1)
    : word;
}

/** Keys that say nothing about what an id names. */
const GENERIC_KEYS: ReadonlySet<string> = new Set([
  'steps',
  'params',
  'id',
  'ids',
  '_id',
  'value',
  'values',
  'body',
  'data',
  'attributes',
  'relationships',
  'custom',
  'headers',
  'condition',
  'conditions',
  'and',
  'or',
  'transitions',
  'uri',
  'url',
  'query',
  'text',
  'template',
  'trigger',
]);

/**
 * The name an org id's setting takes from where it sits: the nearest key that names something (`params.queue` gives
 * `queueId`, `assignTeams/0` gives `assignTeamId`), else the noun of the step's action (`kustomer.team.update` gives
 * `teamId`), else `orgItemId`. Never `idId`.
 */
export function idNameFromPath(path: Path, action?: string): string {
  for (let i = path.length - 1; i >= 0; i--) {
    const key = path[i];
    if (typeof key !== 'string' || GENERIC_KEYS.has(key) || /^\d+$/.test(key)) continue;
    const name = camel(singular(key));
    if (name) return name.endsWith('Id') ? name : `${name}Id`;
  }
  const noun = action?.split('.')[1];
  if (noun !== undefined && /^[a-z]+$/i.test(noun) && noun !== 'rest')
    return `${camel(singular(noun))}Id`;
  return 'orgItemId';
}

/** The name a host suggests: `api.acme-orders.example` gives `acmeOrdersBaseUrl`. */
export function hostSettingName(host: string): string {
  const labels = host
    .split(':')[0]!
    .split('.')
    .filter((l) => !['www', 'api', 'app'].includes(l));
  const main = labels.length >= 2 ? labels[labels.length - 2]! : (labels[0] ?? 'api');
  return `${camel(main)}BaseUrl`;
}
