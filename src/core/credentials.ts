// Credential detection over one reading of a string (string-reading.ts): token shapes found in every layer a string
// carries, values under secret-named keys (the innermost key, in whichever layer it lives), and placeholders told apart
// from credentials. Linear in the text by construction: one native scan finds every needle; a pattern is tried only at a
// needle that starts a token, and its quantifiers stop at the next delimiter, so no character is scanned more than a few
// times (no backtracking); the reading itself is linear (see there).
import type { Path } from './json';
import {
  type StringPart,
  decodedPart,
  plainString,
  readString,
  rootPart,
  spanOf,
} from './string-reading';

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
  /**
   * How far before its needle the match may start, for a shape whose literal part is in its middle (`<32 hex>-us1`,
   * `<14>.atlasv1.`): a needle must start with a literal, or the scan tries its leading class at every character.
   */
  readonly lookBack?: number;
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

const TOKEN = '[A-Za-z0-9._~+/=:!-]';
/** Not followed by another token character: the shape ends where the token does. */
const END = '(?![A-Za-z0-9_-])';

/** A prefixed token: `prefix` then `body` (both regex sources), the whole match is the secret. */
function prefixed(
  id: string,
  kind: string,
  needle: string,
  source: string,
  lookBack = 0,
): CredentialRule {
  return {
    id,
    kind,
    needle,
    pattern: new RegExp(`(?:${source})${END}`, 'y'),
    secret: 0,
    boundary: true,
    ...(lookBack > 0 ? { lookBack } : {}),
  };
}

/** A URL whose path or query holds the secret (webhooks): group 1 is the secret, so a host made a setting leaves it findable. */
function webhook(id: string, kind: string, needle: string, source: string): CredentialRule {
  return { id, kind, needle, pattern: new RegExp(source, 'iy'), secret: 1, boundary: false };
}

export const CREDENTIAL_RULES: readonly CredentialRule[] = [
  {
    id: 'auth-header',
    kind: 'Authorization scheme and token (Bearer, Token, Basic; any case)',
    needle: 'bearer|token|basic',
    pattern: new RegExp(`(bearer|token|basic)[ \\t]{1,64}(?!\\{\\{)(${TOKEN}{8,4096})`, 'iy'),
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
    pattern:
      /(?:aws_?secret_?access_?key|secretAccessKey)["']?\s{0,8}[:=]\s{0,8}["']?([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+])/iy,
    secret: 1,
    boundary: true,
  },
  {
    id: 'url-basic-auth',
    kind: 'user:password in a URL',
    needle: '://',
    pattern: /:\/\/[^\s/:@{}]{1,256}:([^\s/@{}]{1,256})@/y,
    secret: 1,
    boundary: false,
  },
  webhook(
    'slack-webhook',
    'Slack incoming-webhook URL (the path is the secret)',
    'hooks\\.slack\\.com/',
    'hooks\\.slack\\.com\\/((?:services|workflows|triggers)\\/[A-Za-z0-9/_+-]{20,300})',
  ),
  webhook(
    'discord-webhook',
    'Discord webhook URL (its token)',
    'discord(?:app)?\\.com/api/webhooks/',
    'discord(?:app)?\\.com\\/api\\/webhooks\\/\\d{5,30}\\/([A-Za-z0-9_-]{30,120})',
  ),
  webhook(
    'teams-webhook',
    'Microsoft Teams or Office 365 incoming-webhook URL',
    'webhook\\.office\\.com/|outlook\\.office(?:365)?\\.com/webhook',
    '(?:webhook\\.office\\.com\\/webhookb2|outlook\\.office(?:365)?\\.com\\/webhook)\\/([A-Za-z0-9@/_-]{40,400})',
  ),
  webhook(
    'zapier-webhook',
    'Zapier catch-hook URL',
    'hooks\\.zapier\\.com/hooks/catch/',
    'hooks\\.zapier\\.com\\/hooks\\/catch\\/(\\d{3,12}\\/[A-Za-z0-9]{4,40})',
  ),
  webhook(
    'make-webhook',
    'Make (Integromat) webhook URL',
    'hook\\.',
    'hook\\.(?:[a-z0-9]{1,63}\\.)?(?:make|integromat)\\.com\\/([A-Za-z0-9]{20,64})',
  ),
  webhook(
    'ifttt-webhook',
    'IFTTT Maker webhook key',
    'maker\\.ifttt\\.com/',
    'maker\\.ifttt\\.com\\/(?:trigger\\/[^/\\s]{1,100}\\/with\\/)?(?:json\\/with\\/)?key\\/([A-Za-z0-9_-]{15,64})',
  ),
  {
    id: 'telegram-bot-token',
    kind: 'Telegram bot token (<bot id>:<35 characters>, alone or in /bot<token>/)',
    needle: '\\d:[a-z0-9_-]{30}',
    pattern: /(?<![0-9])(\d{6,12}:[A-Za-z0-9_-]{33,40})(?![A-Za-z0-9_-])/y,
    secret: 1,
    boundary: false,
    lookBack: 11,
  },
  {
    id: 'slack-token',
    kind: 'Slack token (xoxb-, xoxp-, xapp-, …)',
    needle: 'xox[abposre]-|xapp-',
    pattern: /(?:xox[abposre]|xapp)-[A-Za-z0-9-]{10,250}/y,
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
  prefixed(
    'gitlab-token',
    'GitLab token (glpat-, glptt-, gldt-, glrt-, gloas-, …)',
    'gl(?:pat|ptt|dt|rt|oas|cbt|ft|imt|soat|agent|ffct)-',
    'gl(?:pat|ptt|dt|rt|oas|cbt|ft|imt|soat|agent|ffct)-[A-Za-z0-9_.-]{20,300}',
  ),
  {
    id: 'sendgrid',
    kind: 'SendGrid API key (SG.…)',
    needle: 'sg\\.',
    pattern: /SG\.[A-Za-z0-9_-]{16,32}\.[A-Za-z0-9_-]{16,64}/y,
    secret: 0,
    boundary: true,
  },
  {
    id: 'private-key',
    kind: 'PEM private key',
    needle: '-----begin',
    pattern:
      /-----BEGIN (?:[A-Z0-9]{1,32} ){0,3}PRIVATE KEY(?: BLOCK)?-----[^-]{0,16384}(?:-----END (?:[A-Z0-9]{1,32} ){0,3}PRIVATE KEY(?: BLOCK)?-----|$)/y,
    secret: 0,
    boundary: false,
  },
  {
    id: 'google-api-key',
    kind: 'Google API key (AIza…)',
    needle: 'aiza',
    pattern: /AIza[0-9A-Za-z_-]{35}(?![0-9A-Za-z_-])/y,
    secret: 0,
    boundary: true,
  },
  {
    id: 'google-oauth-token',
    kind: 'Google OAuth access or refresh token (ya29.…, 1//…)',
    needle: 'ya29\\.|1//0',
    pattern: /(?:ya29\.[0-9A-Za-z_-]{20,2048}|1\/\/0[0-9A-Za-z_-]{30,512})/y,
    secret: 0,
    boundary: true,
  },
  {
    id: 'npm-token',
    kind: 'npm token (npm_…)',
    needle: 'npm_',
    pattern: /npm_[A-Za-z0-9]{36}(?![A-Za-z0-9])/y,
    secret: 0,
    boundary: true,
  },
  prefixed(
    'pypi-token',
    'PyPI upload token (pypi-AgEI…)',
    'pypi-ag',
    'pypi-AgE[A-Za-z0-9_-]{40,400}',
  ),
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
  {
    id: 'twilio-api-key',
    kind: 'Twilio API key SID (SK…)',
    needle: 'sk[0-9a-f]{32}',
    pattern: /SK[0-9a-fA-F]{32}(?![0-9a-fA-F])/y,
    secret: 0,
    boundary: true,
  },
  prefixed(
    'openai-key',
    'OpenAI API key (sk-proj-, sk-svcacct-, sk-admin-, sk-…T3BlbkFJ…)',
    'sk-(?:proj|svcacct|admin|None)-|sk-[a-z0-9]{20}t3blbkfj',
    'sk-(?:proj|svcacct|admin|None)-[A-Za-z0-9_-]{20,300}|sk-[A-Za-z0-9]{20}T3BlbkFJ[A-Za-z0-9]{20}',
  ),
  prefixed(
    'anthropic-key',
    'Anthropic API key (sk-ant-…)',
    'sk-ant-',
    'sk-ant-(?:api|admin|sid|oat)\\d{2}-[A-Za-z0-9_-]{20,300}',
  ),
  prefixed(
    'atlassian-token',
    'Atlassian API token (ATATT3…, ATCTT3…)',
    'at[ac]tt3',
    'AT[AC]TT3[A-Za-z0-9_=-]{40,400}',
  ),
  prefixed(
    'hubspot-token',
    'HubSpot private-app token (pat-na1-…, pat-eu1-…)',
    'pat-(?:na|eu|ap)\\d-',
    'pat-(?:na|eu|ap)\\d-[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}',
  ),
  prefixed(
    'square-token',
    'Square access token or secret (EAAA…, sq0atp-, sq0csp-)',
    'eaaa|sq0(?:atp|csp)-',
    'EAAA[A-Za-z0-9_-]{56,100}|sq0(?:atp|csp)-[A-Za-z0-9_-]{22,60}',
  ),
  prefixed(
    'facebook-token',
    'Facebook / Meta access token (EAAB…, EAAC…, EAAG…)',
    'eaa[bcgmi]',
    'EAA[BCGMI][A-Za-z0-9]{60,500}',
  ),
  prefixed(
    'sentry-token',
    'Sentry auth token (sntryu_, sntrys_)',
    'sntry[us]_',
    'sntry[us]_[A-Za-z0-9+/=_-]{40,400}',
  ),
  prefixed(
    'intercom-token',
    'Intercom access token (dG9rO…)',
    'dg9ro',
    'dG9rO[A-Za-z0-9+/=_-]{30,200}',
  ),
  {
    id: 'braintree-token',
    kind: 'Braintree access token (access_token$production$…)',
    needle: 'access_token\\$',
    pattern: /access_token\$(?:production|sandbox|development)\$[0-9a-z]{16}\$[0-9a-f]{32}/y,
    secret: 0,
    boundary: true,
  },
  prefixed(
    'mandrill-key',
    'Mandrill (Mailchimp Transactional) API key (md-…)',
    'md-',
    'md-[A-Za-z0-9_-]{22}',
  ),
  prefixed(
    'mailchimp-key',
    'Mailchimp API key (<32 hex>-us<n>)',
    '-us\\d',
    '[0-9a-f]{32}-us\\d{1,2}',
    32,
  ),
  prefixed('mailgun-key', 'Mailgun API key (key-…)', 'key-[0-9a-f]{8}', 'key-[0-9a-f]{32}'),
  prefixed(
    'linear-key',
    'Linear API key (lin_api_, lin_oauth_)',
    'lin_(?:api|oauth)_',
    'lin_(?:api|oauth)_[A-Za-z0-9]{32,64}',
  ),
  prefixed(
    'digitalocean-token',
    'DigitalOcean token (dop_v1_, doo_v1_, dor_v1_)',
    'do[por]_v1_',
    'do[por]_v1_[a-f0-9]{64}',
  ),
  prefixed(
    'doppler-token',
    'Doppler token (dp.pt., dp.st., …)',
    'dp\\.(?:pt|st|sa|ct|scim|audit)\\.',
    'dp\\.(?:pt|st|sa|ct|scim|audit)\\.[A-Za-z0-9]{40,64}',
  ),
  prefixed(
    'postman-key',
    'Postman API key (PMAK-…)',
    'pmak-',
    'PMAK-[a-fA-F0-9]{24}-[a-fA-F0-9]{34}',
  ),
  prefixed(
    'newrelic-key',
    'New Relic key (NRAK-, NRII-, NRJS-)',
    'nr(?:ak|ii|js)-',
    'NR(?:AK|II|JS)-[A-Za-z0-9]{19,40}',
  ),
  prefixed(
    'dynatrace-token',
    'Dynatrace token (dt0c01.…)',
    'dt0[a-z]\\d{2}\\.',
    'dt0[a-z]\\d{2}\\.[A-Za-z0-9]{24}\\.[A-Za-z0-9]{64}',
  ),
  prefixed(
    'grafana-token',
    'Grafana token (glc_, glsa_, eyJrIjoi…)',
    'gl(?:c|sa)_|eyjrijoi',
    'glc_[A-Za-z0-9+/]{32,400}={0,3}|glsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8}|eyJrIjoi[A-Za-z0-9]{70,400}={0,3}',
  ),
  prefixed(
    'vault-token',
    'HashiCorp Vault / Terraform Cloud token (hvs., hvb., .atlasv1.)',
    'hv[sbr]\\.|\\.atlasv1\\.',
    'hv[sbr]\\.[A-Za-z0-9_-]{24,200}|[A-Za-z0-9]{14}\\.atlasv1\\.[A-Za-z0-9_=-]{60,70}',
    14,
  ),
  prefixed('pulumi-token', 'Pulumi access token (pul-…)', 'pul-', 'pul-[a-f0-9]{40}'),
  prefixed(
    'notion-token',
    'Notion integration token (secret_…, ntn_…)',
    'secret_|ntn_',
    'secret_[A-Za-z0-9]{43}|ntn_[A-Za-z0-9]{40,60}',
  ),
  prefixed(
    'figma-token',
    'Figma personal access token (figd_…)',
    'figd_',
    'figd_[A-Za-z0-9_-]{38,60}',
  ),
  prefixed(
    'airtable-token',
    'Airtable personal access token (pat….…)',
    'pat[a-z0-9]{14}\\.',
    'pat[A-Za-z0-9]{14}\\.[a-f0-9]{64}',
  ),
  prefixed('huggingface-token', 'Hugging Face token (hf_…)', 'hf_', 'hf_[A-Za-z]{34,40}'),
  prefixed(
    'ai-platform-key',
    'AI platform key (Groq gsk_, xAI xai-, Perplexity pplx-, Replicate r8_)',
    'gsk_|xai-|pplx-|r8_',
    'gsk_[A-Za-z0-9]{48,56}|xai-[A-Za-z0-9]{70,90}|pplx-[A-Za-z0-9]{40,56}|r8_[A-Za-z0-9]{37}',
  ),
  prefixed('heroku-key', 'Heroku API key (HRKU-…)', 'hrku-', 'HRKU-[A-Za-z0-9_-]{40,80}'),
  prefixed(
    'databricks-token',
    'Databricks token (dapi…)',
    'dapi[0-9a-f]{8}',
    'dapi[a-f0-9]{32}(?:-\\d)?',
  ),
  prefixed(
    'typeform-token',
    'Typeform or Contentful token (tfp_, CFPAT-)',
    'tfp_|cfpat-',
    'tfp_[A-Za-z0-9_-]{40,60}|CFPAT-[A-Za-z0-9_-]{43}',
  ),
  prefixed(
    'mapbox-secret-token',
    'Mapbox secret token (sk.eyJ…)',
    'sk\\.eyj',
    'sk\\.eyJ[A-Za-z0-9_.-]{50,400}',
  ),
  prefixed(
    'age-secret-key',
    'age secret key (AGE-SECRET-KEY-1…)',
    'age-secret-key-1',
    'AGE-SECRET-KEY-1[0-9A-Z]{58}',
  ),
  prefixed(
    'onepassword-token',
    '1Password service-account token (ops_eyJ…)',
    'ops_eyj',
    'ops_eyJ[A-Za-z0-9+/]{100,4096}={0,3}',
  ),
  prefixed(
    'klaviyo-key',
    'Klaviyo private API key (pk_ + 34 hex)',
    'pk_[0-9a-f]{8}',
    'pk_[a-f0-9]{34}',
  ),
  prefixed(
    'salesforce-token',
    'Salesforce session or access token (00D…!…)',
    '00d[a-z0-9]{12}',
    '00D[A-Za-z0-9]{12,15}![A-Za-z0-9_.]{40,200}',
  ),
  prefixed(
    'discord-bot-token',
    'Discord bot token (<id>.<time>.<hmac>)',
    '\\.[a-z0-9_-]{6}\\.',
    '[MN][A-Za-z0-9]{23,25}\\.[A-Za-z0-9_-]{6}\\.[A-Za-z0-9_-]{27,38}',
    26,
  ),
  prefixed(
    'asana-token',
    'Asana personal access token (1/…:…, 2/…)',
    '[12]/\\d{10}',
    '[12]\\/\\d{10,20}(?:\\/\\d{10,20})?:[a-f0-9]{32}',
  ),
  prefixed(
    'alibaba-key-id',
    'Alibaba Cloud access key id (LTAI…)',
    'ltai',
    'LTAI[A-Za-z0-9]{12,20}',
  ),
  {
    id: 'jwt',
    kind: 'JSON Web Token (eyJ….….…)',
    needle: 'eyj',
    pattern: /eyJ[A-Za-z0-9_-]{7,8192}\.[A-Za-z0-9_-]{7,8192}\.[A-Za-z0-9_-]{10,8192}/y,
    secret: 0,
    boundary: true,
  },
];

/** Kinds where the URL itself is the credential (a webhook): no part of it may become a setting of its own. */
export const WEBHOOK_KINDS: ReadonlySet<string> = new Set(
  CREDENTIAL_RULES.filter((r) => r.id.endsWith('-webhook')).map((r) => r.id),
);

/** What a key says about the value it names: a password, a secret (token, key, signature), a weak hint, or nothing. */
type KeyClass = 'password' | 'secret' | 'weak' | undefined;

const PASSWORD_WORDS = new Set([
  'password',
  'passwd',
  'pwd',
  'pass',
  'passphrase',
  'passcode',
  'pw',
]);
const SECRET_WORDS = new Set([
  'token',
  'secret',
  'apikey',
  'signature',
  'sig',
  'credential',
  'credentials',
  'authorization',
  'hapikey',
  'accesstoken',
  'authtoken',
  'apitoken',
  'secretkey',
  'privatekey',
  'clientsecret',
  'accountkey',
  'accesskey',
  'sharedaccesskey',
  'sas',
  'hmac',
  'bearer',
  'apisecret',
  'appsecret',
  'jwt',
  'webhooksecret',
  'sessiontoken',
  'refreshtoken',
  'licensekey',
]);
/** Hints too weak alone (`?key=…`, `?code=…`): the value must look like a long machine-made token. */
const WEAK_WORDS = new Set(['key', 'code', 'auth']);
/** `<word> key` and `<word> token` that name no secret: an idempotency key, a page token, a public key. */
const BENIGN_PREFIX = new Set([
  'idempotency',
  'cache',
  'primary',
  'foreign',
  'sort',
  'partition',
  'public',
  'publishable',
  'lookup',
  'dedupe',
  'dedup',
  'deduplication',
  'group',
  'map',
  'i18n',
  'translation',
  'object',
  'record',
  'unique',
  'item',
  'hot',
  'shortcut',
  'keyboard',
  'composite',
  'row',
  'range',
  'attribute',
  'field',
  'custom',
  'property',
  'issue',
  'project',
  'entity',
  'bucket',
  'event',
  'message',
  'channel',
  'conversation',
  'tracking',
  'correlation',
  'request',
  'trace',
  'site',
  'sitekey',
  'page',
  'next',
  'continuation',
  'cursor',
  'pagination',
  'sync',
  'file',
  'storage',
  'cdn',
  'redis',
  's3',
  'sorting',
  'setting',
  'settings',
  'query',
  'search',
  'label',
  'locale',
  'mapping',
  'external',
  'order',
  'customer',
  'user',
  'index',
  'hash',
]);

/** `X-Api-Key` -> x, api, key; `clientSecret` -> client, secret. */
function keyWords(key: string): string[] {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w !== '');
}

/** What a key says: whether it is an Authorization-like header, and its class. */
interface KeyInfo {
  readonly auth: boolean;
  readonly keyClass: KeyClass;
}

const NO_KEY: KeyInfo = { auth: false, keyClass: undefined };
/** The answer for each key met (keys repeat across every workflow: one lookup per string, not two regex tests). */
const keyInfos = new Map<string, KeyInfo>();
const MAX_REMEMBERED_KEYS = 10_000;

function keyInfo(key: string | undefined): KeyInfo {
  if (key === undefined) return NO_KEY;
  let info = keyInfos.get(key);
  if (info === undefined) {
    info = {
      auth: AUTH_HEADER.test(key),
      keyClass: key.length > 80 ? undefined : classify(keyWords(key)),
    };
    // Bounded: an input made of endless distinct keys cannot grow it without end.
    if (keyInfos.size < MAX_REMEMBERED_KEYS) keyInfos.set(key, info);
  }
  return info;
}

function classify(words: readonly string[]): KeyClass {
  const last = words[words.length - 1];
  if (last === undefined) return undefined;
  const before = words[words.length - 2];
  if (PASSWORD_WORDS.has(last) || last.endsWith('password')) return 'password';
  if (before !== undefined && BENIGN_PREFIX.has(before)) return undefined;
  if (
    SECRET_WORDS.has(last) ||
    last.endsWith('apikey') ||
    last.endsWith('secret') ||
    last.endsWith('token')
  )
    return 'secret';
  if (last === 'key') return before === undefined ? 'weak' : 'secret';
  if (WEAK_WORDS.has(last)) return 'weak';
  return undefined;
}

/** Headers that carry a scheme and a token. */
const AUTH_HEADER = /^(?:proxy-)?authorization$/i;
const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const HEX = /^[0-9a-fA-F]{16,}$/;
const TOKEN_CHARS = /^[A-Za-z0-9+/=_.~:$!-]+$/;
/** Keys made to be public (Stripe's and Mapbox's publishable keys): never a secret, whatever key holds them. */
const PUBLIC_KEY = /^(?:pk_(?:live|test)_|pk\.eyJ)/;
/** `<scheme> <token>` in an Authorization-like header, for schemes the shape table does not know (SSWS, Bot, Klaviyo-API-Key). */
const ANY_SCHEME = /^\s*[A-Za-z][\w-]{0,40}\s+(\S{8,512})\s*$/;

/** A value under a secret-naming key that is one: shaped like a token, or (for a password) chosen by a person. */
function keyedSecret(value: string, keyClass: KeyClass): boolean {
  if (
    keyClass === undefined ||
    value.length > 4096 ||
    value.includes('{{') ||
    /^data:|:\/\//.test(value) ||
    PUBLIC_KEY.test(value)
  )
    return false;
  if (keyClass === 'password') return humanPassword(value);
  if (!TOKEN_CHARS.test(value)) return false;
  if (UUID.test(value)) return true;
  const hasDigit = /\d/.test(value);
  const hasLetter = /[A-Za-z]/.test(value);
  // A bare `key` or `code` names discount codes and field names too: only a long token of every kind of character.
  if (keyClass === 'weak')
    return (
      !value.includes('.') &&
      ((value.length >= 24 && hasDigit && /[a-z]/.test(value) && /[A-Z]/.test(value)) ||
        (value.length >= 32 && HEX.test(value)))
    );
  return (
    value.length >= 12 &&
    ((hasDigit && hasLetter) || HEX.test(value) || (value.length >= 20 && machineMade(value)))
  );
}

/** A password a person chose: no space, 6 to 128 characters, two kinds of character (or 12+), not a placeholder. */
function humanPassword(value: string): boolean {
  if (value.length < 6 || value.length > 128 || /\s/.test(value)) return false;
  const kinds =
    Number(/[a-z]/.test(value)) +
    Number(/[A-Z]/.test(value)) +
    Number(/\d/.test(value)) +
    Number(/[^A-Za-z0-9]/.test(value));
  return kinds >= 2 || value.length >= 12;
}

/** Words that say "put your credential here": a value made of one is a placeholder, never a credential. */
const PLACEHOLDER_WORDS =
  /^(?:password|changeme|change_me|secret|example|sample|test|testing|demo|dummy|fake|placeholder|redacted|hidden|masked|null|none|undefined|empty|required|optional|string|value|token|apikey|api_key|key|foobar|foo|bar|todo|tbd|n\/a)$/i;
const PLACEHOLDER_SHAPES = [
  /^your[_\- ]?/i, // YOUR_ACCESS_TOKEN, your-api-key
  /^<[^<>]*>$/, // <token>
  /^\[[^[\]]*\]$/, // [API_KEY]
  /^\$\{[^{}]*\}$|^\$[A-Z_][A-Z0-9_]*$/, // ${TOKEN}, $API_KEY
  /^\{[^{}]*\}$/, // {token}
  /^%[A-Za-z_]+%$/, // %TOKEN%
  /x{4,}|X{4,}/, // xxxx, XXXXXXXX
  /\*{3,}|•{3,}/, // ****
  /\.\.\./, // sk_live_...
  /^(.)\1{5,}$/, // 000000, aaaaaaaa
  /EXAMPLE|(?:^|[_-])(?:example|sample|dummy|fake|placeholder|redacted|changeme|replace[_-]?me|insert[_-]?here|goes[_-]?here)(?:$|[_-])/i,
  /(?:^|[_-])(?:REPLACE|INSERT|ENTER|PUT|ADD)_[A-Z_]+$/,
];
/** Documented example credentials (AWS, Stripe, jwt.io): published, so never anyone's secret. */
const DOCUMENTED_EXAMPLES = [
  'sk_test_4eC39HqLyjWDarjtT1zdp7dc',
  'sk_test_BQokikJOvBiI2HlWgH4olfQ2',
  'sk_test_26PHem9AhJZvU623DfE1x4sd',
  'pk_test_TYooMQauvdEDq54NiTphI7jx',
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ',
];

const MAX_PLACEHOLDER = 256;

/** True for a value that only stands in for a credential: `YOUR_API_KEY`, `<token>`, `xxxx`, AWS's documented example key. */
export function isPlaceholder(value: string): boolean {
  // Placeholders are short; a long value is not one (and the shapes' backreference would overflow on megabytes).
  if (value.length > MAX_PLACEHOLDER) return false;
  const v = value.trim();
  if (v === '' || PLACEHOLDER_WORDS.test(v)) return true;
  for (const shape of PLACEHOLDER_SHAPES) if (shape.test(v)) return true;
  for (const example of DOCUMENTED_EXAMPLES) if (v.startsWith(example)) return true;
  return false;
}

/** The prefilter: every needle, in one case-insensitive scan; group i+1 is rule i. Derived from the table, never by hand. */
const NEEDLES = new RegExp(CREDENTIAL_RULES.map((r) => `(${r.needle})`).join('|'), 'gi');
/** Whether any needle occurs at all: the same scan without capture groups costs a third less, and 93% of strings have none. */
const ANY_NEEDLE = new RegExp(CREDENTIAL_RULES.map((r) => `(?:${r.needle})`).join('|'), 'i');
/** A needle preceded by one of these sits inside a longer token: no attempt there (this is what keeps the scan linear). */
const WORD_CHAR = /[A-Za-z0-9_-]/;

export interface CredentialFinding {
  rule: string;
  /** The secret part, decoded (for masking and declaring; never for printing). */
  value: string;
  /** Where it is in the string as written: [start, end) may cover escapes, percent-encoding or a Handlebars comment. */
  start: number;
  end: number;
  /** value.slice(start, end) of the string as written: the secret in the encoding the string uses. */
  raw: string;
  /** Found inside base64: [start, end) is the whole encoded stretch, which is what a setting must then hold. */
  encoding?: 'base64';
}

/** A placeholder where a credential goes: installers could never change it. */
export interface PlaceholderFinding {
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

interface Hit {
  rule: string;
  start: number;
  end: number;
}

/** The token shapes in one part's text, part-relative, in order and without overlaps. */
function shapesIn(text: string, header: boolean, out: Hit[]): void {
  if (text.length < 8 || !ANY_NEEDLE.test(text)) return;
  NEEDLES.lastIndex = 0;
  let covered = 0;
  for (let m = NEEDLES.exec(text); m !== null; m = NEEDLES.exec(text)) {
    const at = m.index;
    if (at < covered) continue;
    const index = m.findIndex((g, i) => i > 0 && g !== undefined) - 1;
    const rule = CREDENTIAL_RULES[index];
    const hit = rule ? matchAround(rule, text, at, covered) : undefined;
    const secret = hit?.match[rule?.secret ?? 0];
    if (!rule || !hit || secret === undefined || (rule.accept && !rule.accept(secret, header))) {
      // A needle that led nowhere must not hide another that starts inside it (`v1/7012345678:AA…`): look again one on.
      NEEDLES.lastIndex = at + 1;
      continue;
    }
    const start = hit.start + hit.match[0].lastIndexOf(secret);
    // specificShape scans with NEEDLES too: lastIndex is set again from `covered` just below.
    out.push({
      rule: rule.id === 'auth-header' ? (specificShape(secret) ?? rule.id) : rule.id,
      start,
      end: start + secret.length,
    });
    covered = hit.start + hit.match[0].length;
    NEEDLES.lastIndex = Math.max(NEEDLES.lastIndex, covered);
  }
}

/**
 * The rule's pattern matched where its needle was found at `at`: from the needle itself, or from up to `lookBack`
 * characters before it (not before `from`, where the last finding ended), the earliest start first. A start inside a
 * longer word is no start for a rule that needs a token boundary.
 */
function matchAround(
  rule: CredentialRule,
  text: string,
  at: number,
  from: number,
): { start: number; match: RegExpExecArray } | undefined {
  for (let start = Math.max(from, at - (rule.lookBack ?? 0)); start <= at; start++) {
    if (rule.boundary && start > 0 && WORD_CHAR.test(text[start - 1] as string)) continue;
    rule.pattern.lastIndex = start;
    const match = rule.pattern.exec(text);
    if (match && start + match[0].length > at) return { start, match };
  }
  return undefined;
}

/** The shape of an Authorization header's token when it has a known one (`Bearer sk-proj-…` is an openai-key). */
function specificShape(token: string): string | undefined {
  const inner: Hit[] = [];
  shapesIn(token, false, inner);
  const only = inner[0];
  return inner.length === 1 &&
    only !== undefined &&
    only.start === 0 &&
    only.end === token.length &&
    only.rule !== 'auth-header'
    ? only.rule
    : undefined;
}

const NONE: readonly CredentialFinding[] = Object.freeze([]);

export interface CredentialReading {
  credentials: readonly CredentialFinding[];
  placeholders: readonly PlaceholderFinding[];
}

const CLEAN_READING: CredentialReading = Object.freeze({
  credentials: NONE,
  placeholders: Object.freeze([]),
});

/** Shorter than this, no part can hold a credential or a placeholder (see readAll's loop). */
const MIN_READ = 6;

/**
 * Every credential in `value`, read through every layer it carries (see string-reading.ts), and every placeholder
 * standing where a credential goes. Findings are in order of their place in `value`, without overlaps. `parts` is the
 * string's reading when the caller shares one, or the function that makes it (a value without layers never asks).
 */
export function readCredentials(
  value: string,
  context: CredentialContext = {},
  parts?: readonly StringPart[] | (() => readonly StringPart[]),
): CredentialReading {
  if (value.length < MIN_READ) return CLEAN_READING;
  const key = typeof context.key === 'string' ? context.key : undefined;
  // The caller's reading when it shares one (made once per string, and plain strings read as themselves there too);
  // else a value without layers is read as itself.
  const read =
    typeof parts === 'object'
      ? parts
      : typeof parts === 'function'
        ? parts()
        : plainString(value)
          ? [rootPart(value, key)]
          : readString(value, key);
  return readAll(value, context, read);
}

function readAll(
  value: string,
  context: CredentialContext,
  read: readonly StringPart[],
): CredentialReading {
  let found: CredentialFinding[] | undefined;
  let placeholders: PlaceholderFinding[] | undefined;
  const hits: Hit[] = [];
  for (const part of read) {
    const text = part.text;
    if (text.length < MIN_READ) continue;
    const key = keyInfo(part.key);
    const header =
      key.auth ||
      (key.keyClass !== undefined &&
        (part.root ? context.inHeaders === true : part.layer === 'header-line'));
    if (hits.length > 0) hits.length = 0;
    // A part that is a plain slice of the string (a JSON value without escapes, a query value without %XX) holds the
    // same characters the whole string's scan already read: only its key can add something (and an auth scheme).
    if (part.root || decodedPart(part) || header) shapesIn(text, header, hits);
    if (hits.length === 0 && key.auth) schemeToken(text, hits);
    if (hits.length === 0 && key.keyClass !== undefined) keyedValue(text, key.keyClass, hits);
    // Each hit is a credential, or a placeholder standing where one goes.
    for (const hit of hits) {
      const secret = text.slice(hit.start, hit.end);
      const [start, end] = spanOf(part, hit.start, hit.end);
      if (isPlaceholder(secret)) {
        (placeholders ??= []).push({ value: secret, start, end });
        continue;
      }
      (found ??= []).push({
        rule: hit.rule,
        value: secret,
        start,
        end,
        raw: value.slice(start, end),
        ...(part.opaque ? { encoding: 'base64' as const } : {}),
      });
    }
  }
  if (!found && !placeholders) return CLEAN_READING;
  return {
    credentials: found ? withoutOverlaps(found) : NONE,
    placeholders: placeholders ? distinctSpans(placeholders) : [],
  };
}

/** The token of `<scheme> <token>` in an Authorization header, whatever the scheme (SSWS, Bot, Klaviyo-API-Key…). */
function schemeToken(text: string, hits: Hit[]): void {
  const token = ANY_SCHEME.exec(text)?.[1];
  if (
    token === undefined ||
    token.includes('{{') ||
    (token.length < 16 && !machineMade(token) && !isPlaceholder(token))
  )
    return;
  const start = text.lastIndexOf(token);
  hits.push({ rule: 'auth-header', start, end: start + token.length });
}

/** A value under a secret-naming key (X-Api-Key, client_secret, password, AccountKey…) that looks like a secret, or a placeholder there. */
function keyedValue(text: string, keyClass: NonNullable<KeyClass>, hits: Hit[]): void {
  const trimmed = text.trim();
  // A bare `key` or `code` often names a field or a word: a placeholder there says nothing.
  if (
    (keyClass !== 'weak' && trimmed.length >= 3 && isPlaceholder(trimmed)) ||
    keyedSecret(trimmed, keyClass)
  ) {
    const start = text.indexOf(trimmed);
    hits.push({
      rule: keyClass === 'password' ? 'keyed-password' : 'keyed-secret',
      start,
      end: start + trimmed.length,
    });
  }
}

/** One placeholder per place (several layers of a string may show the same one). */
function distinctSpans<T extends { start: number; end: number }>(list: T[]): T[] {
  const seen = new Set<string>();
  return list.filter((p) => {
    const k = `${p.start}:${p.end}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** Findings in order; one inside another (the same secret seen in two layers) is kept once, the wider. */
function withoutOverlaps(found: CredentialFinding[]): CredentialFinding[] {
  if (found.length === 1) return found;
  found.sort((a, b) => a.start - b.start || b.end - a.end);
  const out: CredentialFinding[] = [];
  for (const f of found) {
    const last = out[out.length - 1];
    // The same secret read in two layers: the outer span holds the inner one. A partial overlap stays (masking merges).
    if (last && f.end <= last.end) continue;
    out.push(f);
  }
  return out;
}

/** What a setting's description adds for a credential found inside base64: the setting replaces the whole encoding. */
export function base64Note(f: Pick<CredentialFinding, 'encoding'>): string {
  return f.encoding === 'base64'
    ? ' (the workflow sent it base64-encoded: the setting takes the encoded text)'
    : '';
}

/** What to mask of a credential found: its value decoded and, when the string encodes it, as written. */
export function maskedForms(f: CredentialFinding): string[] {
  return f.raw === f.value ? [f.value] : [f.value, f.raw];
}

/** Every credential in `text`, in order, without overlaps. Runs on every string of every workflow: the common case is fast. */
export function detectCredentials(
  text: string,
  context: CredentialContext = {},
): readonly CredentialFinding[] {
  return readCredentials(text, context).credentials;
}

/** True when the string holds a credential. */
export function hasCredential(text: string, context?: CredentialContext): boolean {
  return detectCredentials(text, context).length > 0;
}

/** The rule ids and kinds, for messages and the README table (keyed-secret and keyed-password are the context rules). */
export const CREDENTIAL_KINDS: readonly { id: string; kind: string }[] = [
  ...CREDENTIAL_RULES.map((r) => ({ id: r.id, kind: r.kind })),
  {
    id: 'keyed-secret',
    kind: 'a token-shaped value (UUID, long hex, letters and digits) under a key, query name or header that names a secret (api_key, client_secret, X-Amz-Signature, AccountKey, hapikey, sig, …), in any layer of the string',
  },
  {
    id: 'keyed-password',
    kind: 'a password a person chose (6+ characters, two kinds of character) under a key named password, passwd, pwd, passphrase, …',
  },
];
