// The JSON style of the project a target lives in, for a file kwt cannot read a style from (a new file, or one on a
// single line): Prettier's config when there is one (tabWidth, useTabs, endOfLine), else .editorconfig (indent_style,
// indent_size, end_of_line, insert_final_newline for *.json), looked for from the target's folder up to the
// repository's root. None found: kwt's default, 2 spaces.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { TextStyle } from '../core/json';

type Partial = { [K in keyof TextStyle]?: TextStyle[K] };

function readText(file: string): string | undefined {
  try {
    const stat = fs.statSync(file);
    return stat.isFile() && stat.size < 1024 * 1024 ? fs.readFileSync(file, 'utf8') : undefined;
  } catch {
    return undefined;
  }
}

/** Prettier's options from .prettierrc (JSON), .prettierrc.json or package.json's "prettier" key in `dir`. */
function prettierIn(dir: string): Partial | undefined {
  for (const name of ['.prettierrc', '.prettierrc.json', 'package.json']) {
    const text = readText(path.join(dir, name));
    if (text === undefined) continue;
    let value: unknown;
    try {
      value = JSON.parse(text) as unknown;
    } catch {
      continue; // YAML or JavaScript configs are not read: the .editorconfig (or the default) applies.
    }
    const options = (
      name === 'package.json' ? (value as { prettier?: unknown } | null)?.prettier : value
    ) as Record<string, unknown> | undefined;
    if (!options || typeof options !== 'object') continue;
    const style: Partial = { finalNewline: true };
    if (options['useTabs'] === true) style.indent = '\t';
    else if (
      typeof options['tabWidth'] === 'number' &&
      options['tabWidth'] >= 0 &&
      options['tabWidth'] <= 10
    )
      style.indent = options['tabWidth'];
    else style.indent = 2;
    if (options['endOfLine'] === 'crlf') style.eol = '\r\n';
    else style.eol = '\n';
    return style;
  }
  return undefined;
}

/** An .editorconfig section pattern as a test of a file name (`*`, `*.json`, `*.{json,yml}`, `**.json`). */
function sectionMatches(pattern: string, name: string): boolean {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] as string;
    if (c === '*' && pattern[i + 1] === '*') {
      source += '.*';
      i++;
    } else if (c === '*') source += '[^/]*';
    else if (c === '?') source += '[^/]';
    else if (c === '{') source += '(?:';
    else if (c === '}') source += ')';
    else if (c === ',') source += '|';
    else source += c.replace(/[.+^$()|[\]\\/]/g, '\\$&');
  }
  return new RegExp(`(?:^|/)${source.replace(/^\\\//, '')}$`).test(name);
}

/** The properties an .editorconfig gives `name`, later sections over earlier ones; and whether it says root = true. */
function editorconfigIn(dir: string, name: string): { style: Partial; root: boolean } | undefined {
  const text = readText(path.join(dir, '.editorconfig'));
  if (text === undefined) return undefined;
  const style: Partial = {};
  let root = false;
  let applies = false;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/[;#].*$/, '').trim();
    if (line === '') continue;
    const section = /^\[(.*)\]$/.exec(line);
    if (section) {
      applies = sectionMatches(section[1] ?? '', name);
      continue;
    }
    const pair = /^([^=]+?)\s*=\s*(.*)$/.exec(line);
    if (!pair) continue;
    const key = (pair[1] ?? '').toLowerCase();
    const value = (pair[2] ?? '').toLowerCase();
    if (!applies) {
      if (key === 'root') root = value === 'true';
      continue;
    }
    if (key === 'indent_style')
      style.indent = value === 'tab' ? '\t' : typeof style.indent === 'number' ? style.indent : 2;
    else if (key === 'indent_size' && /^\d+$/.test(value) && style.indent !== '\t')
      style.indent = Number(value);
    else if (key === 'end_of_line' && (value === 'lf' || value === 'crlf'))
      style.eol = value === 'crlf' ? '\r\n' : '\n';
    else if (key === 'insert_final_newline' && (value === 'true' || value === 'false'))
      style.finalNewline = value === 'true';
  }
  return { style, root };
}

/**
 * The style for a new or one-line JSON file at `file`, from the nearest Prettier config, else the .editorconfig files
 * from the nearest up (nearer ones win, a `root = true` one ends the search), up to a folder holding .git. Undefined
 * when the project says nothing.
 */
export function projectStyle(file: string): TextStyle | undefined {
  const name = path.basename(file);
  const found: Partial[] = [];
  let dir = path.dirname(path.resolve(file));
  for (;;) {
    const prettier = prettierIn(dir);
    if (prettier) return { indent: 2, eol: '\n', finalNewline: true, ...prettier };
    const editor = editorconfigIn(dir, name);
    if (editor) found.push(editor.style);
    const parent = path.dirname(dir);
    if (editor?.root || fs.existsSync(path.join(dir, '.git')) || parent === dir) break;
    dir = parent;
  }
  if (found.length === 0 || found.every((s) => Object.keys(s).length === 0)) return undefined;
  // Nearer files override farther ones.
  const style: TextStyle = { indent: 2, eol: '\n', finalNewline: true };
  for (const s of found.reverse()) Object.assign(style, s);
  return style;
}
