// Validates a transform's options against its declared JSON Schema (ajv), applying defaults; every problem at once.
import type { ErrorObject, ValidateFunction } from 'ajv';
import type { JsonObject } from './json';
import { cloneJson } from './json';
import { errorMessage } from './errors';
import type { OptionsSchema, TransformDefinition } from './transform';

type AjvInstance = import('ajv').default;

/** The same options for the committed validators (scripts/generate.ts) and at run time, so both behave alike. */
export const AJV_OPTIONS = { allErrors: true, useDefaults: true, strict: false } as const;
let ajv: AjvInstance | undefined;
// Keyed by the schema object the caller owns, so each transform's schema compiles once per process.
const compiled = new WeakMap<object, ValidateFunction>();

// ajv is loaded on first use only: `kwt --version` and `kwt list` never pay for it.
function getAjv(): AjvInstance {
  if (!ajv) {
    const Ajv = (require('ajv') as { default: new (opts: object) => AjvInstance }).default;
    ajv = new Ajv(AJV_OPTIONS);
  }
  return ajv;
}

/** The schema a transform's options are checked against: unknown keys are always rejected. */
export function closedSchema(schema: OptionsSchema | undefined): OptionsSchema {
  return { type: 'object', additionalProperties: false, properties: {}, ...(schema ?? {}) };
}

export function compileSchema(schema: object, cacheKey: object = schema): ValidateFunction {
  let fn = compiled.get(cacheKey);
  if (!fn) {
    fn = getAjv().compile(schema);
    compiled.set(cacheKey, fn);
  }
  return fn;
}

/** Turn ajv's errors into one readable line each, prefixed by `where`. */
export function describeErrors(
  errors: readonly ErrorObject[] | null | undefined,
  where: string,
): string[] {
  const out: string[] = [];
  const all = errors ?? [];
  // Where a value failed every branch of an anyOf, the branch whose type did not even match says nothing useful:
  // one bad event name gives one error ("must match pattern"), not that and "must be object".
  const alternatives = new Set(
    all.filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf').map((e) => e.instancePath),
  );
  const informative = new Set(
    all
      .filter((e) => e.keyword !== 'type' && e.keyword !== 'anyOf' && e.keyword !== 'oneOf')
      .map((e) => e.instancePath),
  );
  for (const e of all) {
    if (e.keyword === 'type' && alternatives.has(e.instancePath) && informative.has(e.instancePath))
      continue;
    const at = e.instancePath ? `${where}${e.instancePath.replace(/\//g, '.')}` : where;
    if (e.keyword === 'additionalProperties') {
      out.push(
        `${at}: unknown option "${(e.params as { additionalProperty: string }).additionalProperty}"`,
      );
    } else if (e.keyword === 'enum') {
      out.push(
        `${at}: must be one of ${(e.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')}`,
      );
    } else if (e.keyword === 'oneOf' || e.keyword === 'anyOf' || e.keyword === 'if') {
      continue; // the branch errors above say what is wrong; this summary line adds nothing
    } else {
      out.push(`${at}: ${e.message ?? 'is invalid'}`);
    }
  }
  return [...new Set(out)];
}

export interface OptionsResult {
  options: JsonObject;
  errors: string[];
}

type Generated = Record<string, ValidateFunction> & { __schemas: Record<string, string> };
let generated: Generated | undefined;

/**
 * The built-ins' validators, generated ahead of time (scripts/generate.ts): one is used only while its schema text still
 * matches the transform's, so an option schema edited without regenerating is compiled at run time instead.
 */
function pregenerated(
  transform: TransformDefinition<never>,
  schema: OptionsSchema,
): ValidateFunction | undefined {
  generated ??= require('./option-validators.generated') as Generated;
  const fn = generated[transform.id];
  if (typeof fn !== 'function' || generated.__schemas[transform.id] !== JSON.stringify(schema))
    return undefined;
  return fn;
}

/** Validate user options for `transform`; returns the options with defaults merged, or the problems. */
export function resolveOptions(
  transform: TransformDefinition<never>,
  given: JsonObject | undefined,
  where: string,
  builtIn = false,
): OptionsResult {
  const result = validateOptions(transform, given, where, builtIn);
  if (result.errors.length > 0 || !transform.checkOptions) return result;
  // What a schema cannot say (a JSONPath's syntax, a template's placeholders): the transform's own check, at config time.
  let problems: readonly string[];
  try {
    problems = transform.checkOptions(result.options as never);
  } catch (error) {
    problems = [`checkOptions failed: ${errorMessage(error)}`];
  }
  return { options: result.options, errors: problems.map((p) => `${where}: ${p}`) };
}

function validateOptions(
  transform: TransformDefinition<never>,
  given: JsonObject | undefined,
  where: string,
  builtIn: boolean,
): OptionsResult {
  const options = cloneJson(given ?? {});
  // No options given and none required: the result is just the top-level defaults, so skip compiling a
  // schema (ajv compiles cost ~10 ms each, most of a one-file run). Anything else goes through ajv.
  const schema = transform.options;
  // A custom transform's schema is always compiled, so a broken one is reported even when no options are given.
  if (builtIn && Object.keys(options).length === 0 && !(schema && 'required' in schema)) {
    const properties = (schema?.['properties'] ?? {}) as Record<string, { default?: unknown }>;
    for (const [key, spec] of Object.entries(properties)) {
      if (spec && typeof spec === 'object' && 'default' in spec)
        options[key] = cloneJson(spec.default as JsonObject);
    }
    return { options, errors: [] };
  }
  const closed = closedSchema(transform.options);
  let validate: ValidateFunction;
  try {
    validate =
      (builtIn ? pregenerated(transform, closed) : undefined) ?? compileSchema(closed, transform);
  } catch (error) {
    // A plugin's schema that ajv cannot compile is the plugin's mistake, reported like any config problem.
    return {
      options,
      errors: [
        `${where}: the transform declares an invalid options schema (${errorMessage(error)})`,
      ],
    };
  }
  if (validate(options)) return { options, errors: [] };
  return { options, errors: describeErrors(validate.errors, where) };
}
