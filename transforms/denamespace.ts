// denamespace: put the app's own actions and events back under their portable names (`<app>_<orgId>` becomes `<app>`).
import { escapeRegExp } from '../src/core/app-names';
import { mapLeaves } from '../src/core/walk';
import { defineTransform } from '../src/core/transform';

const patternCache = new Map<string, { name: RegExp; version: RegExp }>();

/** Org forms are lower-cased by Kustomer (`Calendly_App` became `calendly_app_<id>`), so matching ignores case. */
function patternsFor(app: string): { name: RegExp; version: RegExp } {
  let p = patternCache.get(app);
  if (!p) {
    const a = escapeRegExp(app);
    p = {
      name: new RegExp(`kustomer\\.app\\.${a}_[0-9a-fA-F]{24}\\.`, 'gi'),
      version: new RegExp(`^${a}_[0-9a-fA-F]{24}-\\^(.+)$`, 'i'),
    };
    patternCache.set(app, p);
  }
  return p;
}

export default defineTransform({
  id: 'denamespace',
  description: "Rewrite the app's private-org namespace (kustomer.app.<app>_<orgId>.x, <app>_<orgId>-^1.2.3) to its portable form",
  needsApp: true,
  options: { properties: {} },
  apply(workflow, ctx) {
    const app = ctx.app.name as string;
    const { name, version } = patternsFor(app);
    return mapLeaves(workflow, (leaf, path) => {
      if (typeof leaf !== 'string') return leaf;
      if (path[path.length - 1] === 'appVersion') {
        const m = version.exec(leaf);
        // Release prep: the app pins the version being released when the config names one.
        if (m) return `${app}-^${ctx.app.version ?? (m[1] as string)}`;
        return leaf;
      }
      if (!leaf.includes('kustomer.app.')) return leaf;
      name.lastIndex = 0;
      return leaf.replace(name, `kustomer.app.${app}.`);
    }) as typeof workflow;
  },
});
