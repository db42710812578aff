// The built-in transforms by id, their options' types, and the default pipeline in order. Adding a transform: one file
// here, and one line in BUILT_INS, in BuiltInOptions and (if it runs by default) in DEFAULT_PIPELINE.
import type { TransformCatalog, TransformDefinition } from '../src/core/transform';
import stripMetadata from './strip-metadata';
import denamespace from './denamespace';
import rename from './rename';
import swapHookEvents from './swap-hook-events';
import appSettings from './app-settings';
import jsonpath from './jsonpath';
import type { ConfigOptions as StripMetadataOptions } from './strip-metadata';
import type { ConfigOptions as DenamespaceOptions } from './denamespace';
import type { ConfigOptions as RenameOptions } from './rename';
import type { ConfigOptions as SwapHookEventsOptions } from './swap-hook-events';
import type { ConfigOptions as AppSettingsOptions } from './app-settings/options';
import type { ConfigOptions as JsonpathOptions } from './jsonpath';

// Built-ins are typed loosely here: the engine validates each one's options against its schema before apply sees them.
type AnyTransform = TransformDefinition<never>;

export const BUILT_INS: readonly AnyTransform[] = [
  stripMetadata,
  denamespace,
  rename,
  swapHookEvents,
  appSettings,
  jsonpath,
];

/**
 * Options of the built-in transforms, by id, as a config writes them (properties with a default are optional): the
 * library's `KwtConfig` types its `options` with this. tests/types.test.ts holds its keys equal to BUILT_INS.
 */
export interface BuiltInOptions {
  'strip-metadata'?: StripMetadataOptions;
  denamespace?: DenamespaceOptions;
  rename?: RenameOptions;
  'swap-hook-events'?: SwapHookEventsOptions;
  'app-settings'?: AppSettingsOptions;
  jsonpath?: JsonpathOptions;
}

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

const byId = new Map<string, AnyTransform>(BUILT_INS.map((t) => [t.id, t]));

export function findBuiltIn(id: string): AnyTransform | undefined {
  return byId.get(id);
}

/** What the config resolver needs to know of the built-ins; core receives it instead of importing this folder. */
export const BUILT_IN_CATALOG: TransformCatalog = {
  find: findBuiltIn,
  ids: BUILT_INS.map((t) => t.id),
  defaultPipeline: DEFAULT_PIPELINE,
};
