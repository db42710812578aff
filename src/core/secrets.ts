// Masks secrets wherever text leaves the tool: literals declared secret (in every form they take in output: raw,
// JSON-escaped, URL-encoded) through one matcher, and anything shaped like a credential (see credentials.ts).
import type { Json } from './json';
import { mapStrings } from './walk';
import { detectCredentials } from './credentials';
import { SecretMatcher } from './secret-matcher';

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
  private readonly pending: { secret: string; forms: (secret: string) => string[] }[] = [];

  /**
   * `secrets`: values declared secret, masked in every form, base64 at any alignment included. `found`: credentials
   * the detectors found by their shape, masked as written, escaped and encoded; inside base64, maskText's own reading
   * finds them again by shape (their base64 forms, three per credential, would triple a large run's matcher).
   */
  constructor(secrets: Iterable<string> = [], found: Iterable<string> = []) {
    for (const s of secrets) this.add(s);
    for (const s of found) this.add(s, outputForms);
  }

  add(secret: string, forms: (secret: string) => string[] = secretForms): void {
    // A one- or two-character "secret" would mask half the output; such values are not credentials anyway.
    if (secret.length < 3) return;
    if (this.matcher) for (const form of forms(secret)) this.matcher.add(form);
    else this.pending.push({ secret, forms });
  }

  private get built(): SecretMatcher {
    if (!this.matcher) {
      this.matcher = new SecretMatcher();
      for (const { secret, forms } of this.pending)
        for (const form of forms(secret)) this.matcher.add(form);
      this.pending.length = 0;
    }
    return this.matcher;
  }

  get size(): number {
    return this.built.size;
  }

  maskText(text: string): string {
    let out = text;
    const ranges = this.built.find(out);
    if (ranges.length > 0) out = replaceRanges(out, ranges);
    // Credentials by shape, read through every layer of the text (a JSON report holds bodies that hold URLs…).
    const found = detectCredentials(out);
    if (found.length > 0)
      out = replaceRanges(
        out,
        found.map((f) => [f.start, f.end]),
      );
    return out;
  }

  maskJson<T extends Json>(value: T): T {
    return mapStrings(value, (text) => this.maskText(text)) as T;
  }
}

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

/**
 * Every form a secret can take inside a document or a report: as written, escaped, percent-encoded, and inside base64 at
 * any alignment (a Basic header's `user:<secret>`, a body encoded whole).
 */
function secretForms(secret: string): string[] {
  return [...outputForms(secret), ...base64Cores(secret)];
}

/** Every form the API key can take inside a document: as written, escaped, percent-encoded, inside a Basic header's base64. */
export function apiKeyForms(token: string): string[] {
  return secretForms(token);
}
