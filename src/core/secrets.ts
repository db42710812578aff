// Masks secrets wherever text leaves the tool: literals declared secret (in every form they take in output: raw,
// JSON-escaped, URL-encoded) through one matcher, and anything shaped like a credential (see credentials.ts).
import type { Json } from './json';
import { mapStrings } from './walk';
import { detectCredentials } from './credentials';
import { SecretMatcher } from './secret-matcher';

export const MASK = '***';

/** The forms a value can take in output: as is, inside a JSON string, and URL-encoded (in a diff, a report, a URL). */
export function outputForms(secret: string): string[] {
  const json = JSON.stringify(secret).slice(1, -1);
  const encoded = encodeURIComponent(secret);
  const forms = new Set([secret, json, encoded, encoded.replace(/%20/g, '+'), encoded.replace(/%[0-9A-F]{2}/g, (e) => e.toLowerCase())]);
  // `\/` as PHP's json_encode writes a slash.
  const slashed = json.replace(/\//g, '\\/');
  forms.add(slashed);
  forms.add(JSON.stringify(slashed).slice(1, -1));
  // A JSON-escaped form printed again inside JSON (a report of a diff line) doubles its backslashes.
  forms.add(JSON.stringify(json).slice(1, -1));
  return [...forms];
}

/** Collects secret literals for one run and masks them (and credential shapes) wherever text leaves the tool. */
export class Redactor {
  /** Built on the first text to mask: a quiet run that prints nothing never pays for it. */
  private matcher: SecretMatcher | undefined;
  private readonly pending: string[] = [];

  constructor(secrets: Iterable<string> = []) {
    for (const s of secrets) this.add(s);
  }

  add(secret: string): void {
    // A one- or two-character "secret" would mask half the output; such values are not credentials anyway.
    if (secret.length < 3) return;
    if (this.matcher) for (const form of outputForms(secret)) this.matcher.add(form);
    else this.pending.push(secret);
  }

  private get built(): SecretMatcher {
    if (!this.matcher) {
      this.matcher = new SecretMatcher();
      for (const secret of this.pending) for (const form of outputForms(secret)) this.matcher.add(form);
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
