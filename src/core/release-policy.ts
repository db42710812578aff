// Which version bump each kind of change between two app definitions asks for, and why: data, so a team can adjust it in
// kwt.config.json ("release": {"policy": {...}}). Kustomer documents only the roles rule; the rest is kwt's reading of
// what breaks an org that installed the previous version (reference section 9, "open").

export type Bump = 'major' | 'minor' | 'patch';
export type BumpOrNone = Bump | 'none';

export const BUMPS: readonly BumpOrNone[] = ['none', 'patch', 'minor', 'major'];

/** The larger of two bumps. */
export function maxBump(a: BumpOrNone, b: BumpOrNone): BumpOrNone {
  return BUMPS.indexOf(a) >= BUMPS.indexOf(b) ? a : b;
}

export interface ChangeClass {
  bump: Bump;
  /** Why this kind of change asks for this bump, shown beside every change of the kind. */
  reason: string;
  /** Kustomer refuses a smaller bump: the config may not lower it. */
  fixed?: boolean;
}

/** Every kind of change kwt reports, with its default bump and reason. */
export const DEFAULT_POLICY = {
  'roles-changed': {
    bump: 'major',
    reason:
      'Kustomer refuses a version whose roles differ from the previous one without a major bump',
    fixed: true,
  },
  'workflow-removed': {
    bump: 'major',
    reason:
      'orgs that installed the app lose the workflow, and any org workflow that replaces it loses its target',
  },
  'workflow-renamed': {
    bump: 'major',
    reason:
      'installed orgs track app workflows by name: a rename is a removal and an addition, and overrides by `replaces` lose their target',
  },
  'workflow-added': { bump: 'minor', reason: 'a new workflow runs in every org that upgrades' },
  'workflow-changed': {
    bump: 'patch',
    reason: 'a change inside a workflow keeps its name and its place in installed orgs',
  },
  'setting-removed': {
    bump: 'major',
    reason: 'installed orgs lose a value they entered, and anything still reading it gets nothing',
  },
  'setting-renamed': {
    bump: 'major',
    reason: 'installed orgs keep the value under the old name; the new one starts empty',
  },
  'setting-type-changed': {
    bump: 'major',
    reason: 'a value entered for the old type may not be valid for the new one',
  },
  'setting-required-added': {
    bump: 'major',
    reason:
      'a required setting without a default needs a new answer in every installed org before the app works',
  },
  'setting-added': {
    bump: 'minor',
    reason: 'a new setting with a default (or optional) works in installed orgs as they are',
  },
  'setting-changed': {
    bump: 'patch',
    reason: 'a description, default or visibility change keeps the values orgs entered',
  },
  'hook-removed': { bump: 'major', reason: 'external senders still post to the removed hook' },
  'hook-renamed': {
    bump: 'major',
    reason: "a hook's event name is what external senders post to: changing it breaks them",
  },
  'hook-added': { bump: 'minor', reason: 'a new hook is new capability' },
  'hook-changed': { bump: 'patch', reason: "a hook's texts change nothing for its senders" },
  'trigger-removed': {
    bump: 'major',
    reason: 'workflows of installed orgs that start on the trigger stop starting',
  },
  'trigger-renamed': {
    bump: 'major',
    reason: "workflows of installed orgs start on the trigger's event name: changing it stops them",
  },
  'trigger-added': { bump: 'minor', reason: 'a new trigger is new capability' },
  'trigger-changed': {
    bump: 'patch',
    reason: "a trigger's description or output details change inside the same event",
  },
  'dependency-added': { bump: 'minor', reason: 'installs now need another app as well' },
  'dependency-removed': { bump: 'patch', reason: 'installs need one app fewer' },
  'dependency-changed': { bump: 'patch', reason: 'a dependency version range moved' },
  'component-removed': {
    bump: 'major',
    reason: 'installed orgs lose a component (action, klass, view, …) they may use',
  },
  'component-added': { bump: 'minor', reason: 'a new component is new capability' },
  'component-changed': { bump: 'patch', reason: 'a component changed in place' },
  'i18n-changed': { bump: 'patch', reason: 'texts only' },
  'listing-changed': {
    bump: 'patch',
    reason:
      'listing details (title, description, icon, tags, screenshots) change what the marketplace shows',
  },
} as const satisfies Record<string, ChangeClass>;

export type ChangeKind = keyof typeof DEFAULT_POLICY;
export type ReleasePolicy = Record<ChangeKind, ChangeClass>;

export const CHANGE_KINDS = Object.keys(DEFAULT_POLICY) as ChangeKind[];

export function isChangeKind(kind: string): kind is ChangeKind {
  return Object.prototype.hasOwnProperty.call(DEFAULT_POLICY, kind);
}

/**
 * The default policy with the config's overrides (`{"workflow-removed": "minor"}`, or `{bump, reason}` to say why);
 * returns the problems of an override instead of guessing (an unknown kind, a bump that is not one, a fixed class
 * lowered).
 */
export function resolvePolicy(overrides: Readonly<Record<string, unknown>> | undefined): {
  policy: ReleasePolicy;
  problems: string[];
} {
  const policy = { ...DEFAULT_POLICY } as ReleasePolicy;
  const problems: string[] = [];
  for (const [kind, value] of Object.entries(overrides ?? {})) {
    if (!isChangeKind(kind)) {
      problems.push(
        `release.policy: "${kind}" is not a kind of change (kinds: ${CHANGE_KINDS.join(', ')})`,
      );
      continue;
    }
    const given = typeof value === 'string' ? { bump: value } : value;
    const bump =
      typeof given === 'object' && given !== null ? (given as { bump?: unknown }).bump : undefined;
    const reason =
      typeof given === 'object' && given !== null
        ? (given as { reason?: unknown }).reason
        : undefined;
    if (bump !== 'major' && bump !== 'minor' && bump !== 'patch') {
      problems.push(
        `release.policy.${kind}: expected "major", "minor" or "patch" (or {"bump": …, "reason": …})`,
      );
      continue;
    }
    if (reason !== undefined && typeof reason !== 'string') {
      problems.push(`release.policy.${kind}.reason: expected a string`);
      continue;
    }
    const current = policy[kind];
    if (current.fixed === true && bump !== current.bump) {
      problems.push(`release.policy.${kind}: stays "${current.bump}" (${current.reason})`);
      continue;
    }
    policy[kind] = { bump, reason: reason ?? `${current.reason} (set to ${bump} in the config)` };
  }
  return { policy, problems };
}
