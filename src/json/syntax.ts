// One iterative JSON scanner (no recursion, so any nesting depth is safe): the first syntax error with what was expected,
// and on valid text the facts JSON.parse hides: duplicate keys, numbers it changes, and keys that could reach a prototype.
import { lineStartsOf, placeAmong } from './position-index';
import { UNSAFE_KEYS } from '../core/json';
import { stringBetween } from './text';

export interface SyntaxProblem {
  offset: number;
  expected: string;
}

export interface ScanFinding {
  offset: number;
  kind: 'duplicate-key' | 'number-range' | 'number-precision' | 'number-changed' | 'unsafe-key';
  /** The key or the number as written (never a string value: those may be secrets). */
  token: string;
}

export interface ScanResult {
  error?: SyntaxProblem;
  findings: ScanFinding[];
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const HEX4 = /^[0-9a-fA-F]{4}$/;
/** Stop collecting after this many findings: a broken file should not produce a million warnings. */
const MAX_FINDINGS = 100;

/** Thrown (once, at the first error) to leave the scan from any depth; caught below. */
class Stop extends Error {
  constructor(readonly problem: SyntaxProblem) {
    super(problem.expected);
  }
}

interface Frame {
  array: boolean;
  /** Keys seen in this object; created on the second key, since most objects are small. */
  keys?: Set<string>;
  first?: string;
}

/**
 * A number JSON.parse cannot keep as written: out of range (Infinity, or a non-zero that becomes 0), an integer past
 * 2^53 (written back with other digits even when the double is exact: 2^64 becomes 18446744073709552000), more than
 * the 17 significant digits a double holds (0.1000000000000000000000000001 becomes 0.1), or -0 (written back as 0).
 */
function numberProblem(token: string): ScanFinding['kind'] | undefined {
  if (token.charCodeAt(0) === 45 && token.charCodeAt(1) === 48 && Number(token) === 0)
    return 'number-changed';
  // Up to 15 significant digits a double holds exactly; only long numbers or ones with an exponent need a look.
  if (token.length < 16 && !/[eE]/.test(token)) return undefined;
  const value = Number(token);
  if (!Number.isFinite(value)) return 'number-range';
  if (value === 0 && /[1-9]/.test(token.replace(/[eE].*$/, ''))) return 'number-range';
  if (!/[.eE]/.test(token) && !Number.isSafeInteger(value) && !sameDecimal(token, String(value)))
    return 'number-precision';
  // More digits than a double's 17 that are not the ones it holds: lost. Within 17, another spelling of the same double.
  if (decimalOf(token).digits.length > 17 && !sameDecimal(token, String(value)))
    return 'number-changed';
  return undefined;
}

/** Whether two decimal numerals name the same number: the same significant digits at the same power of ten. */
function sameDecimal(a: string, b: string): boolean {
  const da = decimalOf(a);
  const db = decimalOf(b);
  return (
    da.sign === db.sign && da.digits === db.digits && (da.digits === '' || da.point === db.point)
  );
}

/** A numeral as sign, significant digits (no leading or trailing zeros) and the power of ten of the first one. */
function decimalOf(numeral: string): { sign: boolean; digits: string; point: number } {
  const m = /^(-?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(numeral);
  if (!m) return { sign: false, digits: numeral, point: 0 };
  const whole = m[2] ?? '';
  const all = whole + (m[3] ?? '');
  const lead = all.length - all.replace(/^0+/, '').length;
  const digits = all.slice(lead).replace(/0+$/, '');
  return { sign: m[1] === '-', digits, point: whole.length - lead + Number(m[4] ?? 0) };
}

/** One scan of one text: the position, the open containers and what was noticed, with one method per token. */
class Scanner {
  i = 0;
  private readonly n: number;
  readonly findings: ScanFinding[] = [];
  private readonly stack: Frame[] = [];

  constructor(
    private readonly text: string,
    private readonly collect: boolean,
  ) {
    this.n = text.length;
  }

  fail(expected: string): never {
    throw new Stop({ offset: this.i, expected });
  }

  private note(offset: number, kind: ScanFinding['kind'], token: string): void {
    if (this.findings.length < MAX_FINDINGS) this.findings.push({ offset, kind, token });
  }

  private ws(): void {
    const { text, n } = this;
    while (this.i < n) {
      const c = text.charCodeAt(this.i);
      if (c === 32 || c === 10 || c === 13 || c === 9) this.i++;
      else break;
    }
  }

  /** Reads a string at i (an opening quote); returns true when it held an escape. */
  private string(): boolean {
    const { text, n } = this;
    this.i++;
    // On text JSON.parse accepted, strings are known to be well formed: jump from quote to quote (native indexOf).
    if (this.collect) return this.skipValidString();
    let escaped = false;
    while (this.i < n) {
      const c = text.charCodeAt(this.i);
      if (c === 0x22) {
        this.i++;
        return escaped;
      }
      if (c < 0x20) this.fail('no raw control character inside a string (escape newlines as \\n)');
      if (c === 0x5c) {
        escaped = true;
        const e = text[this.i + 1];
        if (e === 'u') {
          if (!HEX4.test(text.slice(this.i + 2, this.i + 6)))
            this.fail('four hex digits after \\u');
          this.i += 6;
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) this.i += 2;
        else {
          this.i++;
          this.fail('a valid escape (\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)');
        }
      } else this.i++;
    }
    return this.fail('a closing " before the end of the file');
  }

  /** Moves past a string known to be well formed; whether it held an escape is decided by the caller when it matters. */
  private skipValidString(): boolean {
    const { text } = this;
    for (;;) {
      const q = text.indexOf('"', this.i);
      if (q < 0) return this.fail('a closing " before the end of the file');
      let backslashes = 0;
      for (let k = q - 1; k >= this.i && text.charCodeAt(k) === 0x5c; k--) backslashes++;
      this.i = q + 1;
      if (backslashes % 2 === 0) return false;
    }
  }

  private key(frame: Frame): void {
    const { text } = this;
    if (text[this.i] !== '"')
      this.fail(
        text[this.i] === '}'
          ? 'another property after the comma (trailing commas are not allowed)'
          : 'a double-quoted property name',
      );
    const start = this.i;
    this.string();
    if (this.collect) this.noteKey(frame, start);
    this.ws();
    if (text[this.i] !== ':') this.fail("':' after the property name");
    this.i++;
  }

  /** A key that could reach a prototype, or that its object already has. */
  private noteKey(frame: Frame, start: number): void {
    const name = stringBetween(this.text, start, this.i);
    if (UNSAFE_KEYS.has(name)) this.note(start, 'unsafe-key', name);
    if (frame.first === undefined) frame.first = name;
    else {
      frame.keys ??= new Set([frame.first]);
      if (frame.keys.has(name)) this.note(start, 'duplicate-key', name);
      else frame.keys.add(name);
    }
  }

  /** Reads a scalar at i, or opens a container; returns true when a whole value was read. */
  private value(): boolean {
    const { text } = this;
    this.ws();
    if (this.i >= this.n) this.fail('a JSON value before the end of the file');
    const c = text[this.i] as string;
    if (c === '{' || c === '[') {
      this.i++;
      this.ws();
      if (text[this.i] === (c === '{' ? '}' : ']')) {
        this.i++;
        return true;
      }
      const frame: Frame = { array: c === '[' };
      this.stack.push(frame);
      if (!frame.array) this.key(frame);
      return false;
    }
    if (c === '"') this.string();
    else if (c === 't' || c === 'f' || c === 'n') {
      const word = c === 't' ? 'true' : c === 'f' ? 'false' : 'null';
      if (!text.startsWith(word, this.i)) this.fail(`a JSON value (did you mean ${word}?)`);
      this.i += word.length;
    } else if (c === '-' || (c >= '0' && c <= '9')) this.number();
    else
      this.fail(
        c === "'" ? 'a double-quoted string (JSON does not allow single quotes)' : 'a JSON value',
      );
    return true;
  }

  private number(): void {
    NUMBER.lastIndex = this.i;
    const m = NUMBER.exec(this.text);
    if (!m) return this.fail('a JSON value');
    if (this.collect) {
      const kind = numberProblem(m[0]);
      if (kind) this.note(this.i, kind, m[0]);
    }
    this.i += m[0].length;
  }

  /** After a value: a comma and the next member or element, the container's end, or the end of the text. */
  private next(): 'value' | 'after' | 'done' {
    this.ws();
    const frame = this.stack[this.stack.length - 1];
    if (!frame) {
      if (this.i < this.n) this.fail('the end of the file after the JSON value');
      return 'done';
    }
    const c = this.text[this.i];
    if (c === ',') {
      this.i++;
      this.ws();
      if (!frame.array) this.key(frame);
      else if (this.text[this.i] === ']')
        this.fail('another element after the comma (trailing commas are not allowed)');
      return 'value';
    }
    if (c !== (frame.array ? ']' : '}'))
      this.fail(
        frame.array ? "',' or ']' after the array element" : "',' or '}' after the property value",
      );
    this.i++;
    this.stack.pop();
    return 'after';
  }

  /** The whole text, value by value, without recursion (any depth is safe). */
  run(): void {
    let complete = this.value();
    for (;;) {
      if (!complete) {
        complete = this.value();
        continue;
      }
      const step = this.next();
      if (step === 'done') return;
      complete = step === 'after';
    }
  }
}

/**
 * Scans `text` once. With `collect`, also reports duplicate keys, changed numbers and unsafe keys (only meaningful on
 * valid JSON); without it, it only looks for the first syntax error (used after JSON.parse has failed).
 */
export function scanJson(text: string, collect: boolean): ScanResult {
  const scanner = new Scanner(text, collect);
  try {
    scanner.run();
    return { findings: scanner.findings };
  } catch (stop) {
    if (stop instanceof Stop) return { error: stop.problem, findings: scanner.findings };
    throw stop;
  }
}

/** The first syntax error of `text`, or undefined when it is valid JSON. */
export function findSyntaxError(text: string): SyntaxProblem | undefined {
  return scanJson(text, false).error;
}

/** The last text's line starts: a file's warnings are placed one after another, each by bisection, not by a scan. */
let lastText: string | undefined;
let lastStarts: Int32Array | undefined;

/** 1-based line and column of an offset. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let starts = lastStarts;
  if (text !== lastText || starts === undefined) {
    starts = lastStarts = lineStartsOf(text);
    lastText = text;
  }
  return placeAmong(starts, offset);
}
