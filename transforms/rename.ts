// rename: make every workflow name unique to the app (`<prefix><slug>`), with an explicit map that wins.
import {
  defineTransform,
  type BatchEntry,
  type ConfigOptionsOf,
  type OptionsOf,
} from '../src/core/transform';
import { MAX_NAME_LENGTH } from '../src/core/kustomer';
import { slugify } from '../src/core/app-names';
import { appendTo } from '../src/core/lists';

/**
 * The name a workflow ends with. `names` is keyed by exported name, or by the workflow's org id (as read), which wins:
 * two workflows an org calls the same can only be told apart by their ids.
 */
export function finalName(
  name: string,
  prefix: string,
  names: Readonly<Record<string, string>>,
  id?: unknown,
): string {
  if (typeof id === 'string' && Object.prototype.hasOwnProperty.call(names, id))
    return names[id] as string;
  if (Object.prototype.hasOwnProperty.call(names, name)) return names[name] as string;
  // A name the map produced is final already: renaming it again would break idempotence.
  if (Object.values(names).includes(name)) return name;
  // Never prefix twice; the prefix keeps the case it has in the name (app names may be mixed case).
  if (prefix && name.toLowerCase().startsWith(prefix.toLowerCase()))
    return name.slice(0, prefix.length) + slugify(name.slice(prefix.length));
  return prefix + slugify(name);
}

/** Final name -> sources of the workflows that end with it, for the whole batch (once per step, through ctx.memo). */
function sourcesByFinalName(
  batch: readonly BatchEntry[],
  prefix: string,
  names: Readonly<Record<string, string>>,
): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const entry of batch) {
    const n = entry.workflow['name'];
    if (typeof n !== 'string') continue;
    const f = finalName(n, prefix, names, entry.original['id']);
    appendTo(map, f, entry.source);
  }
  return map;
}

function applyDisplayName(current: string, template: string): string {
  const [pre = '', post = ''] = template.split('<displayName>');
  if (
    current.startsWith(pre) &&
    current.endsWith(post) &&
    current.length >= pre.length + post.length
  )
    return current;
  return template.replace('<displayName>', current);
}

/** The options' JSON Schema; the Options type is derived from it, so the two cannot drift apart. */
const OPTIONS = {
  type: 'object',
  additionalProperties: false,
  properties: {
    prefix: {
      type: 'string',
      pattern: '^[A-Za-z0-9._-]*$',
      description: 'Prepended to every name (default: "<app>-"); never added twice',
    },
    names: {
      type: 'object',
      additionalProperties: { type: 'string' },
      propertyNames: { not: { enum: ['__proto__', 'constructor', 'prototype'] } },
      default: {},
      description:
        "Exported name (or the workflow's org id, for two workflows with one name) -> final name; wins over the prefix",
    },
    displayName: {
      type: 'string',
      pattern: '<displayName>',
      description: 'Template for meta.displayName, e.g. "Acme: <displayName>"; off when not set',
    },
  },
} as const;

type Options = OptionsOf<typeof OPTIONS>;
/** What a config may write under `options` for this transform (the library's KwtConfig uses it). */
export type ConfigOptions = ConfigOptionsOf<typeof OPTIONS>;

export default defineTransform<Options>({
  id: 'rename',
  description:
    'Make workflow names unique to the app: <prefix><slug of the exported name>, or an explicit map',
  needsApp: true,
  options: OPTIONS,
  apply(workflow, ctx) {
    const name = workflow['name'];
    if (typeof name !== 'string') return workflow;
    const prefix = ctx.options.prefix ?? `${ctx.app.name}-`;
    const next = finalName(name, prefix, ctx.options.names, ctx.original['id']);
    const source = ctx.batch[ctx.index]?.source ?? '';
    if (next === '' || next === prefix) {
      ctx.error(
        `name "${name}" has no usable character for a workflow name; map it in rename.names`,
        '/name',
      );
      return workflow;
    }
    if (next.length > MAX_NAME_LENGTH) {
      ctx.error(
        `name "${next}" is ${next.length} characters; Kustomer allows ${MAX_NAME_LENGTH} (shorten it with rename.names or a shorter prefix)`,
        '/name',
      );
      return workflow;
    }
    const clash = (
      ctx
        .memo('sources-by-final-name', () =>
          sourcesByFinalName(ctx.batch, prefix, ctx.options.names),
        )
        .get(next) ?? []
    ).filter((s) => s !== source);
    if (clash.length > 0) {
      const id = ctx.original['id'];
      const key = typeof id === 'string' ? `"${id}" (its id) or "${name}"` : `"${name}"`;
      ctx.error(
        `name "${next}" would also be the name of ${clash.join(', ')}; give one of them another name in rename.names, keyed by ${key}`,
        '/name',
      );
      return workflow;
    }
    let out = next === name ? workflow : { ...workflow, name: next };
    const template = ctx.options.displayName;
    if (template !== undefined) {
      const meta = workflow['meta'];
      const current =
        meta &&
        typeof meta === 'object' &&
        !Array.isArray(meta) &&
        typeof meta['displayName'] === 'string'
          ? meta['displayName']
          : name;
      const display = applyDisplayName(current, template);
      if (
        display !== current ||
        !(meta && typeof meta === 'object' && !Array.isArray(meta) && 'displayName' in meta)
      ) {
        out = {
          ...out,
          meta: {
            ...(meta && typeof meta === 'object' && !Array.isArray(meta) ? meta : {}),
            displayName: display,
          },
        };
      }
    }
    return out;
  },
});
