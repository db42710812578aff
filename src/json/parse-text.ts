// Parses one JSON text and checks what JSON.parse hides: nesting depth, repeated keys, changed numbers, prototype keys.
import { type Json, assertPlainPrototype, isObject, toPointer, UNSAFE_KEYS } from '../core/json';
import { KwtError, errorMessage } from '../core/errors';
import { findSyntaxError, lineColumn, scanJson } from './syntax';

/** Deeper nesting is refused: real workflows nest under 30 levels; the walkers recurse. */
export const MAX_DEPTH = 200;

export interface ParsedJson {
  value: Json;
  warnings: string[];
  /** False when the value is not all the text says: a repeated key (the last one won) or a dropped prototype key. */
  exact: boolean;
}

interface TreeFacts {
  tooDeep: boolean;
  /** Object keys in the parsed value, counted: fewer than the text holds means a key was repeated. */
  keys: number;
  unsafe: boolean;
  /** A number JSON.parse may have changed: Infinity, or an integer beyond 2^53 (the text then says whether it was exact). */
  bigNumber: boolean;
  /** A number that is 0 or subnormal: what an underflow (`1e-400`) leaves, so only then can the text hold one. */
  smallNumber: boolean;
}

/** The smallest normal double: below it (and at 0) a parsed number may be what was left of a smaller one. */
const MIN_NORMAL = 2.2250738585072014e-308;

/**
 * One walk of the parsed value: nesting beyond `limit` (the recursion stops there, so it cannot overflow), the number of
 * keys, and whether a prototype key is present. V8's JSON.parse is iterative, so parsing first is safe.
 */
function treeFacts(root: unknown, limit: number): TreeFacts {
  const facts: TreeFacts = {
    tooDeep: false,
    keys: 0,
    unsafe: false,
    bigNumber: false,
    smallNumber: false,
  };
  const number = (n: number): void => {
    // -0 too: JSON.stringify writes it as 0.
    if (
      !Number.isFinite(n) ||
      (Number.isInteger(n) && !Number.isSafeInteger(n)) ||
      Object.is(n, -0)
    )
      facts.bigNumber = true;
    else if (n > -MIN_NORMAL && n < MIN_NORMAL) facts.smallNumber = true;
  };
  const walk = (value: unknown, depth: number): void => {
    if (depth > limit) {
      facts.tooDeep = true;
      return;
    }
    if (Array.isArray(value)) {
      for (const item of value) {
        if (typeof item === 'number') number(item);
        else if (item !== null && typeof item === 'object' && !facts.tooDeep) walk(item, depth + 1);
      }
    } else if (value !== null && typeof value === 'object') {
      for (const key in value) {
        facts.keys++;
        if (UNSAFE_KEYS.has(key)) facts.unsafe = true;
        const item = (value as Record<string, unknown>)[key];
        if (typeof item === 'number') number(item);
        else if (item !== null && typeof item === 'object' && !facts.tooDeep) walk(item, depth + 1);
      }
    }
  };
  // for…in above: own keys only, without a key array per object, while the prototype is plain.
  assertPlainPrototype();
  walk(root, 1);
  return facts;
}

/**
 * A quote, optional JSON whitespace, a colon: every key of valid JSON text ends so, and a string can only add more matches
 * (an escaped quote before a colon). So when the text has no more matches than the parsed value has keys, no key repeats.
 */
const KEY_END = /"[ \t\n\r]*:/g;

/**
 * A number that may have underflowed to 0 (`1e-400`): an exponent of three or more digits. Overflow and lost precision
 * show in the parsed value itself (treeFacts); this is the one change only the text can show, and only where the value
 * holds a 0 or a subnormal number (most files hold neither, and skip this scan).
 */
const TINY_NUMBER = /\d[eE]-\d{3}/;
/** A run of 17 or more digits (and points): only a number that long can lose digits in a double. */
const LONG_RUN = /\d[\d.]{16,}/g;

/**
 * Whether the text may hold a number of more than 17 significant digits: a long run of digits where JSON puts a
 * number (after `:`, `,`, `[`, or at the start, past spaces and a minus), not inside a string or an id. A plain search
 * for the run first, then a look at what precedes it; about 17 µs a file (ids are long runs of digits too), measured
 * no cheaper than the contextual search it replaced, and clearer.
 */
function hasLongNumber(text: string): boolean {
  LONG_RUN.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = LONG_RUN.exec(text)) !== null) {
    let i = m.index - 1;
    while (
      i >= 0 &&
      (text[i] === ' ' ||
        text[i] === '\t' ||
        text[i] === '\n' ||
        text[i] === '\r' ||
        text[i] === '-')
    )
      i--;
    if (i < 0 || text[i] === ':' || text[i] === ',' || text[i] === '[') return true;
  }
  return false;
}

function countKeysInText(text: string): number {
  let n = 0;
  KEY_END.lastIndex = 0;
  // test, not exec: no match array per key (a million keys at 2,000 workflows).
  while (KEY_END.test(text)) n++;
  return n;
}

/** Remove `__proto__`, `constructor` and `prototype` keys so they can never reach a prototype; say where. */
function dropUnsafeKeys(
  value: Json,
  path: (string | number)[],
  warnings: string[],
  file: string,
): void {
  if (Array.isArray(value)) {
    value.forEach((item, i) => {
      path.push(i);
      dropUnsafeKeys(item, path, warnings, file);
      path.pop();
    });
  } else if (isObject(value)) {
    for (const key of Object.keys(value)) {
      path.push(key);
      if (UNSAFE_KEYS.has(key)) {
        delete value[key];
        warnings.push(droppedKey(file, key, path));
      } else dropUnsafeKeys(value[key] as Json, path, warnings, file);
      path.pop();
    }
  }
}

const NUMBER_MESSAGES = {
  'number-range':
    'is out of the range JSON numbers can hold here (it would silently become null, Infinity or 0)',
  'number-precision':
    'is an integer beyond 2^53, which would silently lose precision; write it as a string',
} as const;

/** Where a text sits when it is one piece of a larger document (see parse-pieces.ts); a whole document has none. */
export interface Piece {
  /** The file's line and column of an offset in the piece's text. */
  locate: (offset: number) => { line: number; column: number };
  /** How many arrays and objects hold the piece's value in the document (0 for the whole document). */
  depth: number;
  /** Where the piece's value is in the document (for the pointers of dropped keys). */
  path: readonly (string | number)[];
}

/** What parseText found: the warnings about prototype keys apart, since a piece's may belong to a value left out. */
export interface TextParse extends ParsedJson {
  /** The warnings for prototype keys left out (not in `warnings`). */
  dropped: string[];
  /** Numbers JSON.parse changed, when parsing a piece (a whole text throws them). */
  numbers?: string[];
}

/** JSON.parse of `text` with every check, or a KwtError naming the file, line and column. */
export function parseText(text: string, file: string, piece?: Piece): TextParse {
  const warnings: string[] = [];
  const locate = piece?.locate ?? ((offset: number) => lineColumn(text, offset));
  const where = (offset: number): string => {
    const { line, column } = locate(offset);
    return `${file}:${line}:${column}`;
  };
  let value: Json;
  try {
    value = JSON.parse(text) as Json;
  } catch (error) {
    const problem = findSyntaxError(text);
    if (!problem) throw new KwtError('input', `${file}: invalid JSON: ${errorMessage(error)}`);
    const found =
      problem.offset >= text.length ? 'the end of the file' : JSON.stringify(text[problem.offset]);
    throw new KwtError(
      'input',
      `${where(problem.offset)}: invalid JSON: expected ${problem.expected}, found ${found}`,
    );
  }
  const depth = piece?.depth ?? 0;
  const facts: TreeFacts =
    value !== null && typeof value === 'object'
      ? treeFacts(value, MAX_DEPTH - depth)
      : {
          tooDeep: false,
          keys: 0,
          unsafe: false,
          bigNumber:
            typeof value === 'number' &&
            (!Number.isFinite(value) ||
              (Number.isInteger(value) && !Number.isSafeInteger(value)) ||
              Object.is(value, -0)),
          smallNumber: typeof value === 'number' && value > -MIN_NORMAL && value < MIN_NORMAL,
        };
  if (facts.tooDeep) throw tooDeep(file);
  // What JSON.parse hides: a changed number is an error, a repeated key a warning, a prototype key is dropped.
  // The full scan costs about a parse, so it runs only when native checks say it may find something.
  const suspicious =
    facts.bigNumber ||
    countKeysInText(text) !== facts.keys ||
    (facts.smallNumber && TINY_NUMBER.test(text)) ||
    hasLongNumber(text);
  const { findings } = suspicious ? scanJson(text, true) : { findings: [] };
  const numbers = findings
    .filter(
      (f) =>
        f.kind === 'number-range' || f.kind === 'number-precision' || f.kind === 'number-changed',
    )
    .map(
      (f) =>
        `${where(f.offset)}: the number ${f.token} ${f.kind === 'number-changed' ? `would be read as ${String(Number(f.token))}; write it as a string, or as the number you mean` : NUMBER_MESSAGES[f.kind as keyof typeof NUMBER_MESSAGES]}`,
    );
  // A piece's are thrown by its caller once the whole document is read: a syntax error anywhere comes first.
  if (numbers.length > 0 && !piece) throw changedNumbers(numbers);
  for (const f of findings) {
    if (f.kind === 'duplicate-key') warnings.push(duplicateKey(where(f.offset), f.token));
  }
  const dropped: string[] = [];
  if (facts.unsafe) dropUnsafeKeys(value, [...(piece?.path ?? [])], dropped, file);
  return {
    value,
    warnings,
    dropped,
    exact: !facts.unsafe && !findings.some((f) => f.kind === 'duplicate-key'),
    ...(numbers.length > 0 ? { numbers } : {}),
  };
}

/** The one error for numbers JSON.parse would change, each with its place. */
export function changedNumbers(numbers: readonly string[]): KwtError {
  return new KwtError('input', numbers[0]!, numbers.slice(1));
}

/** The one message for nesting past MAX_DEPTH. */
export function tooDeep(file: string): KwtError {
  return new KwtError(
    'input',
    `${file}: nested more than ${MAX_DEPTH} levels deep; refusing to process it`,
  );
}

/** The one warning for a repeated key (JSON.parse keeps the last). */
export function duplicateKey(where: string, key: string): string {
  return `${where}: key ${JSON.stringify(key)} appears twice in one object; the last one wins`;
}

/** The one warning for a prototype key left out of an input. */
export function droppedKey(file: string, key: string, path: readonly (string | number)[]): string {
  return `${file}: dropped key "${key}" at ${toPointer(path)} (not allowed in inputs)`;
}
