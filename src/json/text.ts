// Lazy navigation of valid JSON text by offsets: where a value ends, where an object's members and an array's elements start,
// and where a JSON Pointer lands. Nothing is parsed that the caller does not walk into.

const SCALAR_END = /[^,\]}\s]*/y;
/**
 * The next string (whole, from quote to quote) or bracket. One test per token and no match object: a container is
 * crossed in about half the time that finding each quote and then its closing quote took. Unambiguous (a character
 * inside a string is an escape or not, never both), so it cannot backtrack; the text is valid JSON (callers parsed it).
 */
const TOKEN = /"[^"\\]*(?:\\[^][^"\\]*)*"|[{}[\]]/g;

/** The offset of the first character at or after `i` that is not JSON whitespace (a loop: indentation is short). */
export function skipWs(text: string, i: number): number {
  let c = text.charCodeAt(i);
  while (c === 32 || c === 10 || c === 13 || c === 9) c = text.charCodeAt(++i);
  return i;
}

/** The end of the string whose opening quote is at `i` (exclusive). */
function stringEnd(text: string, i: number): number {
  let j = i + 1;
  for (;;) {
    const quote = text.indexOf('"', j);
    if (quote < 0) return text.length;
    let backslashes = 0;
    for (let k = quote - 1; text[k] === '\\'; k--) backslashes++;
    if (backslashes % 2 === 0) return quote + 1;
    j = quote + 1;
  }
}

/** The end of the value starting at `i` (exclusive); iterative, so any depth is safe. */
export function valueEnd(text: string, i: number): number {
  const c = text[i];
  if (c === '"') return stringEnd(text, i);
  if (c !== '{' && c !== '[') {
    SCALAR_END.lastIndex = i;
    SCALAR_END.exec(text);
    return SCALAR_END.lastIndex;
  }
  // From one token to the next by a regular expression, which skips the text between far faster than a loop over
  // characters: the position index ends every container it walks through this way. What a token was is its last
  // character: a quote closes a string, the rest are brackets.
  let depth = 0;
  TOKEN.lastIndex = i;
  while (TOKEN.test(text)) {
    const ch = text.charCodeAt(TOKEN.lastIndex - 1);
    if (ch === 34 /* " */) continue;
    if (ch === 123 /* { */ || ch === 91 /* [ */) depth++;
    else if (--depth === 0) return TOKEN.lastIndex;
  }
  return text.length;
}

/** The key whose opening quote is at `i`, and the offset just past its closing quote. */
export function keyAt(text: string, i: number): { key: string; end: number } {
  const end = stringEnd(text, i);
  return { key: stringBetween(text, i, end), end };
}

/** The value of the JSON string from `start` (its opening quote) to `end` (past its closing one): sliced unless escaped. */
export function stringBetween(text: string, start: number, end: number): string {
  const raw = text.slice(start + 1, end - 1);
  return raw.indexOf('\\') < 0 ? raw : (JSON.parse(text.slice(start, end)) as string);
}

/** The start offset of each member of the object at `i`, by key (the last one wins, as in JSON.parse). */
export function memberStarts(text: string, i: number): Map<string, number> {
  const out = new Map<string, number>();
  let j = skipWs(text, i + 1);
  while (text[j] === '"') {
    const { key, end: keyEnd } = keyAt(text, j);
    j = skipWs(text, skipWs(text, keyEnd) + 1);
    out.set(key, j);
    j = skipWs(text, valueEnd(text, j));
    if (text[j] !== ',') break;
    j = skipWs(text, j + 1);
  }
  return out;
}

/** The start offset of each element of the array at `i`. */
export function elementStarts(text: string, i: number): number[] {
  const out: number[] = [];
  let j = skipWs(text, i + 1);
  if (text[j] === ']') return out;
  while (j < text.length) {
    out.push(j);
    j = skipWs(text, valueEnd(text, j));
    if (text[j] !== ',') break;
    j = skipWs(text, j + 1);
  }
  return out;
}
