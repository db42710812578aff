// One reading of a string value, made once and shared by every detector and rewrite: the layers a string can carry
// (JSON text inside it, `\/` and other escapes, percent-encoding, `name=value` pairs of queries, forms and connection
// strings, `Name: value` header lines, Handlebars comments), each part with the innermost key that names it and a map
// from its characters back to the original text. A detector finds something in a part; spanOf says where that is in the
// string as written, so masking and rewriting act on the encoded form the string really holds.
//
// Linear by construction: every scanner is one forward pass with bounded look-behind, parts are read to a fixed depth,
// and the characters of all parts together are capped at a multiple of the original's length.

export type Layer =
  'value' | 'unescaped' | 'json' | 'pair' | 'header-line' | 'percent' | 'handlebars';

export interface StringPart {
  /** The decoded text of this part. */
  readonly text: string;
  /** The innermost key that names this part (a JSON key, a query or form name, a header name), when one does. */
  readonly key: string | undefined;
  /** How this part was reached from its parent. */
  readonly layer: Layer;
  /** True for the whole value as written (its key is the JSON key that holds it). */
  readonly root: boolean;
  /** Offsets in the original of each character of `text`, plus the end (length + 1); undefined: `text` is a slice at `base`. */
  readonly origins: Int32Array | undefined;
  readonly base: number;
  readonly depth: number;
}

/** How deep layers nest (a URL in a query of a URL in a JSON body is depth 3). */
const MAX_DEPTH = 6;
/** All parts together read at most this many times the original's characters (plus a constant): linear on any input. */
const BUDGET_FACTOR = 8;
const BUDGET_CONSTANT = 4096;
/** Parts shorter than this cannot hold anything a detector looks for. */
const MIN_PART = 6;

/** A character that asks for a deeper look; a string without any (most of them) is read as itself. */
const LAYERED = /["\\%=]|\{\{!|:\s/;

/** Where part-relative offset `i` is in the original string. */
export function originOf(part: StringPart, i: number): number {
  return part.origins ? (part.origins[i] as number) : part.base + i;
}

/** The span [start, end) of the original string that part-relative [start, end) was decoded from. */
export function spanOf(part: StringPart, start: number, end: number): [number, number] {
  return [originOf(part, start), originOf(part, end)];
}

/** True when `value` carries no layer: its reading is the value alone (most strings). */
export function plainString(value: string): boolean {
  return value.length < MIN_PART || !LAYERED.test(value);
}

/** The part that is the whole value as written. */
export function rootPart(value: string, key: string | undefined): StringPart {
  return { text: value, key, layer: 'value', root: true, origins: undefined, base: 0, depth: 0 };
}

/** The parts of `value`: the value itself first, then every layer found in it. */
export function readString(value: string, key?: string): StringPart[] {
  const root = rootPart(value, key);
  if (plainString(value)) return [root];
  const parts: StringPart[] = [root];
  let budget = value.length * BUDGET_FACTOR + BUDGET_CONSTANT;
  const add = (part: StringPart): void => {
    if (part.text.length < MIN_PART || budget < part.text.length) return;
    budget -= part.text.length;
    parts.push(part);
  };
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i] as StringPart;
    if (part.depth >= MAX_DEPTH) continue;
    const text = part.text;
    if (text.includes('{{!')) withoutComments(part, add);
    if (text.includes('\\')) unescaped(part, add);
    if (text.includes('"')) jsonStrings(part, add);
    if (text.includes('%')) percentDecoded(part, text, part.key, 'percent', add);
    if (text.includes('=')) pairs(part, add);
    if (text.includes(': ') || text.includes(':\t')) headerLines(part, add);
  }
  return parts;
}

/** A child part from `text` whose characters came from parent offsets `local` (length text.length + 1). */
function derive(
  parent: StringPart,
  text: string,
  local: ArrayLike<number>,
  key: string | undefined,
  layer: Layer,
): StringPart {
  const origins = new Int32Array(text.length + 1);
  for (let i = 0; i <= text.length; i++) origins[i] = originOf(parent, local[i] as number);
  return { text, key, layer, root: false, origins, base: 0, depth: parent.depth + 1 };
}

/** A child that is a plain slice of its parent: no map to build when the parent is itself a slice. */
function slice(
  parent: StringPart,
  start: number,
  end: number,
  key: string | undefined,
  layer: Layer,
): StringPart {
  const text = parent.text.slice(start, end);
  if (!parent.origins)
    return {
      text,
      key,
      layer,
      root: false,
      origins: undefined,
      base: parent.base + start,
      depth: parent.depth + 1,
    };
  return {
    text,
    key,
    layer,
    root: false,
    origins: parent.origins.slice(start, end + 1),
    base: 0,
    depth: parent.depth + 1,
  };
}

/** Handlebars comments (`{{!-- … --}}`, `{{! … }}`) taken out: a token split by one reads whole. */
function withoutComments(part: StringPart, add: (p: StringPart) => void): void {
  const text = part.text;
  let out = '';
  const local: number[] = [];
  let i = 0;
  while (i < text.length) {
    const open = text.indexOf('{{!', i);
    if (open < 0) break;
    const long = text.startsWith('{{!--', open);
    const close = long ? text.indexOf('--}}', open + 5) : text.indexOf('}}', open + 3);
    if (close < 0) break;
    for (let j = i; j < open; j++) local.push(j);
    out += text.slice(i, open);
    i = close + (long ? 4 : 2);
  }
  if (i === 0) return;
  for (let j = i; j < text.length; j++) local.push(j);
  out += text.slice(i);
  local.push(text.length);
  add(derive(part, out, local, part.key, 'handlebars'));
}

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  '"': '"',
  '\\': '\\',
  '/': '/',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
};

/** Decoded text and, for each of its characters, its offset in the text it was decoded from (plus the end). */
interface Decoded {
  out: string;
  local: Int32Array;
}

const UTF16 = new TextDecoder('utf-16le');

/** Decodes JSON string escapes in text[from, to); an unknown escape stays as written. One pass, bounded by `to`. */
function decodeEscapes(text: string, from: number, to: number): Decoded {
  // Code units into one buffer, made a string once: a text of nothing but escapes stays one pass.
  const units = new Uint16Array(to - from);
  const local = new Int32Array(to - from + 1);
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    local[n] = i;
    if (c !== 92 /* \ */ || i === to - 1) {
      units[n++] = c;
      continue;
    }
    const next = text[i + 1] as string;
    const simple = SIMPLE_ESCAPES[next];
    if (simple !== undefined) {
      units[n++] = simple.charCodeAt(0);
      i++;
    } else if (next === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
      units[n++] = parseInt(text.slice(i + 2, i + 6), 16);
      i += 5;
    } else {
      // An unknown escape stays as written, both characters.
      units[n++] = c;
      local[n] = i + 1;
      units[n++] = text.charCodeAt(i + 1);
      i++;
    }
  }
  local[n] = to;
  return { out: UTF16.decode(units.subarray(0, n)), local: local.subarray(0, n + 1) };
}

/** The text with its backslash escapes decoded (`https:\/\/…` as PHP's json_encode writes it, `\"` of double-encoded JSON). */
function unescaped(part: StringPart, add: (p: StringPart) => void): void {
  const { out, local } = decodeEscapes(part.text, 0, part.text.length);
  if (out !== part.text) add(derive(part, out, local, part.key, 'unescaped'));
}

/** The offset of the closing quote of the string opening at `open` (-1: none), and whether a backslash is inside. */
function closingQuote(text: string, open: number): { close: number; escaped: boolean } {
  let escaped = false;
  for (let i = open + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 92 /* \ */) {
      escaped = true;
      i++;
    } else if (c === 34 /* " */) return { close: i, escaped };
  }
  return { close: -1, escaped };
}

/** Whether the first character after `from` that is not JSON whitespace is `:` (the string before it is a key). */
function colonFollows(text: string, from: number): boolean {
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 9 || c === 10 || c === 13) continue;
    return c === 58;
  }
  return false;
}

/**
 * Every quoted string of JSON-like text (a REST body, even one with Handlebars where JSON.parse would fail): a string
 * followed by `:` is a key and names the strings after it; the others become parts under that key.
 */
function jsonStrings(part: StringPart, add: (p: StringPart) => void): void {
  const text = part.text;
  let key: string | undefined;
  let i = text.indexOf('"');
  while (i >= 0) {
    const { close, escaped } = closingQuote(text, i);
    if (close < 0) return;
    if (colonFollows(text, close + 1))
      key = escaped ? decodeEscapes(text, i + 1, close).out : text.slice(i + 1, close);
    else if (close - i - 1 >= MIN_PART) {
      if (!escaped) add(slice(part, i + 1, close, key, 'json'));
      else {
        const { out, local } = decodeEscapes(text, i + 1, close);
        add(derive(part, out, local, key, 'json'));
      }
    }
    i = text.indexOf('"', close + 1);
  }
}

function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 65 && c <= 70) return c - 55;
  if (c >= 97 && c <= 102) return c - 87;
  return -1;
}

/** text with `%XX` decoded (bytes as characters; secrets are ASCII), when it has any. */
function percentDecoded(
  part: StringPart,
  text: string,
  key: string | undefined,
  layer: Layer,
  add: (p: StringPart) => void,
  base = 0,
): void {
  const local = new Int32Array(text.length + 1);
  const chunks: string[] = [];
  let n = 0;
  let run = 0;
  for (let i = text.indexOf('%'); i >= 0 && i < text.length - 2; i = text.indexOf('%', i + 1)) {
    const hi = hexValue(text.charCodeAt(i + 1));
    const lo = hexValue(text.charCodeAt(i + 2));
    if (hi < 0 || lo < 0) continue;
    if (i > run) chunks.push(text.slice(run, i));
    for (let j = run; j < i; j++) local[n++] = base + j;
    chunks.push(String.fromCharCode(hi * 16 + lo));
    local[n++] = base + i;
    run = i + 3;
    i += 2;
  }
  if (run === 0 && layer === 'percent') return;
  chunks.push(text.slice(run));
  for (let j = run; j < text.length; j++) local[n++] = base + j;
  local[n] = base + text.length;
  add(derive(part, chunks.join(''), local.subarray(0, n + 1), key, layer));
}

/** Characters before a name that start a pair: a query, a form, a connection string, a line, an attribute. */
const PAIR_START = /[?&;#\s,"'{(|]/;
const NAME_CHAR = /[A-Za-z0-9_.\-[\]]/;
const VALUE_END = /[&;#\s"'<>,]/;

/** `name=value` pairs (query strings, form bodies, `AccountKey=…;` connection strings, `NAME=value` lines), percent-decoded. */
function pairs(part: StringPart, add: (p: StringPart) => void): void {
  const text = part.text;
  let covered = 0;
  for (let eq = text.indexOf('='); eq >= 0; eq = text.indexOf('=', eq + 1)) {
    if (eq < covered) continue;
    let start = eq;
    while (start > 0 && eq - start < 64 && NAME_CHAR.test(text[start - 1] as string)) start--;
    if (start === eq || (start > 0 && !PAIR_START.test(text[start - 1] as string))) continue;
    let end = eq + 1;
    while (end < text.length && !VALUE_END.test(text[end] as string)) end++;
    covered = end;
    if (end - eq - 1 < MIN_PART) continue;
    const name = safeDecode(text.slice(start, eq));
    const value = text.slice(eq + 1, end);
    if (value.includes('%')) percentDecoded(part, value, name, 'pair', add, eq + 1);
    else add(slice(part, eq + 1, end, name, 'pair'));
  }
}

/** `Name: value` lines (a raw HTTP request or a header block kept as text). */
function headerLines(part: StringPart, add: (p: StringPart) => void): void {
  const text = part.text;
  const line = /(?:^|[\r\n])[ \t]*([A-Za-z][A-Za-z0-9_-]{0,63}):[ \t]+([^\r\n]*)/g;
  for (let m = line.exec(text); m !== null; m = line.exec(text)) {
    const value = (m[2] as string).trimEnd();
    if (value.length < MIN_PART) continue;
    const start = m.index + m[0].length - (m[2] as string).length;
    add(slice(part, start, start + value.length, m[1], 'header-line'));
  }
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
