// Names the app owns: `kustomer.app.<app>.<name>` events and actions, and `<app>-^<version>` appVersions.

export function appEventName(app: string, name: string): string {
  return name.startsWith('kustomer.app.') ? name : `kustomer.app.${app}.${name}`;
}

/** `<app>-^<version>`, or undefined when no version is known. */
export function appVersionRef(app: string, version: string | undefined): string | undefined {
  return version ? `${app}-^${version}` : undefined;
}

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Characters outside [A-Za-z0-9._-] become `-`, runs collapse, ends are trimmed, all lower-cased.
 * Accents are folded first (`Órder` -> `order`), so a letter is not lost to a dash.
 */
export function slugify(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^-+|-+$/g, '')
    .toLowerCase();
}
