// Expands the inputs the user named (files, folders, globs, `-`) and reads each into recognised workflows.
import * as path from 'node:path';
// node:fs on this hot path: every run reads inputs, and fs-extra costs ~14 ms to load.
import * as fs from 'node:fs';
import { KwtError, errorMessage } from '../core/errors';
import { recognise, type ParsedInput } from '../core/input-shapes';
import { MAX_INPUT_BYTES, inputTooLarge, parseInput } from './parse-input';

export interface InputFile {
  /** Path as shown to the user (relative to cwd when the user gave it so), or `-` for stdin. */
  label: string;
  /** Absolute path, or undefined for stdin. */
  absolute?: string;
  /** Reached through a symlink (its real path may have another name). */
  link?: boolean;
}

export interface ReadResult {
  file: InputFile;
  parsed?: ParsedInput;
  error?: KwtError;
  warnings: string[];
}

const GLOB_CHARS = /[*?[\]{}]/;

/**
 * Every *.json file below `dir`, following symlinks (a linked folder is entered once: a link back up is a loop, skipped
 * with a note). Hidden entries and node_modules are skipped. Broken links and unreadable entries are listed in `skipped`.
 */
function jsonFilesBelow(dir: string, label: string, skipped: string[], visited = new Set<string>()): { path: string; link: boolean }[] {
  const real = fs.realpathSync(dir);
  if (visited.has(real)) {
    skipped.push(`${label}: a link back to a folder already read (a loop); skipped`);
    return [];
  }
  visited.add(real);
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch (error) {
    throw new KwtError('input', `${label}: cannot read this folder (${describeCode(error)})`);
  }
  const out: { path: string; link: boolean }[] = [];
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    const shown = path.join(label, entry.name);
    let kind: 'dir' | 'file' | 'other' = entry.isDirectory() ? 'dir' : entry.isFile() ? 'file' : 'other';
    if (entry.isSymbolicLink()) {
      try {
        const target = fs.statSync(full);
        kind = target.isDirectory() ? 'dir' : target.isFile() ? 'file' : 'other';
      } catch {
        if (entry.name.endsWith('.json')) skipped.push(`${shown}: a broken link; skipped`);
        continue;
      }
    }
    if (kind === 'dir') out.push(...jsonFilesBelow(full, shown, skipped, visited));
    else if (entry.name.endsWith('.json')) {
      if (kind === 'file') out.push({ path: full, link: entry.isSymbolicLink() });
      else skipped.push(`${shown}: not a regular file (FIFO, socket or device); skipped`);
    }
  }
  return out;
}

function describeCode(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'EACCES' ? 'permission denied' : (code ?? errorMessage(error));
}

export interface ExpandedInputs extends Array<InputFile> {
  /** Entries of input folders that were not read, each with the reason (shown as notes). */
  skipped?: string[];
}

/** Sorted, de-duplicated list of input files. A missing path or an empty folder is an error naming it. */
export async function expandInputs(inputs: readonly string[], cwd: string): Promise<ExpandedInputs> {
  const files: ExpandedInputs = [];
  const skipped: string[] = [];
  const seen = new Set<string>();
  const add = (absolute: string, link: boolean): void => {
    if (seen.has(absolute)) return;
    seen.add(absolute);
    const relative = path.relative(cwd, absolute);
    files.push({ label: relative.startsWith('..') || path.isAbsolute(relative) ? absolute : relative, absolute, ...(link ? { link } : {}) });
  };
  const isLink = (file: string): boolean => fs.lstatSync(file, { throwIfNoEntry: false })?.isSymbolicLink() ?? false;
  const problems: string[] = [];
  for (const input of inputs) {
    if (input === '-') {
      if (!seen.has('-')) files.push({ label: '-' });
      seen.add('-');
      continue;
    }
    const absolute = path.resolve(cwd, input);
    const stat = await fs.promises.stat(absolute).catch(() => undefined);
    if (stat?.isDirectory()) {
      const found = jsonFilesBelow(absolute, input, skipped);
      if (found.length === 0) problems.push(`${input}: folder has no *.json file`);
      for (const f of found) add(f.path, f.link);
    } else if (stat?.isFile()) {
      add(absolute, isLink(absolute));
    } else if (stat) {
      problems.push(`${input}: not a regular file (a FIFO, socket or device); kwt reads files, folders, globs or - for stdin`);
    } else if (GLOB_CHARS.test(input)) {
      // Loaded only when a pattern is given; `require` keeps it loadable under Jest's CommonJS runtime too.
      const { glob } = require('tinyglobby') as typeof import('tinyglobby');
      const found = (await glob([input], { cwd, absolute: true, onlyFiles: true })).sort();
      if (found.length === 0) problems.push(`${input}: no file matches this pattern`);
      for (const f of found) add(f, isLink(f));
    } else {
      problems.push(`${input}: no such file or folder`);
    }
  }
  if (problems.length > 0)
    throw new KwtError('input', problems.length === 1 ? (problems[0] as string) : 'some inputs cannot be read', problems.length === 1 ? [] : problems);
  if (skipped.length > 0) files.skipped = skipped;
  return files;
}

function baseName(file: InputFile): string {
  return file.absolute ? path.basename(file.absolute, path.extname(file.absolute)) : 'stdin';
}

/** The bytes of one input (a file, or stdin for `-`), refused before reading when larger than `limit`. */
export async function readBytes(file: InputFile, readStdin: (limit: number) => Promise<Buffer>, limit: number = MAX_INPUT_BYTES): Promise<Buffer> {
  try {
    if (!file.absolute) return await readStdin(limit);
    // Synchronous on purpose: for thousands of small files it is ~10% faster end to end than async reads
    // through the thread pool (measured by npm run bench), and a CLI has nothing else to do meanwhile.
    const fd = fs.openSync(file.absolute, 'r');
    try {
      const stat = fs.fstatSync(fd);
      if (!stat.isFile()) throw new KwtError('input', `${file.label}: not a regular file (a FIFO, socket or device)`);
      if (stat.size > limit) throw inputTooLarge(file.label, stat.size, limit);
      return fs.readFileSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  } catch (error) {
    if (error instanceof KwtError) throw error;
    throw new KwtError('input', `${file.label}: cannot read (${describeCode(error)})`);
  }
}

/** Read and recognise one input; failures come back as `error` so a batch can list every bad file. */
export async function readInput(file: InputFile, readStdin: (limit: number) => Promise<Buffer>, limit: number = MAX_INPUT_BYTES): Promise<ReadResult> {
  const warnings: string[] = [];
  try {
    const bytes = await readBytes(file, readStdin, limit);
    const json = parseInput(bytes, file.label, limit);
    warnings.push(...json.warnings);
    const parsed = recognise(json.value, file.label, baseName(file));
    return { file, parsed, warnings };
  } catch (error) {
    if (error instanceof KwtError) return { file, error, warnings };
    throw error;
  }
}
