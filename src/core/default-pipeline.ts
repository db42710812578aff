// The default pipeline, in order, with the reason for each ordering constraint next to it.

export const DEFAULT_PIPELINE: readonly string[] = [
  // First: every later transform (and validation) may assume server fields, `_id`s and envelopes are gone,
  // and that `id` survives only on workflows another workflow calls or schedules.
  'strip-metadata',
  // Before rename and swap-hook-events: both build `kustomer.app.<app>.…` names and must compare against
  // portable names, not `<app>_<orgId>` ones; denamespace also sets the app's own `appVersion` first.
  'denamespace',
  // Before anything that derives names from the workflow name (hook descriptions, reports by name).
  'rename',
  // After denamespace: an event the app already defines (`kustomer.app.<app>.x`) must be recognised as the
  // app's own and left alone, and the `<app>-^<version>` it writes must not be rewritten again.
  'swap-hook-events',
  // Last: replaces literals anywhere in the workflow; running after the others means it never replaces a
  // value another transform is about to rewrite (event names, appVersions), and its setting references are final.
  'app-settings',
];
