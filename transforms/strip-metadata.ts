// strip-metadata: keep only what an app workflow may carry, per level; drop server fields, `_id`s and unknown keys.
import { type Json, type JsonObject, isObject } from '../src/core/json';
import { MAX_DESCRIPTION_LENGTH, ALLOWED_KEYS } from '../src/core/kustomer';
import { referencedWorkflowIds } from '../src/core/batch-facts';
import { defineTransform, type ConfigOptionsOf, type OptionsOf } from '../src/core/transform';

/** Copy `source` with only `allowed` keys, in source order. Returns `source` itself when nothing is dropped. */
function pick(source: JsonObject, allowed: ReadonlySet<string>): JsonObject {
  const keys = Object.keys(source);
  // Loops, not every/filter callbacks: this runs for every step and transition of the batch.
  let i = 0;
  while (i < keys.length && allowed.has(keys[i] as string)) i++;
  if (i === keys.length) return source;
  const out: JsonObject = {};
  for (const key of keys) if (allowed.has(key)) out[key] = source[key] as Json;
  return out;
}

const TRIGGER_KEYS = new Set<string>(ALLOWED_KEYS.trigger);
const STEP_KEYS = new Set<string>(ALLOWED_KEYS.step);
const TRANSITION_KEYS = new Set<string>(ALLOWED_KEYS.transition);

function cleanTransitions(value: Json | undefined): Json | undefined {
  if (!Array.isArray(value)) return value;
  let changed = false;
  const out = value.map((t) => {
    if (!isObject(t)) return t;
    const next = pick(t, TRANSITION_KEYS);
    if (next !== t) changed = true;
    return next;
  });
  return changed ? out : value;
}

/** Pick keys, clean transitions, and add defaults, sharing unchanged objects. */
function cleanNode(
  node: JsonObject,
  allowed: ReadonlySet<string>,
  defaults: JsonObject,
): JsonObject {
  let out = pick(node, allowed);
  const transitions = cleanTransitions(out['transitions']);
  const missing = Object.keys(defaults).filter((k) => !(k in out));
  if (transitions === out['transitions'] && missing.length === 0) return out;
  out = { ...out };
  if (transitions !== undefined) out['transitions'] = transitions;
  for (const key of missing) out[key] = defaults[key] as Json;
  return out;
}

/** The options' JSON Schema; the Options type is derived from it, so the two cannot drift apart. */
const OPTIONS = {
  type: 'object',
  additionalProperties: false,
  properties: {
    keep: {
      type: 'array',
      items: { type: 'string' },
      default: [],
      description:
        'Extra root keys to keep (for example "enabled"), beyond name, description, meta, trigger, steps, response',
    },
    longDescriptions: {
      enum: ['error', 'truncate'],
      default: 'error',
      description: `A description over ${MAX_DESCRIPTION_LENGTH} characters: "error" leaves it for validation to refuse; "truncate" cuts it to fit, ending in an ellipsis, with a warning`,
    },
  },
} as const;

type Options = OptionsOf<typeof OPTIONS>;
/** What a config may write under `options` for this transform (the library's KwtConfig uses it). */
export type ConfigOptions = ConfigOptionsOf<typeof OPTIONS>;

export default defineTransform<Options>({
  id: 'strip-metadata',
  description:
    'Keep only what an app workflow may carry: drop server fields, _ids, envelopes and unknown keys',
  options: OPTIONS,
  apply(workflow, ctx) {
    // The field goes (apps have their own enable state), but what it meant must not: shipped, the workflow runs everywhere.
    if (workflow['enabled'] === false) {
      const name = typeof workflow['name'] === 'string' ? `"${workflow['name']}"` : 'this workflow';
      ctx.warn(
        `${name} is disabled in the org (enabled: false); in an app it runs for every installer (leave it out with --exclude-disabled)`,
        '/enabled',
      );
    }
    const trigger = workflow['trigger'];
    const callable = isObject(trigger) && trigger['callable'] === true;
    const rootKeys = new Set<string>([...ALLOWED_KEYS.root, ...ctx.options.keep]);
    if (!callable) rootKeys.delete('response');
    // An id survives only where a workflow of the batch calls or schedules it (the platform remaps it at install).
    if (
      typeof workflow['id'] === 'string' &&
      ctx.memo('referenced-ids', () => referencedWorkflowIds(ctx.batch)).has(workflow['id'])
    )
      rootKeys.add('id');
    let out = pick(workflow, rootKeys);
    const description = out['description'];
    if (
      ctx.options.longDescriptions === 'truncate' &&
      typeof description === 'string' &&
      description.length > MAX_DESCRIPTION_LENGTH
    ) {
      // Never cut between the two halves of a surrogate pair (an emoji): one code unit less then.
      let end = MAX_DESCRIPTION_LENGTH - 1;
      if (/[\uD800-\uDBFF]/.test(description.charAt(end - 1))) end--;
      out = { ...out, description: description.slice(0, end) + '…' };
      ctx.warn(
        `description was ${description.length} characters; truncated to ${MAX_DESCRIPTION_LENGTH} (strip-metadata.longDescriptions)`,
        '/description',
      );
    }

    if (isObject(trigger)) {
      const next = cleanNode(trigger, TRIGGER_KEYS, { id: '1' });
      if (next !== trigger) out = { ...out, trigger: next };
    }
    const steps = out['steps'];
    if (Array.isArray(steps)) {
      let changed = false;
      const nextSteps = steps.map((step) => {
        if (!isObject(step)) return step;
        const next = cleanNode(step, STEP_KEYS, { errorCases: [] });
        if (next !== step) changed = true;
        return next;
      });
      if (changed) out = { ...out, steps: nextSteps };
    }
    return out;
  },
});
