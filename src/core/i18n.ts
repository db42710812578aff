// Settings come with i18n strings (reference section 7: App Settings "must always include Internationalization strings
// with en-us as a fallback"): the texts the settings page shows, written for every setting the block declares.
import { type Json, type JsonObject, isObject, own, setOwn } from './json';

export const FALLBACK_LOCALE = 'en_us';

const ACRONYMS = new Set([
  'api',
  'url',
  'uri',
  'id',
  'ids',
  'sms',
  'http',
  'https',
  'ip',
  'sla',
  'crm',
]);

/** "apiToken" -> "API token", "orders_queue" -> "Orders queue": a readable default label. */
export function humanize(name: string): string {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_.-]+/g, ' ')
    .trim()
    .toLowerCase()
    .split(/\s+/)
    .map((w) => (ACRONYMS.has(w) ? w.toUpperCase() : w))
    .join(' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** The i18n keys of one setting (`<app>.settings.path.<category>.<name>.displayName` and `.description`). */
export function settingKeys(
  app: string,
  category: string,
  name: string,
): { displayName: string; description: string } {
  const base = `${app}.settings.path.${category}.${name}`;
  return { displayName: `${base}.displayName`, description: `${base}.description` };
}

/** Texts given for a setting (from the config), by `<category>.<name>`. */
export type SettingTexts = ReadonlyMap<string, { displayName?: string; description?: string }>;

/**
 * The `en_us` strings every declared setting needs, plus the page title and description, as an i18n object. Only keys
 * that `existing` does not already have are produced: what the app (or an earlier run) wrote always wins.
 */
export function settingsI18n(
  app: string,
  settings: JsonObject,
  texts: SettingTexts,
  existing: Json | undefined,
): JsonObject | undefined {
  const have = isObject(existing) ? own(existing, FALLBACK_LOCALE) : undefined;
  const present = (key: string): boolean => isObject(have) && own(have, key) !== undefined;
  const strings: JsonObject = {};
  const add = (key: string, text: string): void => {
    if (!present(key) && own(strings, key) === undefined) setOwn(strings, key, text);
  };
  for (const category of Object.keys(settings)) {
    const entries = own(settings, category);
    if (!isObject(entries)) continue;
    for (const name of Object.keys(entries)) {
      const declaration = own(entries, name);
      const given = texts.get(`${category}.${name}`);
      const keys = settingKeys(app, category, name);
      add(keys.displayName, given?.displayName ?? humanize(name));
      const description =
        given?.description ??
        (isObject(declaration) && typeof declaration['description'] === 'string'
          ? declaration['description']
          : undefined);
      if (description !== undefined) add(keys.description, description);
    }
  }
  if (Object.keys(strings).length === 0) return undefined;
  add(`${app}.settings.page.title`, `${humanize(app)} settings`);
  add(
    `${app}.settings.page.description`,
    `Settings for ${humanize(app)}: fill these in after installing the app.`,
  );
  return { [FALLBACK_LOCALE]: strings };
}

/** Merges i18n objects locale by locale; a key already present is never overwritten. */
export function mergeI18n(target: JsonObject, incoming: Json | undefined): void {
  if (!isObject(incoming)) return;
  for (const locale of Object.keys(incoming)) {
    const source = own(incoming, locale);
    if (!isObject(source)) continue;
    let into = own(target, locale);
    if (!isObject(into)) {
      into = {};
      setOwn(target, locale, into);
    }
    for (const key of Object.keys(source))
      if (own(into, key) === undefined) setOwn(into, key, source[key] as Json);
  }
}
