// denamespace: put the app's own actions and events back under their portable names (`<app>_<orgId>` becomes `<app>`).
import { escapeRegExp } from '../src/core/app-names';
import { orgNamespacedEvent, orgNamespacedVersion } from '../src/core/kustomer';
import { mapStrings } from '../src/core/walk';
import { defineTransform } from '../src/core/transform';

/** Org forms are lower-cased by Kustomer (`Calendly_App` became `calendly_app_<id>`), so matching ignores case. */
function patternsFor(app: string): { pattern: RegExp; version: RegExp } {
  const a = escapeRegExp(app);
  return { pattern: orgNamespacedEvent(a), version: orgNamespacedVersion(a) };
}

interface Options {
  namespaces: string[];
}

export default defineTransform<Options>({
  id: 'denamespace',
  description: "Rewrite the app's private-org namespace (kustomer.app.<app>_<orgId>.x, <app>_<orgId>-^1.2.3) to its portable form",
  needsApp: true,
  options: {
    properties: {
      namespaces: {
        type: 'array',
        default: [],
        items: { type: 'string', pattern: '^[A-Za-z0-9_]+$' },
        description:
          "Other apps whose private-org names the exports use (the org's own private apps): rewritten to their portable names too, keeping their own versions",
      },
    },
  },
  apply(workflow, ctx) {
    const app = ctx.app.name as string;
    // The app itself first; other private apps named in `namespaces` keep their own versions.
    const names = [app, ...ctx.options.namespaces.filter((n) => n.toLowerCase() !== app.toLowerCase())];
    const rules = ctx.memo('rules', () => names.map((name, i) => ({ name, own: i === 0, ...patternsFor(name) })));
    const ownPortable = ctx.memo('own-portable', () => new RegExp(`^${escapeRegExp(app)}-\\^(.+)$`, 'i'));
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
    if (unversioned !== undefined) {
      ctx.error(`refers to the app's own version (${unversioned}) but no version is being released: set "version" in the config or pass --app-version`);
    }
    return out;
  },
});
