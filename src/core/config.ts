// Resolves a kwt.config.json object into an app identity and an ordered list of transforms with validated options.
import { type Json, type JsonObject, isObject, UNSAFE_KEYS } from './json';
import { KwtError, errorMessage } from './errors';
import { APP_NAME_RULE, VERSION_RULE, isAppName, isSemver } from './kustomer';
import { resolveOptions } from './options';
import type { AppInfo, TransformCatalog, TransformDefinition } from './transform';
import { didYouMean } from './suggest-name';
import { resolvePolicy, type ReleasePolicy } from './release-policy';
import { pushAll } from './lists';

export interface ResolvedStep {
  transform: TransformDefinition<never>;
  options: JsonObject;
  /** A built-in: its result is trusted to be plain JSON. Anything else is checked after every apply. */
  builtIn?: boolean;
}

export interface ValidateSettings {
  /** Extra top-level app-definition keys to accept (Kustomer adds keys over time). */
  allowAppKeys: string[];
  /** Per-rule severity overrides: `off`, `warning` or `error`. */
  rules: Record<string, 'off' | 'warning' | 'error'>;
}

export interface ResolvedConfig {
  app: AppInfo;
  steps: ResolvedStep[];
  validate: ValidateSettings;
}

/** What the config is checked against: the built-in transforms and the validation rule codes (given by the caller). */
export interface ConfigCatalog {
  transforms: TransformCatalog;
  ruleCodes: readonly string[];
}

export interface ConfigOverrides {
  app?: string;
  version?: string;
  /** `-t`: run only these transform ids, in the pipeline's order. */
  only?: readonly string[];
  /** App identity found in the inputs or the --into target, used when neither flags nor config give one. */
  fallback?: AppInfo;
  /** The --into target's identity: a config version that differs from it is an error (the flag settles it). */
  target?: AppInfo;
  /** `--plugin`: extra transforms appended to the pipeline. */
  plugins?: readonly TransformDefinition<never>[];
}

/** Loads a custom transform module named by a config entry (supplied by the I/O layer; the core never touches files). */
export type ModuleLoader = (specifier: string) => TransformDefinition<never>;

const TOP_KEYS = new Set([
  '$schema',
  'app',
  'version',
  'transforms',
  'options',
  'validate',
  'release',
]);
export function checkAppName(name: string, where: string): string | undefined {
  return isAppName(name) ? undefined : `${where}: ${APP_NAME_RULE(name)}`;
}

export function checkVersion(version: string, where: string): string | undefined {
  return isSemver(version) ? undefined : `${where}: ${VERSION_RULE(version)}`;
}

/** The app's name and version: flags, then the config, then the --into app (a config version it contradicts is an error). */
function resolveApp(
  raw: JsonObject,
  file: string,
  overrides: ConfigOverrides,
  errors: string[],
): { name?: string; version?: string } {
  const app: { name?: string; version?: string } = {};
  const appName = overrides.app ?? raw['app'] ?? overrides.fallback?.name;
  if (appName !== undefined) {
    if (typeof appName !== 'string') errors.push(`${file}: "app" must be a string`);
    else {
      const problem = checkAppName(appName, overrides.app !== undefined ? '--app' : file);
      if (problem) errors.push(problem);
      app.name = appName;
    }
  }
  const version = overrides.version ?? raw['version'] ?? overrides.fallback?.version;
  const targetVersion = overrides.target?.version;
  if (
    overrides.version === undefined &&
    typeof raw['version'] === 'string' &&
    targetVersion !== undefined &&
    raw['version'] !== targetVersion
  ) {
    errors.push(
      `${file}: "version" is ${raw['version']} but the --into app is at ${targetVersion}; pass --app-version with the version being released (it wins over both)`,
    );
  }
  if (version !== undefined) {
    if (typeof version !== 'string') errors.push(`${file}: "version" must be a string`);
    else {
      const where = overrides.version !== undefined ? '--app-version' : file;
      const problem = checkVersion(version, where);
      if (problem) errors.push(problem);
      app.version = version;
    }
  }
  return app;
}

/** What resolving the pipeline needs at hand. */
interface StepContext {
  file: string;
  catalog: ConfigCatalog;
  optionsFor: (id: string) => JsonObject | undefined;
  loadModule: ModuleLoader | undefined;
  errors: string[];
}

/** One `transforms` entry (an id, [id, options] or a module path) as a step with checked options. */
function resolveStep(entry: Json, i: number, c: StepContext): ResolvedStep | undefined {
  const { errors, catalog } = c;
  const findBuiltIn = (id: string): TransformDefinition<never> | undefined =>
    catalog.transforms.find(id);
  const where = `${c.file}: transforms[${i}]`;
  let id: Json | undefined = entry;
  let given: Json | undefined;
  if (Array.isArray(entry)) {
    [id, given] = entry;
    if (entry.length > 2)
      errors.push(`${where}: expected [id, options], found ${entry.length} elements`);
    if (given !== undefined && !isObject(given)) {
      errors.push(`${where}: options must be an object`);
      given = undefined;
    }
  }
  if (typeof id !== 'string') {
    errors.push(`${where}: expected a transform id, [id, options] or a module path`);
    return undefined;
  }
  let transform: TransformDefinition<never> | undefined = findBuiltIn(id);
  // Not a built-in: a path, or a package name resolved from the config's folder.
  if (!transform && c.loadModule) {
    try {
      transform = c.loadModule(id);
    } catch (error) {
      // A package name close to a built-in id is most likely a typo of it.
      errors.push(`${where}: ${errorMessage(error)}${didYouMean(id, catalog.transforms.ids)}`);
      return undefined;
    }
    if (findBuiltIn(transform.id)) {
      errors.push(
        `${where}: transform module "${id}": id "${transform.id}" is a built-in transform's; choose another id`,
      );
      return undefined;
    }
  }
  if (!transform) {
    errors.push(
      `${where}: unknown transform "${id}"${didYouMean(id, catalog.transforms.ids)} (run \`kwt list\` for the built-ins)`,
    );
    return undefined;
  }
  const builtIn = findBuiltIn(id) === transform;
  const merged = {
    ...(c.optionsFor(transform.id) ?? {}),
    ...((given as JsonObject | undefined) ?? {}),
  };
  const resolved = resolveOptions(transform, merged, `${where} (${transform.id})`, builtIn);
  pushAll(errors, resolved.errors);
  return { transform, options: resolved.options, ...(builtIn ? { builtIn: true } : {}) };
}

/** The pipeline: the config's `transforms` (or the default), then --plugin modules; options checked, ids unique. */
function resolveSteps(raw: JsonObject, c: StepContext, overrides: ConfigOverrides): ResolvedStep[] {
  const { errors, catalog, file } = c;
  const entries = raw['transforms'] ?? [...catalog.transforms.defaultPipeline];
  const steps: ResolvedStep[] = [];
  if (!Array.isArray(entries)) {
    errors.push(
      `${file}: "transforms" must be an array of ids, [id, options] pairs or module paths`,
    );
  } else {
    entries.forEach((entry, i) => {
      const step = resolveStep(entry, i, c);
      if (step) steps.push(step);
    });
  }
  for (const plugin of overrides.plugins ?? []) {
    if (catalog.transforms.find(plugin.id)) {
      errors.push(`--plugin: id "${plugin.id}" is a built-in transform's; choose another id`);
      continue;
    }
    const resolved = resolveOptions(plugin, c.optionsFor(plugin.id), `--plugin ${plugin.id}`);
    pushAll(errors, resolved.errors);
    steps.push({ transform: plugin, options: resolved.options });
  }
  const ids = steps.map((s) => s.transform.id);
  ids.forEach((id, i) => {
    if (ids.indexOf(id) !== i)
      errors.push(`${file}: transform "${id}" appears twice in the pipeline`);
  });
  return steps;
}

/** The steps -t chose (each must be in the pipeline); a step that needs the app's name needs one. */
function selectSteps(
  steps: readonly ResolvedStep[],
  app: { name?: string },
  c: StepContext,
  overrides: ConfigOverrides,
): ResolvedStep[] {
  const ids = steps.map((s) => s.transform.id);
  let selected = [...steps];
  if (overrides.only !== undefined) {
    for (const id of overrides.only) {
      if (!ids.includes(id))
        c.errors.push(
          `-t ${id}: ${c.catalog.transforms.find(id) ? 'not in the configured pipeline' : `unknown transform${didYouMean(id, ids)} (run \`kwt list\`)`}`,
        );
    }
    selected = steps.filter((s) => overrides.only!.includes(s.transform.id));
  }
  if (!app.name) {
    const needing = selected.filter((s) => s.transform.needsApp).map((s) => s.transform.id);
    if (needing.length > 0)
      c.errors.push(
        `no app name: ${needing.join(', ')} need${needing.length === 1 ? 's' : ''} it; set "app" in ${c.file} or pass --app (\`kwt init <exports> --app NAME --write\` writes a starter config)`,
      );
  }
  return selected;
}

/** Every problem is collected and thrown together, so one run shows the whole list. */
export function resolveConfig(
  raw: Json,
  file: string,
  catalog: ConfigCatalog,
  overrides: ConfigOverrides = {},
  loadModule?: ModuleLoader,
): ResolvedConfig {
  const errors: string[] = [];
  if (!isObject(raw)) throw new KwtError('config', `${file}: the config must be a JSON object`);
  for (const key of Object.keys(raw)) {
    if (!TOP_KEYS.has(key))
      errors.push(
        `${file}: unknown key "${key}" (allowed: ${[...TOP_KEYS].filter((k) => k !== '$schema').join(', ')})`,
      );
  }
  const app = resolveApp(raw, file, overrides, errors);
  const sharedOptions = raw['options'] ?? {};
  if (!isObject(sharedOptions))
    errors.push(`${file}: "options" must be an object keyed by transform id`);
  const optionsFor = (id: string): JsonObject | undefined => {
    const value = isObject(sharedOptions) ? sharedOptions[id] : undefined;
    return isObject(value) ? value : undefined;
  };
  const c: StepContext = { file, catalog, optionsFor, loadModule, errors };
  const steps = resolveSteps(raw, c, overrides);
  if (isObject(sharedOptions)) {
    for (const id of Object.keys(sharedOptions)) {
      if (!steps.some((s) => s.transform.id === id))
        errors.push(`${file}: options."${id}": no transform "${id}" in the pipeline`);
    }
  }
  const selected = selectSteps(steps, app, c, overrides);
  const validate = resolveValidate(raw['validate'], file, catalog.ruleCodes, errors);
  resolveRelease(raw['release'], file, errors);
  if (errors.length > 0)
    throw new KwtError(
      'config',
      `invalid configuration (${errors.length} problem${errors.length === 1 ? '' : 's'})`,
      errors,
    );
  return { app, steps: selected, validate };
}

function resolveValidate(
  raw: Json | undefined,
  file: string,
  ruleCodes: readonly string[],
  errors: string[],
): ValidateSettings {
  const out: ValidateSettings = { allowAppKeys: [], rules: {} };
  if (raw === undefined) return out;
  if (!isObject(raw)) {
    errors.push(`${file}: "validate" must be an object`);
    return out;
  }
  for (const key of Object.keys(raw)) {
    if (key === 'allowAppKeys') {
      const keys = raw[key];
      if (Array.isArray(keys) && keys.every((k) => typeof k === 'string')) out.allowAppKeys = keys;
      else errors.push(`${file}: validate.allowAppKeys must be an array of strings`);
    } else if (key === 'rules') {
      const rules = raw[key];
      if (!isObject(rules)) {
        errors.push(`${file}: validate.rules must be an object`);
        continue;
      }
      for (const [code, level] of Object.entries(rules)) {
        if (UNSAFE_KEYS.has(code) || !ruleCodes.includes(code))
          errors.push(
            `${file}: validate.rules: "${code}" is not a rule code${didYouMean(code, ruleCodes)}`,
          );
        else if (level === 'off' || level === 'warning' || level === 'error')
          out.rules[code] = level;
        else errors.push(`${file}: validate.rules.${code}: must be "off", "warning" or "error"`);
      }
    } else {
      errors.push(`${file}: validate: unknown key "${key}" (allowed: allowAppKeys, rules)`);
    }
  }
  return out;
}

export interface ReleaseSettings {
  /** The bump each kind of change asks for, with the config's overrides. */
  policy: ReleasePolicy;
}

/** The config's "release" section (`{"policy": {"<kind>": "major"|"minor"|"patch"}}`); problems are pushed to `errors`. */
export function resolveRelease(
  raw: Json | undefined,
  file: string,
  errors: string[],
): ReleaseSettings {
  if (raw !== undefined && !isObject(raw)) errors.push(`${file}: "release" must be an object`);
  const section = isObject(raw) ? raw : {};
  for (const key of Object.keys(section))
    if (key !== 'policy') errors.push(`${file}: release: unknown key "${key}" (allowed: policy)`);
  const given = section['policy'];
  if (given !== undefined && !isObject(given))
    errors.push(`${file}: release.policy must be an object of kind to bump`);
  const { policy, problems } = resolvePolicy(isObject(given) ? given : undefined);
  for (const p of problems) errors.push(`${file}: ${p}`);
  return { policy };
}

/** The release settings alone (for `kwt release`, which runs no transform): throws every problem at once. */
export function releaseSettings(raw: Json, file: string): ReleaseSettings {
  const errors: string[] = [];
  if (!isObject(raw)) throw new KwtError('config', `${file}: the config must be a JSON object`);
  const settings = resolveRelease(raw['release'], file, errors);
  if (errors.length > 0)
    throw new KwtError(
      'config',
      `invalid configuration (${errors.length} problem${errors.length === 1 ? '' : 's'})`,
      errors,
    );
  return settings;
}
