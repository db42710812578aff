// The app's references to its own version: kwt writes `appVersion: "<app>-^<version>"` into the app's workflows from
// the version being released (denamespace, swap-hook-events), so a new version moves them all at once.
import { escapeRegExp } from '../core/app-names';
import type { JsonObject } from '../core/json';
import { mapStrings } from '../core/walk';

/** The app with each reference to its own version in its workflows set to `version`. */
export function withOwnVersion(app: JsonObject, version: string): JsonObject {
  const name = app['app'];
  if (typeof name !== 'string' || app['workflows'] === undefined) return app;
  const own = new RegExp(`^${escapeRegExp(name)}-\\^.+$`);
  const workflows = mapStrings(app['workflows'], (text, path) =>
    path[path.length - 1] === 'appVersion' && own.test(text) ? `${name}-^${version}` : text,
  );
  return workflows === app['workflows'] ? app : { ...app, workflows };
}
