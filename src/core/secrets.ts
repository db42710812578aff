// Masks secret literals and credential-looking values in anything the tool prints or writes beside the block.
import type { Json } from './json';
import { mapStrings } from './walk';

export const MASK = '***';

/** Credential shapes: Authorization header values and well-known key prefixes. */
const CREDENTIAL_PATTERNS: readonly RegExp[] = [
  // The token must look machine-made (a digit, or an upper-case letter after a lower-case one), so prose such as
  // "Token reference" or "Basic Information" is not taken for a credential.
  /\b(?:Bearer|Basic|Token)\s+(?!\{\{)(?=[A-Za-z0-9._~+/=-]*(?:[0-9]|[a-z][A-Za-z0-9._~+/=-]*[A-Z]))[A-Za-z0-9._~+/=-]{8,}/g,
  /\b(?:sk|pk|rk)_(?:live|test)_[A-Za-z0-9]{10,}/g,
  /\bAKIA[0-9A-Z]{16}\b/g,
  /\bgh[pousr]_[A-Za-z0-9]{30,}/g,
  /\bxox[abprs]-[A-Za-z0-9-]{10,}/g,
  /\bAIza[0-9A-Za-z_-]{35}\b/g,
  /\beyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/g,
];

/** Any of the shapes, in one pass: most strings hold none, and the shortest match is longer than 8 characters. */
const ANY_CREDENTIAL = new RegExp(CREDENTIAL_PATTERNS.map((p) => `(?:${p.source})`).join('|'));

/** True when the string contains something shaped like a credential. */
export function hasCredential(text: string): boolean {
  return text.length >= 8 && ANY_CREDENTIAL.test(text);
}

/** Every credential in the text, as the secret part only (`Bearer abc…` gives `abc…`), in order of appearance. */
export function findCredentials(text: string): string[] {
  if (!hasCredential(text)) return [];
  const found: { at: number; token: string }[] = [];
  for (const pattern of CREDENTIAL_PATTERNS) {
    pattern.lastIndex = 0;
    for (const m of text.matchAll(pattern)) {
      found.push({ at: m.index ?? 0, token: m[0].replace(/^(?:Bearer|Basic|Token)\s+/, '') });
    }
  }
  return found.sort((a, b) => a.at - b.at).map((f) => f.token);
}

/** Collects secret literals for one run and masks them (and credential shapes) wherever text leaves the tool. */
export class Redactor {
  private readonly secrets = new Set<string>();

  add(secret: string): void {
    // A one- or two-character "secret" would mask half the output; such values are not credentials anyway.
    if (secret.length >= 3) this.secrets.add(secret);
  }

  get size(): number {
    return this.secrets.size;
  }

  maskText(text: string): string {
    let out = text;
    // Longest first, so a secret that contains another is masked whole.
    for (const secret of [...this.secrets].sort((a, b) => b.length - a.length)) {
      if (out.includes(secret)) out = out.split(secret).join(MASK);
    }
    for (const pattern of CREDENTIAL_PATTERNS) out = out.replace(pattern, (m) => m.replace(/\S+$/, MASK));
    return out;
  }

  maskJson<T extends Json>(value: T): T {
    return mapStrings(value, (text) => this.maskText(text)) as T;
  }
}
