// Masks secrets wherever text leaves the tool: literals declared secret (in every form they take in output: raw,
// JSON-escaped, URL-encoded) through one matcher, and anything shaped like a credential (see credentials.ts).
import type { Json } from './json';
import { mapStrings } from './walk';
import { detectCredentials } from './credentials';
import { SecretMatcher } from './secret-matcher';
import { hasBase64Run as mayHoldBase64 } from './string-reading';

export const MASK = '***';

/**
 * The forms a value takes inside a string: as written, JSON-escaped, with `\/` escapes (a JSON body as PHP's
 * json_encode writes it), and percent-encoded (inside another URL's query). app-settings replaces a literal in each.
 */
export function encodedForms(value: string): string[] {
  const json = JSON.stringify(value).slice(1, -1);
  return [...new Set([value, json, json.replace(/\//g, '\\/'), encodeURIComponent(value)])];
}

/** The forms a value can take in output: those inside a string, and the ones a diff, a report or a form adds. */
export function outputForms(secret: string): string[] {
  const forms = new Set(encodedForms(secret));
  const encoded = encodeURIComponent(secret);
  forms.add(encoded.replace(/%20/g, '+'));
  forms.add(encoded.replace(/%[0-9A-F]{2}/g, (e) => e.toLowerCase()));
  // A JSON-escaped form printed again inside JSON (a report of a diff line) doubles its backslashes, `\/` ones too.
  const json = JSON.stringify(secret).slice(1, -1);
  forms.add(JSON.stringify(json).slice(1, -1));
  forms.add(JSON.stringify(json.replace(/\//g, '\\/')).slice(1, -1));
  return [...forms];
}

/** Collects secret literals for one run and masks them (and credential shapes) wherever text leaves the tool. */
export class Redactor {
  /** Built on the first text to mask: a quiet run that prints nothing never pays for it. */
  private matcher: SecretMatcher | undefined;
  private readonly pending: string[] = [];
  /** Declared secrets, whose base64 forms are looked for in a text that has base64 at all (see inBase64). */
  private readonly declared: string[] = [];
  private base64: SecretMatcher | undefined;
  /** Texts masked already (a message, masked by the plan, is masked again where it is printed), while few. */
  private readonly done = new Map<string, string>();

  /**
   * `secrets`: values declared secret, masked in every form, base64 at any alignment included. `found`: credentials
   * the detectors found by their shape, masked as written, escaped and encoded; inside base64, maskText's own reading
   * finds them again by shape (their base64 forms, three per credential, would triple a large run's matcher).
   */
  constructor(secrets: Iterable<string> = [], found: Iterable<string> = []) {
    for (const s of secrets) this.add(s);
    for (const s of found) this.add(s, { shaped: true });
  }

  add(secret: string, options: { shaped?: boolean } = {}): void {
    // A one- or two-character "secret" would mask half the output; such values are not credentials anyway.
    if (secret.length < 3) return;
    this.done.clear();
    if (this.matcher) for (const form of outputForms(secret)) this.matcher.add(form);
    else this.pending.push(secret);
    if (options.shaped !== true) {
      this.declared.push(secret);
      if (this.base64) for (const core of base64Cores(secret)) this.base64.add(core);
    }
  }

  private get built(): SecretMatcher {
    if (!this.matcher) {
      this.matcher = new SecretMatcher();
      for (const secret of this.pending)
        for (const form of outputForms(secret)) this.matcher.add(form);
      this.pending.length = 0;
    }
    return this.matcher;
  }

  /** Where a declared secret sits inside base64 in `text`: asked only of a text with a run that may be base64. */
  private inBase64(text: string): [number, number][] {
    if (this.declared.length === 0 || !mayHoldBase64(text)) return [];
    if (!this.base64) {
      this.base64 = new SecretMatcher();
      for (const secret of this.declared)
        for (const core of base64Cores(secret)) this.base64.add(core);
    }
    return this.base64.find(text);
  }

  get size(): number {
    return this.built.size;
  }

  maskText(text: string): string {
    const known = this.done.get(text);
    if (known !== undefined) return known;
    let out = text;
    const plain = this.built.find(out);
    const encoded = this.inBase64(out);
    const ranges =
      encoded.length === 0 ? plain : [...plain, ...encoded].sort((a, b) => a[0] - b[0]);
    if (ranges.length > 0) out = replaceRanges(out, ranges);
    // Credentials by shape, read through every layer of the text (a JSON report holds bodies that hold URLs…).
    const found = detectCredentials(out);
    if (found.length > 0)
      out = replaceRanges(
        out,
        found.map((f) => [f.start, f.end]),
      );
    if (this.done.size < MEMO_LIMIT) this.done.set(text, out);
    return out;
  }

  maskJson<T extends Json>(value: T): T {
    return mapStrings(value, (text) => this.maskText(text)) as T;
  }
}

/** How many masked texts a Redactor remembers (a run's distinct messages; beyond this, texts are masked anew). */
const MEMO_LIMIT = 100_000;

/**
 * Masks problems' messages with `redactor`: each distinct message once (one finding in ten thousand places is one
 * message), and a problem held by several lists becomes one masked object. Unchanged problems are kept as they are.
 */
export function messageMasker<P extends { message: string }>(
  redactor: Redactor,
): (problem: P) => P {
  const messages = new Map<string, string>();
  const problems = new Map<P, P>();
  return (problem) => {
    let masked = problems.get(problem);
    if (masked === undefined) {
      let message = messages.get(problem.message);
      if (message === undefined)
        messages.set(problem.message, (message = redactor.maskText(problem.message)));
      masked = message === problem.message ? problem : { ...problem, message };
      problems.set(problem, masked);
    }
    return masked;
  };
}

function replaceRanges(text: string, ranges: readonly (readonly [number, number])[]): string {
  let out = '';
  let last = 0;
  for (const [start, end] of ranges) {
    // Overlapping ranges are masked as their union: no tail of a longer secret is left behind.
    if (start < last) {
      if (end > last) last = end;
      continue;
    }
    out += text.slice(last, start) + MASK;
    last = end;
  }
  return out + text.slice(last);
}

/**
 * The part of the key's base64 that is the same wherever the key sits in the encoded text (`user:<key>` in a Basic
 * header): for each of the three alignments, the encoding without its first and last groups, which mix in neighbours.
 */
function base64Cores(token: string): string[] {
  if (token.length < 12) return [];
  return [0, 1, 2].map((k) =>
    Buffer.from('\0'.repeat(k) + token, 'utf8')
      .toString('base64')
      .slice(k === 0 ? 0 : 4, -4),
  );
}

/** Every form the API key can take inside a document: as written, escaped, percent-encoded, inside a Basic header's base64. */
export function apiKeyForms(token: string): string[] {
  return [...outputForms(token), ...base64Cores(token)];
}
