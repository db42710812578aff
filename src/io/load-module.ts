// Loads a user's transform module (config path, package name or --plugin) and checks its shape before the engine uses it.
import * as path from 'node:path';
import * as fs from 'node:fs';
import { KwtError, errorMessage } from '../core/errors';
import type { TransformDefinition } from '../core/transform';

type AnyTransform = TransformDefinition<never>;

/** A path (`./x.js`, `/abs/x.mjs`, `x.cjs`) is resolved against `baseDir`; anything else is a package name. */
function resolveSpecifier(specifier: string, baseDir: string): string {
  const looksLikePath =
    specifier.startsWith('.') || path.isAbsolute(specifier) || /\.(c|m)?[jt]s$/.test(specifier);
  if (looksLikePath) {
    const file = path.resolve(baseDir, specifier);
    if (!fs.existsSync(file))
      throw new KwtError(
        'config',
        `cannot load transform module "${specifier}": no such file ${file}`,
      );
    return file;
  }
  try {
    return require.resolve(specifier, { paths: [baseDir] });
  } catch {
    throw new KwtError(
      'config',
      `unknown transform "${specifier}": not a built-in (run \`kwt list\`) and no such package next to the config (a module path starts with ./)`,
    );
  }
}

/**
 * Checks what a module exported (`{id, description, options?, apply}`), as the plugin thread reports it: that thread
 * takes `module.exports` or the default export and refuses anything but an object (plugin-host.ts).
 */
export function checkTransformShape(
  candidate: Record<string, unknown>,
  specifier: string,
): AnyTransform {
  const where = `transform module "${specifier}"`;
  const problems: string[] = [];
  if (typeof candidate['id'] !== 'string' || !/^[a-z0-9][a-z0-9._-]*$/i.test(candidate['id']))
    problems.push('"id" must be a non-empty string of letters, digits, ".", "_" and "-"');
  // An id is a key in reports and totals: one every object already has (constructor, toString) would read as that.
  else if (candidate['id'] in Object.prototype)
    problems.push(
      `"id" ${JSON.stringify(candidate['id'])} is a name every JavaScript object already has; choose another`,
    );
  if (candidate['checkOptions'] !== undefined && typeof candidate['checkOptions'] !== 'function')
    problems.push('"checkOptions" must be a function (options) => string[]');
  if (typeof candidate['apply'] !== 'function')
    problems.push('"apply" must be a function (workflow, ctx) => workflow');
  if (candidate['description'] !== undefined && typeof candidate['description'] !== 'string')
    problems.push('"description" must be a string');
  if (
    candidate['options'] !== undefined &&
    (typeof candidate['options'] !== 'object' ||
      candidate['options'] === null ||
      Array.isArray(candidate['options']))
  ) {
    problems.push('"options" must be a JSON Schema object');
  }
  if (problems.length > 0) throw new KwtError('config', `${where}: ${problems.join('; ')}`);
  const id = candidate['id'] as string;
  return {
    id,
    description: (candidate['description'] as string | undefined) ?? '',
    ...(candidate['options'] !== undefined
      ? { options: candidate['options'] as TransformDefinition['options'] }
      : {}),
    ...(candidate['needsApp'] === true ? { needsApp: true } : {}),
    ...(typeof candidate['checkOptions'] === 'function'
      ? {
          checkOptions: (
            candidate['checkOptions'] as NonNullable<AnyTransform['checkOptions']>
          ).bind(candidate),
        }
      : {}),
    apply: (candidate['apply'] as AnyTransform['apply']).bind(candidate),
  } as AnyTransform;
}

/**
 * Loads one module, in the plugin thread. CommonJS and ES modules both load through require there (Node >= 20.19
 * loads ES modules without top-level await this way); TypeScript needs a loader registered by the user (tsx, ts-node).
 */
export function loadTransformModule(specifier: string, baseDir: string): AnyTransform {
  const file = resolveSpecifier(specifier, baseDir);
  // Loaded and run in the plugin thread (plugin-worker.ts): its top level and its apply never run in kwt's own.
  const { loadInThread } = require('./plugin-worker') as typeof import('./plugin-worker');
  const exported = loadInThread(specifier, file);
  return checkTransformShape(exported, specifier);
}

/**
 * After a run's last call into custom transforms: one whose timer ended the plugin thread (process.exit after apply
 * returned) fails the run before anything is written. Built-ins only: nothing to ask, and the thread is never loaded.
 */
export function checkPluginsWhole(steps: readonly { builtIn?: boolean }[]): void {
  if (steps.every((s) => s.builtIn)) return;
  const { pluginThreadFailure } = require('./plugin-worker') as typeof import('./plugin-worker');
  const failure = pluginThreadFailure();
  if (failure !== undefined)
    throw new KwtError('config', `a custom transform ${failure}; nothing was written`);
}

/**
 * `--plugin PATH` (repeatable): modules resolved against the working folder, appended to the pipeline.
 * @lazy
 */
export function loadPlugins(specifiers: readonly string[], cwd: string): AnyTransform[] {
  const errors: string[] = [];
  const loaded: AnyTransform[] = [];
  for (const specifier of specifiers) {
    try {
      loaded.push(loadTransformModule(specifier, cwd));
    } catch (error) {
      errors.push(`--plugin ${specifier}: ${errorMessage(error)}`);
    }
  }
  if (errors.length > 0)
    throw new KwtError(
      'config',
      `cannot load ${errors.length === 1 ? 'a plugin' : `${errors.length} plugins`}`,
      errors,
    );
  return loaded;
}
