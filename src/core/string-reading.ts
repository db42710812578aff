// One reading of a string value, made once and shared by every detector and rewrite: the layers a string can carry
// (JSON text inside it, `\/` and other escapes, percent-encoding, `name=value` pairs of queries, forms and connection
// strings, `Name: value` header lines, Handlebars comments, HTML character references, base64 of text), each part with
// the innermost key that names it and a map from its characters back to the original text. A detector finds something
// in a part; spanOf says where that is in the string as written, so masking and rewriting act on the encoded form the
// string really holds.
//
// Linear by construction: every scanner is one forward pass with bounded look-behind, parts are read to a fixed depth,
// and the characters of all parts together are capped at a multiple of the original's length.

export type Layer =
  | 'value'
  | 'unescaped'
  | 'json'
  | 'pair'
  | 'header-line'
  | 'percent'
  | 'handlebars'
  | 'html'
  | 'base64';

/** A stretch [start, end) of the string as written. */
export interface Stretch {
  readonly start: number;
  readonly end: number;
}

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
  /**
   * Set inside an opaque layer (base64): the stretch of the original the whole part comes from. Any span in the part is
   * that whole stretch, never a few of its characters (which would decode to garbage, or give part of it away).
   */
  readonly opaque?: Stretch;
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
const LAYERED = /["\\%=&]|\{\{!|:\s/;
/** Fewest characters of base64 that can hold a credential: 20 decode to 15 bytes. */
const BASE64_SHORTEST = 20;
/** Each base64 character's six bits, in both alphabets (`+/` and URL-safe `-_`); -1 for any other character. */
const SEXTET = new Int8Array(128).fill(-1);
for (let i = 0; i < 64; i++)
  SEXTET['ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'.charCodeAt(i)] = i;
SEXTET['-'.charCodeAt(0)] = 62;
SEXTET['_'.charCodeAt(0)] = 63;

/** Where part-relative offset `i` is in the original string. */
export function originOf(part: StringPart, i: number): number {
  if (part.opaque) return part.opaque.start;
  return part.origins ? (part.origins[i] as number) : part.base + i;
}

/** Where the part's text before offset `i` ends in the original string. */
function endOf(part: StringPart, i: number): number {
  return part.opaque ? part.opaque.end : originOf(part, i);
}

/** True when the part's text is not a plain slice of the string as written (something was decoded to make it). */
export function decodedPart(part: StringPart): boolean {
  return part.origins !== undefined || part.opaque !== undefined;
}

/** The span [start, end) of the original string that part-relative [start, end) was decoded from. */
export function spanOf(part: StringPart, start: number, end: number): [number, number] {
  return [originOf(part, start), endOf(part, end)];
}

/** True when `value` carries no layer: its reading is the value alone (most strings). */
export function plainString(value: string): boolean {
  return value.length < MIN_PART || (!LAYERED.test(value) && !hasBase64Run(value));
}

const CAPITAL = /[A-Z]/;

/** Whether `text` has a run that may be base64 of text (see nextBase64Run). */
export function hasBase64Run(text: string): boolean {
  // Base64 of text has capitals: most strings (ids, keys, lower-case URLs) have none, and one native scan says so.
  return (
    text.length >= BASE64_SHORTEST && CAPITAL.test(text) && nextBase64Run(text, 0) !== undefined
  );
}

/**
 * The next run at or after `from` that may be base64 of text: characters of either alphabet (`+/`, URL-safe `-_`), at
 * least BASE64_SHORTEST of them, upper and lower case mixed (as base64 of text always is: a hex id or a slug is not
 * one), and its `=` padding. One loop over character codes: a regex with an open repeat backtracks on long runs.
 */
function nextBase64Run(text: string, from: number): [number, number] | undefined {
  let start = from;
  let upper = false;
  let lower = false;
  for (let i = from; i <= text.length; i++) {
    const c = i < text.length ? text.charCodeAt(i) : -1;
    if (c >= 0 && c < 128 && (SEXTET[c] as number) >= 0) {
      if (c >= 65 && c <= 90) upper = true;
      else if (c >= 97 && c <= 122) lower = true;
      continue;
    }
    if (i - start >= BASE64_SHORTEST && upper && lower) {
      let end = i;
      while (end < text.length && end - i < 2 && text.charCodeAt(end) === 61 /* = */) end++;
      return [start, end];
    }
    start = i + 1;
    upper = false;
    lower = false;
  }
  return undefined;
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
    if (text.includes('&')) htmlDecoded(part, add);
    if (text.length >= BASE64_SHORTEST) base64Texts(part, add);
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
  if (parent.opaque) return inside(parent.opaque, parent.depth, text, key, layer);
  const origins = new Int32Array(text.length + 1);
  for (let i = 0; i <= text.length; i++) origins[i] = originOf(parent, local[i] as number);
  return { text, key, layer, root: false, origins, base: 0, depth: parent.depth + 1 };
}

/** A child of a part inside an opaque layer: it stands for the same whole stretch. */
function inside(
  opaque: Stretch,
  parentDepth: number,
  text: string,
  key: string | undefined,
  layer: Layer,
): StringPart {
  return {
    text,
    key,
    layer,
    root: false,
    origins: undefined,
    opaque,
    base: 0,
    depth: parentDepth + 1,
  };
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
  if (parent.opaque) return inside(parent.opaque, parent.depth, text, key, layer);
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

/** Named character references a text escaped for HTML carries around JSON and URLs (`&quot;`, `&amp;`). */
const NAMED_REFERENCES: Readonly<Record<string, string>> = {
  amp: '&',
  quot: '"',
  apos: "'",
  lt: '<',
  gt: '>',
  sol: '/',
  colon: ':',
  equals: '=',
};
const REFERENCE = /&(?:#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6})|([a-zA-Z]{2,6}));/g;

/** The text with HTML character references decoded (`&#115;k_live…`, `{&quot;token&quot;:…}`), when it has any. */
function htmlDecoded(part: StringPart, add: (p: StringPart) => void): void {
  const text = part.text;
  // A reference decodes to at most two code units and is at least three characters long: the text never grows.
  const local = new Int32Array(text.length + 1);
  const chunks: string[] = [];
  let n = 0;
  let run = 0;
  REFERENCE.lastIndex = 0;
  for (let m = REFERENCE.exec(text); m !== null; m = REFERENCE.exec(text)) {
    const code =
      m[1] !== undefined ? Number(m[1]) : m[2] !== undefined ? parseInt(m[2], 16) : undefined;
    const named = m[3] !== undefined ? NAMED_REFERENCES[m[3].toLowerCase()] : undefined;
    if (code !== undefined ? code > 0x10ffff : named === undefined) continue;
    for (let j = run; j < m.index; j++) local[n++] = j;
    if (m.index > run) chunks.push(text.slice(run, m.index));
    const decoded = code !== undefined ? String.fromCodePoint(code) : (named as string);
    for (let j = 0; j < decoded.length; j++) local[n++] = m.index;
    chunks.push(decoded);
    run = m.index + m[0].length;
  }
  if (run === 0) return;
  for (let j = run; j < text.length; j++) local[n++] = j;
  chunks.push(text.slice(run));
  local[n] = text.length;
  add(derive(part, chunks.join(''), local.subarray(0, n + 1), part.key, 'html'));
}

/** The bytes decodeTextRun decodes into, kept between calls: a start that stops at once allocates nothing. */
let scratch = new Uint8Array(256);
/** Fewest bytes of text a base64 stretch must decode to: 20 characters' worth. */
const BASE64_TEXT_BYTES = 15;
const UTF8 = new TextDecoder('utf-8');

/**
 * Decodes base64 from `start` for as long as the bytes are text (printable ASCII, tabs and line breaks, well-formed
 * UTF-8); `end` is where its characters end. Returns the text and how many characters it came from, when it is long
 * enough. Each character is read once, and a start that is not base64 of text stops within a few characters.
 */
function decodeTextRun(
  text: string,
  start: number,
  end: number,
): { decoded: string; chars: number } | undefined {
  let bytes = scratch;
  let n = 0;
  let good = 0;
  let goodEnd = start;
  let acc = 0;
  let bits = 0;
  let pending = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    const v = c < 128 ? (SEXTET[c] as number) : -1;
    if (v < 0) break;
    acc = ((acc << 6) | v) & 0xfff;
    bits += 6;
    if (bits < 8) continue;
    bits -= 8;
    const b = (acc >> bits) & 0xff;
    if (pending > 0) {
      if ((b & 0xc0) !== 0x80) break;
      pending--;
    } else if ((b >= 0x20 && b < 0x7f) || b === 9 || b === 10 || b === 13) pending = 0;
    else if (b >= 0xc2 && b <= 0xdf) pending = 1;
    else if (b >= 0xe0 && b <= 0xef) pending = 2;
    else if (b >= 0xf0 && b <= 0xf4) pending = 3;
    else break;
    if (n === bytes.length) {
      // Grown as bytes come, not sized to the rest of the run: most starts stop within a few characters.
      scratch = new Uint8Array(n * 2);
      scratch.set(bytes);
      bytes = scratch;
    }
    bytes[n++] = b;
    if (pending === 0) {
      good = n;
      goodEnd = i + 1;
    }
  }
  if (good < BASE64_TEXT_BYTES) return undefined;
  // Its padding goes with it when the text runs to the end of the base64.
  while (goodEnd < end && text.charCodeAt(goodEnd) === 61 /* = */) goodEnd++;
  return { decoded: UTF8.decode(bytes.subarray(0, good)), chars: goodEnd - start };
}

/**
 * Base64 of text (`Basic` credentials outside a header, a service account's JSON, a token encoded once more), decoded.
 * Opaque: every character of the decoded text stands for its whole stretch of base64, so whatever is found in it is
 * masked and rewritten as that whole stretch (a reference inside base64 would decode to garbage, and the characters
 * left around a masked slice would give part of it away). Inside a longer run (a URL path, a prefixed token), a stretch
 * may start at the run's start or after any `/`, `_`, `+` or `-`, and ends where the bytes stop being text.
 */
function base64Texts(part: StringPart, add: (p: StringPart) => void): void {
  const text = part.text;
  for (let at = nextBase64Run(text, 0); at !== undefined; at = nextBase64Run(text, at[1])) {
    const runEnd = at[1];
    // Starts: the run's own, then after each separator past the last stretch found.
    for (let start = at[0]; start >= 0 && runEnd - start >= BASE64_SHORTEST;) {
      const found = decodeTextRun(text, start, runEnd);
      if (found !== undefined) add(base64Part(part, found.decoded, start, start + found.chars));
      start = nextSeparator(text, found !== undefined ? start + found.chars : start, runEnd);
    }
  }
}

/** The offset after the next `/`, `_`, `+` or `-` in text[from, end), or -1. */
function nextSeparator(text: string, from: number, end: number): number {
  for (let i = from; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 47 || c === 95 || c === 43 || c === 45) return i + 1;
  }
  return -1;
}

/** The part decoded from base64 at the parent's [start, end): opaque, it stands for that whole stretch as written. */
function base64Part(parent: StringPart, decoded: string, start: number, end: number): StringPart {
  const stretch: Stretch = { start: originOf(parent, start), end: endOf(parent, end) };
  return inside(stretch, parent.depth, decoded, parent.key, 'base64');
}
