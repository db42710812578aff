// Finds and parses the config file: --config, else the nearest kwt.config.json up to the project root, else an empty config.
import * as path from 'node:path';
import * as fs from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import type { Json } from '../core/json';
import { KwtError } from '../core/errors';
import type { ModuleLoader } from '../core/config';
import { decodeText, parseInput } from '../json/parse-input';

export const DEFAULT_CONFIG_NAME = 'kwt.config.json';

export interface LoadedConfig {
  raw: Json;
  /** Label for messages. */
  label: string;
  /** Absolute path of the file read, when one was. */
  file?: string;
  /** Its text as read, for a command that rewrites it in its own style (`release --write`). */
  text?: string;
  /** Folder that module paths in the config are relative to. */
  dir: string;
  warnings: string[];
  /** Loads a transform module named in the config, relative to the config's folder. */
  loadModule: ModuleLoader;
}

function moduleLoader(dir: string): ModuleLoader {
  // The loader module is required only when a config names a module.
  return (specifier) =>
    (require('./load-module') as typeof import('./load-module')).loadTransformModule(
      specifier,
      dir,
    );
}

/** Config formats people reach for that kwt does not read, and why. */
const NOT_JSON = /\.(c?js|mjs|ts|cts|mts|ya?ml|toml)$/i;

/**
 * The nearest kwt.config.json from `cwd` up to the project root (the first folder with .git or package.json), as
 * ESLint and prettier find theirs. Outside any project only `cwd` itself is looked at: a stray config in /tmp or the
 * home folder must not steer a run.
 */
function discover(cwd: string): string | undefined {
  for (let dir = cwd; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, DEFAULT_CONFIG_NAME);
    if (fs.existsSync(candidate) && (dir === cwd || insideProject(dir))) return candidate;
    if (isProjectRoot(dir) || path.dirname(dir) === dir) return undefined;
  }
}

function isProjectRoot(dir: string): boolean {
  return fs.existsSync(path.join(dir, '.git')) || fs.existsSync(path.join(dir, 'package.json'));
}

/** Whether `dir` is a project root or lies below one. */
function insideProject(dir: string): boolean {
  for (let d = dir; ; d = path.dirname(d)) {
    if (isProjectRoot(d)) return true;
    if (path.dirname(d) === d) return false;
  }
}

/** A config is a few KiB; 64 MiB is far past any real one (an org's whole variable map included). */
const MAX_CONFIG_BYTES = 64 * 1024 * 1024;

export async function loadConfig(explicit: string | undefined, cwd: string): Promise<LoadedConfig> {
  if (explicit !== undefined && NOT_JSON.test(explicit)) {
    throw new KwtError(
      'config',
      `${explicit}: kwt's config is a JSON file (kwt.config.json): it is data that the config schema checks and editors complete, and reading it never runs code; transforms written in JavaScript are named in its "transforms" list or given with --plugin`,
    );
  }
  const found = explicit === undefined ? discover(cwd) : undefined;
  const file = explicit
    ? path.resolve(cwd, explicit)
    : (found ?? path.join(cwd, DEFAULT_CONFIG_NAME));
  const label =
    explicit ??
    (found !== undefined ? path.relative(cwd, found) || DEFAULT_CONFIG_NAME : DEFAULT_CONFIG_NAME);
  let bytes: Buffer;
  try {
    // A FIFO or device would block the read forever: only a regular file is a config.
    const info = await stat(file);
    if (!info.isFile())
      throw new KwtError('config', `${label}: not a regular file; the config is a JSON file`);
    // Refused by its size before a byte is read: a config of gigabytes is a mistake, not something to hold in memory.
    if (info.size > MAX_CONFIG_BYTES)
      throw new KwtError(
        'config',
        `${label}: ${(info.size / 1024 / 1024).toFixed(0)} MiB, larger than the ${MAX_CONFIG_BYTES / 1024 / 1024} MiB a config may be`,
      );
    bytes = await readFile(file);
  } catch (error) {
    if (error instanceof KwtError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (!explicit && code === 'ENOENT')
      return {
        raw: {},
        label: '(no config file)',
        dir: cwd,
        warnings: [],
        loadModule: moduleLoader(cwd),
      };
    throw new KwtError(
      'config',
      `${label}: cannot read config (${code === 'ENOENT' ? 'no such file' : (code ?? 'unknown error')})`,
    );
  }
  try {
    const parsed = parseInput(bytes, label);
    const text = decodeText(bytes);
    return {
      raw: parsed.value,
      label,
      file,
      ...(text !== undefined ? { text } : {}),
      dir: path.dirname(file),
      warnings: parsed.warnings,
      loadModule: moduleLoader(path.dirname(file)),
    };
  } catch (error) {
    if (error instanceof KwtError) throw new KwtError('config', error.message);
    throw error;
  }
}
