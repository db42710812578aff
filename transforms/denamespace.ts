// denamespace: put the app's own actions and events back under their portable names (`<app>_<orgId>` becomes `<app>`).
import { escapeRegExp } from '../src/core/app-names';
import { orgNamespacedEvent, orgNamespacedVersion } from '../src/core/kustomer';
import { mapStrings, visitStrings } from '../src/core/walk';
import { appendTo, someOf } from '../src/core/lists';
import {
  defineTransform,
  type BatchEntry,
  type Workflow,
  type ConfigOptionsOf,
  type OptionsOf,
} from '../src/core/transform';
import { isObject } from '../src/core/json';

/** Org forms are lower-cased by Kustomer (`Calendly_App` became `calendly_app_<id>`), so matching ignores case. */
interface NamespaceRule {
  name: string;
  own: boolean;
  /** `kustomer.app.<name>_<orgId>.` in an event or action (global). */
  pattern: RegExp;
  /** `<name>_<orgId>-^<version>`, a whole appVersion; group 1 is the version. */
  version: RegExp;
}

function patternsFor(app: string): { pattern: RegExp; version: RegExp } {
  const a = escapeRegExp(app);
  return { pattern: orgNamespacedEvent(a), version: orgNamespacedVersion(a) };
}

/** `kustomer.app.<name>.…` actions and the `<name>-^<version>` beside them: the other apps a workflow needs installed. */
function appsUsed(workflow: Workflow, own: string): Map<string, string> {
  const found = new Map<string, string>();
  const steps = Array.isArray(workflow['steps']) ? workflow['steps'] : [];
  for (const step of steps) {
    if (
      !isObject(step) ||
      typeof step['action'] !== 'string' ||
      typeof step['appVersion'] !== 'string'
    )
      continue;
    const action = /^kustomer\.app\.([A-Za-z0-9_]+)\./.exec(step['action']);
    const version = /^([A-Za-z0-9_]+)-\^(.+)$/.exec(step['appVersion']);
    if (
      !action ||
      !version ||
      action[1]!.toLowerCase() !== version[1]!.toLowerCase() ||
      action[1]!.toLowerCase() === own.toLowerCase()
    )
      continue;
    if (!found.has(version[1]!)) found.set(version[1]!, version[2]!);
  }
  return found;
}

/** Each of the org's other private apps (from `namespaces`) and the workflows of the batch that use it. */
function privateAppUsers(
  batch: readonly BatchEntry[],
  rules: readonly NamespaceRule[],
): Map<string, string[]> {
  const users = new Map<string, string[]>();
  if (rules.length === 0) return users;
  for (const entry of batch) {
    // The same patterns the rewrite uses: an event or action, or an appVersion, in the org's form.
    const used = new Set<string>();
    visitStrings(entry.workflow, (value) => {
      for (const rule of rules) {
        rule.pattern.lastIndex = 0;
        if (rule.pattern.test(value) || rule.version.test(value)) used.add(rule.name);
      }
    });
    const label =
      typeof entry.workflow['name'] === 'string' ? entry.workflow['name'] : entry.source;
    for (const rule of rules) if (used.has(rule.name)) appendTo(users, rule.name, label);
  }
  return users;
}

/** The options' JSON Schema; the Options type is derived from it, so the two cannot drift apart. */
const OPTIONS = {
  type: 'object',
  additionalProperties: false,
  properties: {
    namespaces: {
      type: 'array',
      default: [],
      items: { type: 'string', pattern: '^[A-Za-z0-9_]+$' },
      description:
        "Other apps whose private-org names the exports use (the org's own private apps): rewritten to their portable names too, keeping their own versions",
    },
    dependencies: {
      type: 'boolean',
      default: false,
      description:
        "Add every other app whose actions the workflows use (private or public) to the app definition's dependencies as <app>-^<version>",
    },
  },
} as const;

type Options = OptionsOf<typeof OPTIONS>;
/** What a config may write under `options` for this transform (the library's KwtConfig uses it). */
export type ConfigOptions = ConfigOptionsOf<typeof OPTIONS>;

export default defineTransform<Options>({
  id: 'denamespace',
  description:
    "Rewrite the app's private-org namespace (kustomer.app.<app>_<orgId>.x, <app>_<orgId>-^1.2.3) to its portable form",
  needsApp: true,
  options: OPTIONS,
  apply(workflow, ctx) {
    const app = ctx.app.name as string;
    // The app itself first; other private apps named in `namespaces` keep their own versions.
    const names = [
      app,
      ...ctx.options.namespaces.filter((n) => n.toLowerCase() !== app.toLowerCase()),
    ];
    const rules = ctx.memo('rules', () =>
      names.map((name, i) => ({ name, own: i === 0, ...patternsFor(name) })),
    );
    if (ctx.index === 0) {
      // Said once per run: these apps exist only in the source org unless their developer publishes them.
      for (const [name, users] of ctx.memo('private-app-users', () =>
        privateAppUsers(ctx.batch, rules.slice(1)),
      )) {
        ctx.warn(
          `uses "${name}", a private app of the source org (${someOf(users)}): it does not exist in other orgs unless it is installed there; ${ctx.options.dependencies ? 'listed in dependencies' : 'list it in dependencies with denamespace.dependencies: true'}`,
        );
      }
    }
    const ownPortable = ctx.memo(
      'own-portable',
      () => new RegExp(`^${escapeRegExp(app)}-\\^(.+)$`, 'i'),
    );
    let unversioned: string | undefined;
    const out = mapStrings(workflow, (leaf, path) => {
      if (path[path.length - 1] === 'appVersion') {
        // The app's own references always name the version being released: one source of truth (flag, config, target).
        const own = rules[0]!.version.exec(leaf) ?? ownPortable.exec(leaf);
        if (own) {
          if (ctx.app.version === undefined) {
            unversioned = leaf;
            return leaf;
          }
          return `${app}-^${ctx.app.version}`;
        }
        for (const rule of rules.slice(1)) {
          const m = rule.version.exec(leaf);
          // Other private apps of the org keep their own versions.
          if (m) return `${rule.name}-^${m[1]}`;
        }
        return leaf;
      }
      if (!leaf.includes('kustomer.app.')) return leaf;
      let out = leaf;
      for (const rule of rules) {
        rule.pattern.lastIndex = 0;
        out = out.replace(rule.pattern, `kustomer.app.${rule.name}.`);
      }
      return out;
    }) as typeof workflow;
    if (ctx.options.dependencies)
      for (const [name, version] of appsUsed(out, app)) ctx.contribute.dependency(name, version);
    if (unversioned !== undefined) {
      ctx.error(
        `refers to the app's own version (${unversioned}) but no version is being released: set "version" in the config or pass --app-version`,
      );
    }
    return out;
  },
});
