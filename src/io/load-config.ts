// Finds and parses the config file: --config, else ./kwt.config.json when present, else an empty config.
import * as path from 'node:path';
import { readFile, stat } from 'node:fs/promises';
import type { Json } from '../core/json';
import { KwtError } from '../core/errors';
import type { ModuleLoader } from '../core/config';
import { parseInput } from './parse-input';

export const DEFAULT_CONFIG_NAME = 'kwt.config.json';

export interface LoadedConfig {
  raw: Json;
  /** Label for messages. */
  label: string;
  /** Absolute path of the file read, when one was. */
  file?: string;
  /** Folder that module paths in the config are relative to. */
  dir: string;
  warnings: string[];
  /** Loads a transform module named in the config, relative to the config's folder. */
  loadModule: ModuleLoader;
}

function moduleLoader(dir: string): ModuleLoader {
  // The loader module is required only when a config names a module.
  return (specifier) => (require('./load-module') as typeof import('./load-module')).loadTransformModule(specifier, dir);
}

export async function loadConfig(explicit: string | undefined, cwd: string): Promise<LoadedConfig> {
  const file = explicit ? path.resolve(cwd, explicit) : path.join(cwd, DEFAULT_CONFIG_NAME);
  const label = explicit ?? DEFAULT_CONFIG_NAME;
  let bytes: Buffer;
  try {
    // A FIFO or device would block the read forever: only a regular file is a config.
    if (!(await stat(file)).isFile()) throw new KwtError('config', `${label}: not a regular file; the config is a JSON file`);
    bytes = await readFile(file);
  } catch (error) {
    if (error instanceof KwtError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (!explicit && code === 'ENOENT') return { raw: {}, label: '(no config file)', dir: cwd, warnings: [], loadModule: moduleLoader(cwd) };
    throw new KwtError('config', `${label}: cannot read config (${code === 'ENOENT' ? 'no such file' : (code ?? 'unknown error')})`);
  }
  try {
    const parsed = parseInput(bytes, label);
    return { raw: parsed.value, label, file, dir: path.dirname(file), warnings: parsed.warnings, loadModule: moduleLoader(path.dirname(file)) };
  } catch (error) {
    if (error instanceof KwtError) throw new KwtError('config', error.message);
    throw error;
  }
}
