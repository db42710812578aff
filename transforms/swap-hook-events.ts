// swap-hook-events: replace org inbound-hook trigger events with events the app defines, declaring the hooks and triggers.
import { type Json, isObject } from '../src/core/json';
import { HOOK_EVENT } from '../src/core/kustomer';
import { appendTo, someOf } from '../src/core/lists';
import { appEventName, appVersionRef } from '../src/core/app-names';
import {
  defineTransform,
  type BatchEntry,
  type HookDeclaration,
  type ConfigOptionsOf,
  type OptionsOf,
} from '../src/core/transform';

type EventTarget = string | { name: string; displayName?: string; description?: string };

function hookEventOf(workflow: Json): string | undefined {
  const trigger = isObject(workflow) ? workflow['trigger'] : undefined;
  const eventName = isObject(trigger) ? trigger['eventName'] : undefined;
  return typeof eventName === 'string' && HOOK_EVENT.test(eventName) ? eventName : undefined;
}

/** "order.posted" -> "Order posted": a readable default for displayEventName. */
function humanize(name: string): string {
  const words = name
    .replace(/^kustomer\.app\.[^.]+\./, '')
    .replace(/[._-]+/g, ' ')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .trim()
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** Org hook event -> sources of the workflows that use it, for one batch (computed once per step through ctx.memo). */
function usersByEvent(batch: readonly BatchEntry[]): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const entry of batch) {
    const event = hookEventOf(entry.workflow);
    if (event) appendTo(map, event, entry.source);
  }
  return map;
}

/** The options' JSON Schema; the Options type is derived from it, so the two cannot drift apart. */
const OPTIONS = {
  type: 'object',
  additionalProperties: false,
  properties: {
    events: {
      type: 'object',
      default: {},
      description:
        'Org hook event name or hook id -> app event: "order.posted", "kustomer.app.<app>.order.posted" or {name, displayName, description}',
      propertyNames: { not: { enum: ['__proto__', 'constructor', 'prototype'] } },
      additionalProperties: {
        anyOf: [
          { type: 'string', minLength: 1, pattern: '^[A-Za-z0-9._-]+$' },
          {
            type: 'object',
            additionalProperties: false,
            required: ['name'],
            properties: {
              name: { type: 'string', minLength: 1, pattern: '^[A-Za-z0-9._-]+$' },
              displayName: { type: 'string' },
              description: { type: 'string' },
            },
          },
        ],
      },
    },
    unmapped: {
      enum: ['error', 'keep'],
      default: 'error',
      description:
        'What an org hook event with no mapping does: "error" (default) or "keep" (a warning)',
    },
  },
} as const;

type Options = OptionsOf<typeof OPTIONS>;
/** What a config may write under `options` for this transform (the library's KwtConfig uses it). */
export type ConfigOptions = ConfigOptionsOf<typeof OPTIONS>;

export default defineTransform<Options>({
  id: 'swap-hook-events',
  description:
    'Swap org inbound-hook events (kustomer.hooks.<kind>.<id>.receive) for events the app defines, adding hooks and triggers',
  needsApp: true,
  options: OPTIONS,
  apply(workflow, ctx) {
    const event = hookEventOf(workflow);
    if (!event) return workflow;
    const [, kind, hookId] = HOOK_EVENT.exec(event) as RegExpExecArray;
    const events = ctx.options.events;
    const own = (key: string): EventTarget | undefined =>
      Object.prototype.hasOwnProperty.call(events, key) ? events[key] : undefined;
    const target = own(event) ?? own(hookId as string);
    const source = ctx.batch[ctx.index]?.source;
    if (target === undefined) {
      const users = ctx.memo('users-by-event', () => usersByEvent(ctx.batch)).get(event) ?? [];
      // One message per event, on its first user, naming the workflows that use it.
      if (users[0] === source) {
        const message = `unmapped org hook event ${event} (used by ${someOf(users)}); map "${hookId}" in swap-hook-events.events`;
        if (ctx.options.unmapped === 'keep') ctx.warn(message, '/trigger/eventName');
        else ctx.error(message, '/trigger/eventName');
      }
      return workflow;
    }
    const app = ctx.app.name as string;
    const spec = typeof target === 'string' ? { name: target } : target;
    const eventName = appEventName(app, spec.name);
    const displayEventName = spec.displayName ?? humanize(eventName);
    const hook: HookDeclaration = {
      eventName,
      displayEventName,
      description: spec.description ?? `${displayEventName} (inbound ${kind} hook)`,
      type: kind as HookDeclaration['type'],
    };
    ctx.contribute.hook(hook);
    ctx.contribute.trigger({ eventName, description: hook.description });

    const trigger = { ...(workflow['trigger'] as Record<string, Json>) };
    trigger['eventName'] = eventName;
    const version = appVersionRef(app, ctx.app.version);
    if (version) trigger['appVersion'] = version;
    else delete trigger['appVersion'];
    return { ...workflow, trigger };
  },
});
