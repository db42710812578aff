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
