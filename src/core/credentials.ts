// Credential detection: a table of kinds, each a literal needle and a pattern tried only where its needle occurs.
// Linear in the text by construction: one native scan finds every needle; a pattern is tried only at a needle that starts a
// token, and its quantifiers stop at the next delimiter, so no character is scanned more than a few times (no backtracking).
import type { Path } from './json';

export interface CredentialRule {
  /** Stable id, shown in findings (`credential (aws-access-key-id)`) and the README table. */
  readonly id: string;
  /** What it is, for people. */
  readonly kind: string;
  /** Regex source of a short literal-like needle (matched case-insensitively); a pattern is tried only where it occurs. */
  readonly needle: string;
  /** Sticky pattern tried at the needle's position; `secret` names the group that is the secret (0: the whole match). */
  readonly pattern: RegExp;
  readonly secret: number;
  /** The needle must start a token (not sit inside a longer word). */
  readonly boundary: boolean;
  /** Extra test on the secret (shape checks a regex would make quadratic). */
  readonly accept?: (secret: string, header: boolean) => boolean;
}

/** A token made by a machine, not a word: a digit, or a lower-case letter followed later by an upper-case one, or 24+ chars. */
function machineMade(token: string): boolean {
  if (token.length >= 24 || /\d/.test(token)) return true;
  // An upper-case letter after the first lower-case one (two linear scans; one regex for it would backtrack).
  const firstLower = token.search(/[a-z]/);
  return firstLower >= 0 && /[A-Z]/.test(token.slice(firstLower + 1));
}

const TOKEN = '[A-Za-z0-9._~+/=-]';

export const CREDENTIAL_RULES: readonly CredentialRule[] = [
  {
    id: 'auth-header',
    kind: 'Authorization scheme and token (Bearer, Token, Basic; any case)',
    needle: 'bearer|token|basic',
    pattern: new RegExp(`(bearer|token|basic)[ \\t]+(?!\\{\\{)(${TOKEN}{8,})`, 'iy'),
    secret: 2,
    boundary: true,
    // In an Authorization-like header any token is a credential; in prose ("Token reference") it must look machine-made.
    accept: (token, header) => header || machineMade(token),
  },
  {
    id: 'aws-access-key-id',
    kind: 'AWS access key id (AKIA, ASIA, …)',
    needle: 'a[ks]ia|agpa|aida|aroa|anpa|anva|aipa',
    pattern: /(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[0-9A-Z]{16}(?![0-9A-Za-z])/y,
    secret: 0,
    boundary: true,
  },
  {
    id: 'aws-secret-access-key',
    kind: 'AWS secret access key (after its name)',
    needle: 'aws_?secret_?access_?key|secretaccesskey',
    pattern: /(?:aws_?secret_?access_?key|secretAccessKey)["']?\s{0,8}[:=]\s{0,8}["']?([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+])/iy,
    secret: 1,
    boundary: true,
  },
  { id: 'url-basic-auth', kind: 'user:password in a URL', needle: '://', pattern: /:\/\/[^\s/:@{}]{1,256}:([^\s/@{}]{1,256})@/y, secret: 1, boundary: false },
  {
    id: 'url-query-credential',
    kind: 'credential in a query string (api_key, password, token, access_token, sig, …)',
    needle:
      '[?&](?:api[_-]?key|apikey|key|password|passwd|pwd|secret|client[_-]?secret|token|access[_-]?token|auth[_-]?token|refresh[_-]?token|sig|signature)=',
    pattern:
      /[?&](?:api[_-]?key|apikey|key|password|passwd|pwd|secret|client[_-]?secret|token|access[_-]?token|auth[_-]?token|refresh[_-]?token|sig|signature)=(?!\{\{)([^&#\s"'<>{}]{6,2048})/iy,
    secret: 1,
    boundary: false,
  },
  {
    id: 'slack-webhook',
    kind: 'Slack incoming-webhook URL',
    needle: 'hooks\\.slack\\.com/',
    pattern: /hooks\.slack\.com\/(?:services|workflows|triggers)\/[A-Za-z0-9/_+-]{20,300}/y,
    secret: 0,
    boundary: false,
  },
  {
    id: 'slack-token',
    kind: 'Slack token (xoxb-, xoxp-, xapp-, …)',
    needle: 'xox[abposr]-|xapp-',
    pattern: /(?:xox[abposr]|xapp)-[A-Za-z0-9-]{10,250}/y,
    secret: 0,
    boundary: true,
  },
  {
    id: 'github-token',
    kind: 'GitHub token (ghp_, gho_, ghu_, ghs_, ghr_, github_pat_)',
    needle: 'gh[pousr]_|github_pat_',
    pattern: /(?:gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{22,255})/y,
    secret: 0,
    boundary: true,
  },
  { id: 'sendgrid', kind: 'SendGrid API key (SG.…)', needle: 'sg\\.', pattern: /SG\.[A-Za-z0-9_-]{16,32}\.[A-Za-z0-9_-]{16,64}/y, secret: 0, boundary: true },
  {
    id: 'private-key',
    kind: 'PEM private key',
    needle: '-----begin',
    pattern: /-----BEGIN (?:[A-Z0-9]+ ){0,3}PRIVATE KEY(?: BLOCK)?-----[^-]{0,16384}(?:-----END (?:[A-Z0-9]+ ){0,3}PRIVATE KEY(?: BLOCK)?-----|$)/y,
    secret: 0,
    boundary: false,
  },
  { id: 'google-api-key', kind: 'Google API key (AIza…)', needle: 'aiza', pattern: /AIza[0-9A-Za-z_-]{35}(?![0-9A-Za-z_-])/y, secret: 0, boundary: true },
  {
    id: 'google-oauth-token',
    kind: 'Google OAuth access token (ya29.…)',
    needle: 'ya29\\.',
    pattern: /ya29\.[0-9A-Za-z_-]{20,2048}/y,
    secret: 0,
    boundary: true,
  },
  { id: 'npm-token', kind: 'npm token (npm_…)', needle: 'npm_', pattern: /npm_[A-Za-z0-9]{36}(?![A-Za-z0-9])/y, secret: 0, boundary: true },
  {
    id: 'stripe-key',
    kind: 'Stripe secret or restricted key (sk_, rk_, live or test)',
    needle: '[sr]k_(?:live|test)_',
    pattern: /[sr]k_(?:live|test)_[A-Za-z0-9]{10,247}/y,
    secret: 0,
    boundary: true,
  },
  {
    id: 'stripe-webhook-secret',
    kind: 'Stripe webhook signing secret (whsec_)',
    needle: 'whsec_',
    pattern: /whsec_[A-Za-z0-9+/=]{20,255}/y,
    secret: 0,
    boundary: true,
  },
  {
    id: 'shopify-token',
    kind: 'Shopify token (shpat_, shpss_, shpca_, shppa_)',
    needle: 'shp(?:at|ss|ca|pa)_',
    pattern: /shp(?:at|ss|ca|pa)_[a-fA-F0-9]{32}(?![a-fA-F0-9])/y,
    secret: 0,
    boundary: true,
  },
  { id: 'twilio-api-key', kind: 'Twilio API key SID (SK…)', needle: 'sk[0-9a-f]{32}', pattern: /SK[0-9a-fA-F]{32}(?![0-9a-fA-F])/y, secret: 0, boundary: true },
  {
    id: 'jwt',
    kind: 'JSON Web Token (eyJ….….…)',
    needle: 'eyj',
    pattern: /eyJ[A-Za-z0-9_-]{7,}\.[A-Za-z0-9_-]{7,}\.[A-Za-z0-9_-]{10,}/y,
    secret: 0,
    boundary: true,
  },
];

/** Header or parameter names whose value is a secret whatever its shape (when it looks like one, see keyedSecret). */
const SECRET_KEY =
  /(?:^|[-_.\s])(?:api[-_]?key|apikey|x[-_]api[-_]key|key|token|secret|password|passwd|pwd|auth|authorization|signature|sig|credentials?|access[-_]?key)$|(?:token|secret|password|apikey|api[-_]key|signature)/i;
/** Headers that carry a scheme and a token. */
const AUTH_HEADER = /^(?:proxy-)?authorization$/i;
const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const HEX = /^[0-9a-fA-F]{16,}$/;
const BASE64ISH = /^[A-Za-z0-9+/_=-]{20,}$/;

/** SECRET_KEY's answer for each key met (keys repeat across every workflow; a run meets a few hundred distinct ones). */
const secretKeys = new Map<string, boolean>();
const MAX_REMEMBERED_KEYS = 10_000;

function secretSoundingKey(key: string): boolean {
  let answer = secretKeys.get(key);
  if (answer === undefined) {
    answer = SECRET_KEY.test(key);
    // Bounded: an input made of endless distinct keys cannot grow it without end.
    if (secretKeys.size < MAX_REMEMBERED_KEYS) secretKeys.set(key, answer);
  }
  return answer;
}

/** A keyed value that looks like a secret: a UUID, a long hex string, or a long base64-like string of letters and digits. */
function keyedSecret(value: string): boolean {
  if (value.length > 4096 || value.includes('{{')) return false;
  return UUID.test(value) || HEX.test(value) || (BASE64ISH.test(value) && /\d/.test(value) && /[A-Za-z]/.test(value));
}

/** The prefilter: every needle, in one case-insensitive scan; group i+1 is rule i. Derived from the table, never by hand. */
const NEEDLES = new RegExp(CREDENTIAL_RULES.map((r) => `(${r.needle})`).join('|'), 'gi');
/** A needle preceded by one of these sits inside a longer token: no attempt there (this is what keeps the scan linear). */
const WORD_CHAR = /[A-Za-z0-9_-]/;

export interface CredentialFinding {
  rule: string;
  /** The secret part, as it appears in the text (for masking and declaring; never for printing). */
  value: string;
  start: number;
  end: number;
}

/** Where a string sits: the key that holds it, so a header or parameter name can say "this is a secret". */
export interface CredentialContext {
  key?: string | number | undefined;
  /** True when the key is a request header (inside `headers`). */
  inHeaders?: boolean;
}

/** The context of a string at `path` in a workflow: the key that holds it, and whether that key is a request header. */
export function credentialContext(path: Path): CredentialContext {
  return { key: path[path.length - 1], inHeaders: path[path.length - 2] === 'headers' };
}

const NONE: readonly CredentialFinding[] = Object.freeze([]);

/** Every credential in `text`, in order, without overlaps. Runs on every string of every workflow: the common case is fast. */
export function detectCredentials(text: string, context: CredentialContext = {}): readonly CredentialFinding[] {
  let found: CredentialFinding[] | undefined;
  if (text.length >= 8) {
    NEEDLES.lastIndex = 0;
    let m = NEEDLES.exec(text);
    let covered = 0;
    let header: boolean | undefined;
    for (; m !== null; m = NEEDLES.exec(text)) {
      const at = m.index;
      if (at < covered) continue;
      const index = m.findIndex((g, i) => i > 0 && g !== undefined) - 1;
      const rule = CREDENTIAL_RULES[index];
      if (!rule || (rule.boundary && at > 0 && WORD_CHAR.test(text[at - 1] as string))) continue;
      rule.pattern.lastIndex = at;
      const hit = rule.pattern.exec(text);
      if (!hit) continue;
      const secret = hit[rule.secret] as string;
      header ??= isSecretHeader(context);
      if (rule.accept && !rule.accept(secret, header)) continue;
      const start = at + hit[0].lastIndexOf(secret);
      (found ??= []).push({ rule: rule.id, value: secret, start, end: start + secret.length });
      covered = at + hit[0].length;
      NEEDLES.lastIndex = Math.max(NEEDLES.lastIndex, covered);
    }
  }
  // A value under a secret-sounding key (X-Api-Key, api_key, password, signature…) that looks like a secret is one.
  if (found === undefined && text.length >= 16 && typeof context.key === 'string') {
    // The key first: a workflow has few distinct keys, so its answer is remembered; most strings stop there.
    const value = secretSoundingKey(context.key) ? text.trim() : '';
    if (value !== '' && keyedSecret(value)) {
      const start = text.indexOf(value);
      found = [{ rule: 'keyed-secret', value, start, end: start + value.length }];
    }
  }
  return found ?? NONE;
}

function isSecretHeader(context: CredentialContext): boolean {
  const key = context.key;
  return typeof key === 'string' && (AUTH_HEADER.test(key) || (context.inHeaders === true && SECRET_KEY.test(key)));
}

/** True when the string holds a credential. */
export function hasCredential(text: string, context?: CredentialContext): boolean {
  return detectCredentials(text, context).length > 0;
}

/** The rule ids and kinds, for messages and the README table (keyed-secret is the context rule). */
export const CREDENTIAL_KINDS: readonly { id: string; kind: string }[] = [
  ...CREDENTIAL_RULES.map((r) => ({ id: r.id, kind: r.kind })),
  { id: 'keyed-secret', kind: 'UUID, long hex or base64 value under a key or header named key/token/secret/password/auth/signature' },
];
