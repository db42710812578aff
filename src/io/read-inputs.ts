// Expands the inputs the user named (files, folders, globs, `-`) and reads each into recognised workflows.
import * as path from 'node:path';
// node:fs on this hot path: every run reads inputs, and fs-extra costs ~14 ms to load.
import * as fs from 'node:fs';
import { checkStreamsApart } from './std-streams';
import { KwtError, errorMessage } from '../core/errors';
import { holdsExports, recognise, type ParsedInput } from '../core/input-shapes';
import { MAX_INPUT_BYTES, inputTooLarge, parseInput } from '../json/parse-input';
import { pushAll } from '../core/lists';

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
  /** The file as it was read (device, inode, size, modification time), to know it unchanged when read again. */
  stamp?: string;
  /** No key was repeated in any object: a position index may stop at a key's first occurrence. */
  uniqueKeys?: boolean;
  /** The text as parsed, when the run keeps it for placing findings (see KeptTexts). */
  text?: string;
}

/**
 * The texts of large inputs (an org's list file), kept from their parse to place findings in, up to a budget: such a
 * file is not read and decoded a second time (for a 44 MB list, about 0.3 s). Only large ones: V8 keeps a string of
 * over 1 MiB where collections never copy it, while keeping thousands of small files' texts (or their bytes, which
 * count as external memory) costs the collector more than reading them again.
 */
export class KeptTexts {
  static readonly SMALLEST = 2 ** 20;
  constructor(private left: number = 128 * 2 ** 20) {}

  take(text: string | undefined): string | undefined {
    if (text === undefined || text.length < KeptTexts.SMALLEST || text.length > this.left)
      return undefined;
    this.left -= text.length;
    return text;
  }
}

/** The identity and state of an open file, compared when it is read again for positions. */
function stampOf(stat: fs.Stats): string {
  return `${stat.dev}:${stat.ino}:${stat.size}:${stat.mtimeMs}`;
}

const GLOB_CHARS = /[*?[\]{}]/;

/**
 * Every *.json file below `dir`, following symlinks (a linked folder is entered once: a link back up is a loop, skipped
 * with a note). Hidden entries and node_modules are skipped. Broken links and unreadable entries are listed in `skipped`.
 */
function jsonFilesBelow(
  dir: string,
  label: string,
  skipped: string[],
  visited = new Set<string>(),
): { path: string; link: boolean }[] {
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
    let kind: 'dir' | 'file' | 'other' = entry.isDirectory()
      ? 'dir'
      : entry.isFile()
        ? 'file'
        : 'other';
    if (entry.isSymbolicLink()) {
      try {
        const target = fs.statSync(full);
        kind = target.isDirectory() ? 'dir' : target.isFile() ? 'file' : 'other';
      } catch {
        if (entry.name.endsWith('.json')) skipped.push(`${shown}: a broken link; skipped`);
        continue;
      }
    }
    if (kind === 'dir') pushAll(out, jsonFilesBelow(full, shown, skipped, visited));
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

export interface ExpandOptions {
  /** kwt's own files (the config, targets, the report file) by absolute path, with what each is: never read as inputs from a folder or glob. */
  own?: ReadonlyMap<string, string>;
  /** A folder kwt writes into (--out-dir): nothing below it is read from a folder or glob. */
  ownDir?: string;
  /** --ignore patterns (and `!pattern` inputs), matched against the path from the working folder. */
  ignore?: readonly string[];
}

/** Sorted, de-duplicated list of input files. A missing path or an empty folder is an error naming it. */
export async function expandInputs(
  given: readonly string[],
  cwd: string,
  options: ExpandOptions = {},
): Promise<ExpandedInputs> {
  const files: ExpandedInputs = [];
  const skipped: string[] = [];
  const seen = new Set<string>();
  // `!pattern` inputs exclude, as in .gitignore and most globbing CLIs; they apply to folders and globs alike.
  const inputs = given.filter((i) => !(i.startsWith('!') && i.length > 1));
  const ignore = [
    ...(options.ignore ?? []),
    ...given.filter((i) => i.startsWith('!') && i.length > 1).map((i) => i.slice(1)),
  ];
  const ignored = ignore.length > 0 ? ignoreMatcher(ignore, cwd) : undefined;
  const labelOf = (absolute: string): string => {
    const relative = path.relative(cwd, absolute);
    return relative.startsWith('..') || path.isAbsolute(relative) ? absolute : relative;
  };
  const add = (absolute: string, link: boolean, found: boolean): void => {
    if (seen.has(absolute)) return;
    seen.add(absolute);
    if (found && ignored?.(absolute)) return;
    // Found in a folder or by a pattern, kwt's own files are not exports: a second run must not read its output.
    const own = found
      ? (options.own?.get(absolute) ??
        (options.ownDir !== undefined && isInside(absolute, options.ownDir)
          ? 'in --out-dir'
          : undefined))
      : undefined;
    // An export where kwt would write (a report file pointed at an export by mistake) stays an input, so that the
    // overwrite is refused rather than the export silently dropped and then replaced.
    if (own !== undefined && !holdsExport(absolute)) {
      skipped.push(`${labelOf(absolute)}: ${own}, not an export; skipped`);
      return;
    }
    files.push({ label: labelOf(absolute), absolute, ...(link ? { link } : {}) });
  };
  const isLink = (file: string): boolean =>
    fs.lstatSync(file, { throwIfNoEntry: false })?.isSymbolicLink() ?? false;
  const problems: string[] = [];
  const patterns: string[] = [];
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
      for (const f of found) add(f.path, f.link, true);
    } else if (stat?.isFile()) {
      add(absolute, isLink(absolute), false);
    } else if (stat) {
      problems.push(
        `${input}: not a regular file (a FIFO, socket or device); kwt reads files, folders, globs or - for stdin`,
      );
    } else if (GLOB_CHARS.test(input)) {
      patterns.push(input);
    } else {
      problems.push(`${input}: no such file or folder`);
    }
  }
  if (patterns.length > 0)
    await expandPatterns(patterns, cwd, ignore, problems, (f) => add(f, isLink(f), true));
  if (problems.length > 0)
    throw new KwtError(
      'input',
      problems.length === 1 ? (problems[0] as string) : 'some inputs cannot be read',
      problems.length === 1 ? [] : problems,
    );
  checkStreamsApart(
    files.flatMap((f) => (f.absolute ? [{ path: f.absolute, label: f.label }] : [])),
  );
  if (skipped.length > 0) files.skipped = skipped;
  return files;
}

/** Whether a file of kwt's (a target, the report file) holds workflow exports: unreadable or not JSON means it does not. */
function holdsExport(file: string): boolean {
  try {
    return holdsExports(JSON.parse(fs.readFileSync(file, 'utf8')));
  } catch {
    return false;
  }
}

function isInside(file: string, dir: string): boolean {
  const relative = path.relative(dir, file);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}

/** Whether a path pattern matches a file: tried on its path from the working folder, then on its absolute path. */
function matchesPath(match: (p: string) => boolean, absolute: string, cwd: string): boolean {
  return (
    match(path.relative(cwd, absolute).split(path.sep).join('/')) ||
    match(absolute.split(path.sep).join('/'))
  );
}

/** One matcher for every ignore pattern. */
function ignoreMatcher(patterns: readonly string[], cwd: string): (absolute: string) => boolean {
  const picomatch = require('picomatch') as typeof import('picomatch');
  const match = picomatch([...patterns], { dot: true });
  return (absolute) => matchesPath(match, absolute, cwd);
}

/** All patterns globbed together (one walk of the tree, the ignore list applied once); a pattern that matches nothing is an error. */
async function expandPatterns(
  patterns: readonly string[],
  cwd: string,
  ignore: readonly string[],
  problems: string[],
  add: (file: string) => void,
): Promise<void> {
  // Loaded only when a pattern is given; `require` keeps them loadable under Jest's CommonJS runtime too.
  const { glob } = require('tinyglobby') as typeof import('tinyglobby');
  const picomatch = require('picomatch') as typeof import('picomatch');
  const found = (
    await glob([...patterns], { cwd, absolute: true, onlyFiles: true, ignore: [...ignore] })
  ).sort();
  for (const pattern of patterns) {
    const match = picomatch(pattern.replace(/^\.\//, ''), { dot: true });
    const hit = found.some((f) => matchesPath(match, f, cwd));
    if (!hit)
      problems.push(
        `${pattern}: no file matches this pattern${ignore.length > 0 ? ' (after --ignore)' : ''}`,
      );
  }
  for (const f of found) add(f);
}

function baseName(file: InputFile): string {
  return file.absolute ? path.basename(file.absolute, path.extname(file.absolute)) : 'stdin';
}

/**
 * Opens `absolute` without blocking (a FIFO in a file's place is refused, never waited on), gives `use` the descriptor
 * and its stat, and closes it. Synchronous on purpose: for thousands of small files it is ~10% faster end to end than
 * async reads through the thread pool (measured by npm run bench), and a CLI has nothing else to do meanwhile.
 */
function withOpenFile<T>(absolute: string, use: (fd: number, stat: fs.Stats) => T): T {
  const fd = fs.openSync(absolute, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
  try {
    return use(fd, fs.fstatSync(fd));
  } finally {
    fs.closeSync(fd);
  }
}

/** The bytes of one input (a file, or stdin for `-`), refused before reading when larger than `limit`. */
export async function readBytes(
  file: InputFile,
  readStdin: (limit: number) => Promise<Buffer>,
  limit: number = MAX_INPUT_BYTES,
  onStamp?: (stamp: string) => void,
): Promise<Buffer> {
  try {
    if (!file.absolute) return await readStdin(limit);
    return withOpenFile(file.absolute, (fd, stat) => {
      if (!stat.isFile())
        throw new KwtError('input', `${file.label}: not a regular file (a FIFO, socket or device)`);
      if (stat.size > limit) throw inputTooLarge(file.label, stat.size, limit);
      onStamp?.(stampOf(stat));
      return fs.readFileSync(fd);
    });
  } catch (error) {
    if (error instanceof KwtError) throw error;
    throw new KwtError('input', `${file.label}: cannot read (${describeCode(error)})`);
  }
}

/**
 * A file read again (for the positions of its findings): its bytes and its stamp now, or undefined when it is gone,
 * unreadable or no longer a regular file.
 */
export function readAgain(absolute: string): { bytes: Buffer; stamp: string } | undefined {
  try {
    return withOpenFile(absolute, (fd, stat) =>
      stat.isFile() ? { bytes: fs.readFileSync(fd), stamp: stampOf(stat) } : undefined,
    );
  } catch {
    return undefined;
  }
}

/** Read and recognise one input; failures come back as `error` so a batch can list every bad file. */
export async function readInput(
  file: InputFile,
  readStdin: (limit: number) => Promise<Buffer>,
  limit: number = MAX_INPUT_BYTES,
  keep?: KeptTexts,
): Promise<ReadResult> {
  const warnings: string[] = [];
  let stamp: string | undefined;
  try {
    const bytes = await readBytes(file, readStdin, limit, (s) => (stamp = s));
    const json = parseInput(bytes, file.label, limit);
    pushAll(warnings, json.warnings);
    const parsed = recognise(json.value, file.label, baseName(file));
    const text = file.absolute !== undefined ? keep?.take(json.text) : undefined;
    return {
      file,
      parsed,
      warnings,
      uniqueKeys: json.exact,
      ...(stamp !== undefined ? { stamp } : {}),
      ...(text !== undefined ? { text } : {}),
    };
  } catch (error) {
    if (error instanceof KwtError) return { file, error, warnings };
    throw error;
  }
}
