// Every credential kind is detected, in linear time, and never reaches any output channel (issue 11).
// Every value here is fake, and assembled at run time so that no file holds a credential-shaped literal.
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { runCli, tempDir } from '../helpers/cli';
import {
  CREDENTIAL_KINDS,
  CREDENTIAL_RULES,
  detectCredentials,
  readCredentials,
} from '../../src/core/credentials';
import { replaceSpans } from '../../transforms/app-settings/credentials';
import { SecretMatcher } from '../../src/core/secret-matcher';
import { Redactor, outputForms } from '../../src/core/secrets';

const rep = (s: string, n: number): string => s.repeat(Math.ceil(n / s.length)).slice(0, n);
const HEX = (n: number): string => rep('0123456789abcdef', n);
const ALNUM = (n: number): string => rep('aB3dE5gH7jK9mN1pQ2rS4tU6', n);

/** One fake of each kind: where it sits in a REST step (header, uri or body) and the secret part to look for. */
interface Case {
  kind: string;
  secret: string;
  place: 'header' | 'uri' | 'body';
  header?: string;
  text: (secret: string) => string;
}

const LETTERS = (n: number): string => rep('aBcDeFgHiJkLmNoPqRsTuVwXyZ', n);
const UPPER = (n: number): string => rep('Q3ZK7RWM2XPL5N8BT4VC6YD9', n);
const UUID = (): string => '8f14e45f-ceea-467f-a5c3-' + HEX(12);

const cases: Case[] = [
  {
    kind: 'auth-header',
    secret: 'abcdefghijklmnopqrst',
    place: 'header',
    header: 'Authorization',
    text: (s) => `bearer ${s}`,
  },
  {
    kind: 'aws-access-key-id',
    secret: 'AKIA' + UPPER(16),
    place: 'body',
    text: (s) => `{"accessKeyId": "${s}"}`,
  },
  {
    kind: 'aws-secret-access-key',
    secret: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCY' + 'Q8ZR4TNV2M',
    place: 'body',
    text: (s) => `aws_secret_access_key=${s}`,
  },
  {
    kind: 'url-basic-auth',
    secret: 'hunter2pass',
    place: 'uri',
    text: (s) => `https://admin:${s}@api.example.com/orders`,
  },
  {
    kind: 'keyed-secret',
    secret: 'a1b2c3d4e5f6g7',
    place: 'uri',
    text: (s) => `https://api.example.com/orders?limit=5&api_key=${s}`,
  },
  {
    kind: 'slack-webhook',
    secret: 'services/' + 'T0000000/B0000000/' + ALNUM(24),
    place: 'uri',
    text: (s) => `https://hooks.slack.com/${s}`,
  },
  {
    kind: 'discord-webhook',
    secret: ALNUM(68),
    place: 'uri',
    text: (s) => `https://discord.com/api/webhooks/${'1234567890'}12345678/${s}`,
  },
  {
    kind: 'teams-webhook',
    secret: `${UUID()}@${UUID()}/IncomingWebhook/${HEX(32)}/${UUID()}`,
    place: 'uri',
    text: (s) => `https://acme.webhook.office.com/webhookb2/${s}`,
  },
  {
    kind: 'zapier-webhook',
    secret: '4821736/' + 'b3k9zq',
    place: 'uri',
    text: (s) => `https://hooks.zapier.com/hooks/catch/${s}/`,
  },
  {
    kind: 'make-webhook',
    secret: ALNUM(32),
    place: 'uri',
    text: (s) => `https://hook.eu1.make.com/${s}`,
  },
  {
    kind: 'ifttt-webhook',
    secret: ALNUM(22),
    place: 'uri',
    text: (s) => `https://maker.ifttt.com/trigger/order/with/key/${s}`,
  },
  {
    kind: 'telegram-bot-token',
    secret: '7012345678:AA' + ALNUM(33),
    place: 'uri',
    text: (s) => `https://api.telegram.org/bot${s}/sendMessage`,
  },
  {
    kind: 'slack-token',
    secret: 'xox' + 'b-123456789012-' + ALNUM(24),
    place: 'body',
    text: (s) => `token=${s}`,
  },
  {
    kind: 'github-token',
    secret: 'gh' + 'p_' + ALNUM(36),
    place: 'body',
    text: (s) => `{"token": "${s}"}`,
  },
  {
    kind: 'github-token',
    secret: 'github' + '_pat_' + ALNUM(30),
    place: 'body',
    text: (s) => `pat ${s}`,
  },
  {
    kind: 'gitlab-token',
    secret: 'gl' + 'pat-' + ALNUM(20),
    place: 'body',
    text: (s) => `gitlab ${s}`,
  },
  {
    kind: 'sendgrid',
    secret: 'S' + 'G.' + ALNUM(22) + '.' + ALNUM(43),
    place: 'body',
    text: (s) => `key: ${s}`,
  },
  {
    kind: 'private-key',
    secret:
      '-----BEGIN RSA ' + 'PRIVATE KEY-----\n' + ALNUM(64) + '\n-----END RSA PRIVATE KEY-----',
    place: 'body',
    text: (s) => `pem ${s}`,
  },
  {
    kind: 'google-api-key',
    secret: 'AI' + 'za' + ALNUM(35),
    place: 'uri',
    text: (s) => `https://maps.example.com/geo?q=x&k=${s}`,
  },
  {
    kind: 'google-oauth-token',
    secret: 'ya' + '29.' + ALNUM(40),
    place: 'body',
    text: (s) => `oauth ${s}`,
  },
  {
    kind: 'npm-token',
    secret: 'np' + 'm_' + ALNUM(36),
    place: 'body',
    text: (s) => `//registry/:_authToken=${s}`,
  },
  {
    kind: 'pypi-token',
    secret: 'pypi' + '-AgEIcHlwaS5vcmc' + ALNUM(60),
    place: 'body',
    text: (s) => `upload ${s}`,
  },
  {
    kind: 'stripe-key',
    secret: 's' + 'k_live_' + ALNUM(24),
    place: 'body',
    text: (s) => `stripe ${s}`,
  },
  {
    kind: 'stripe-key',
    secret: 'r' + 'k_test_' + ALNUM(24),
    place: 'body',
    text: (s) => `stripe ${s}`,
  },
  {
    kind: 'stripe-webhook-secret',
    secret: 'wh' + 'sec_' + ALNUM(32),
    place: 'body',
    text: (s) => `signing ${s}`,
  },
  {
    kind: 'shopify-token',
    secret: 'shp' + 'at_' + HEX(32),
    place: 'header',
    header: 'X-Shopify-Access-Token',
    text: (s) => s,
  },
  {
    kind: 'twilio-api-key',
    secret: 'S' + 'K' + HEX(32),
    place: 'body',
    text: (s) => `twilio ${s}`,
  },
  {
    kind: 'openai-key',
    secret: 'sk-' + 'proj-' + ALNUM(48) + 'T3BlbkFJ' + ALNUM(48),
    place: 'header',
    header: 'Authorization',
    text: (s) => `Bearer ${s}`,
  },
  {
    kind: 'anthropic-key',
    secret: 'sk-' + 'ant-api03-' + ALNUM(93) + 'AA',
    place: 'body',
    text: (s) => `claude ${s}`,
  },
  {
    kind: 'atlassian-token',
    secret: 'ATATT3' + 'xFfGF0' + ALNUM(180) + '=A1B2C3D4',
    place: 'body',
    text: (s) => `jira ${s}`,
  },
  {
    kind: 'hubspot-token',
    secret: 'pat-' + 'na1-' + UUID(),
    place: 'body',
    text: (s) => `hubspot ${s}`,
  },
  {
    kind: 'square-token',
    secret: 'EA' + 'AA' + ALNUM(60),
    place: 'body',
    text: (s) => `square ${s}`,
  },
  {
    kind: 'facebook-token',
    secret: 'EA' + 'AB' + ALNUM(120),
    place: 'body',
    text: (s) => `meta ${s}`,
  },
  {
    kind: 'sentry-token',
    secret: 'sntry' + 'u_' + HEX(64),
    place: 'body',
    text: (s) => `sentry ${s}`,
  },
  {
    kind: 'intercom-token',
    secret: 'dG9r' + 'Ojk' + ALNUM(54),
    place: 'body',
    text: (s) => `intercom ${s}`,
  },
  {
    kind: 'braintree-token',
    secret: 'access_token' + '$production$' + 'a1b2c3d4e5f6g7h8$' + HEX(32),
    place: 'body',
    text: (s) => `braintree ${s}`,
  },
  {
    kind: 'mandrill-key',
    secret: 'md' + '-' + ALNUM(22),
    place: 'body',
    text: (s) => `mandrill ${s}`,
  },
  {
    kind: 'mailchimp-key',
    secret: HEX(32) + '-us12',
    place: 'body',
    text: (s) => `mailchimp ${s}`,
  },
  {
    kind: 'mailgun-key',
    secret: 'key' + '-' + HEX(32),
    place: 'body',
    text: (s) => `mailgun ${s}`,
  },
  {
    kind: 'linear-key',
    secret: 'lin' + '_api_' + ALNUM(40),
    place: 'body',
    text: (s) => `linear ${s}`,
  },
  {
    kind: 'digitalocean-token',
    secret: 'dop' + '_v1_' + HEX(64),
    place: 'body',
    text: (s) => `do ${s}`,
  },
  {
    kind: 'doppler-token',
    secret: 'dp' + '.pt.' + ALNUM(43),
    place: 'body',
    text: (s) => `doppler ${s}`,
  },
  {
    kind: 'postman-key',
    secret: 'PMAK' + '-' + HEX(24) + '-' + HEX(34),
    place: 'body',
    text: (s) => `postman ${s}`,
  },
  {
    kind: 'newrelic-key',
    secret: 'NRAK' + '-' + ALNUM(27),
    place: 'body',
    text: (s) => `newrelic ${s}`,
  },
  {
    kind: 'dynatrace-token',
    secret: 'dt0c01' + '.' + ALNUM(24) + '.' + ALNUM(64),
    place: 'body',
    text: (s) => `dynatrace ${s}`,
  },
  {
    kind: 'grafana-token',
    secret: 'glsa' + '_' + ALNUM(32) + '_' + HEX(8),
    place: 'body',
    text: (s) => `grafana ${s}`,
  },
  {
    kind: 'vault-token',
    secret: 'hvs' + '.' + ALNUM(90),
    place: 'body',
    text: (s) => `vault ${s}`,
  },
  {
    kind: 'pulumi-token',
    secret: 'pul' + '-' + HEX(40),
    place: 'body',
    text: (s) => `pulumi ${s}`,
  },
  {
    kind: 'notion-token',
    secret: 'ntn' + '_' + ALNUM(46),
    place: 'body',
    text: (s) => `notion ${s}`,
  },
  {
    kind: 'figma-token',
    secret: 'figd' + '_' + ALNUM(40),
    place: 'body',
    text: (s) => `figma ${s}`,
  },
  {
    kind: 'airtable-token',
    secret: 'pat' + ALNUM(14) + '.' + HEX(64),
    place: 'body',
    text: (s) => `airtable ${s}`,
  },
  {
    kind: 'huggingface-token',
    secret: 'hf' + '_' + LETTERS(34),
    place: 'body',
    text: (s) => `hf ${s}`,
  },
  {
    kind: 'ai-platform-key',
    secret: 'gsk' + '_' + ALNUM(52),
    place: 'body',
    text: (s) => `groq ${s}`,
  },
  {
    kind: 'heroku-key',
    secret: 'HRKU' + '-AA' + ALNUM(58),
    place: 'body',
    text: (s) => `heroku ${s}`,
  },
  {
    kind: 'databricks-token',
    secret: 'dapi' + HEX(32),
    place: 'body',
    text: (s) => `databricks ${s}`,
  },
  {
    kind: 'typeform-token',
    secret: 'tfp' + '_' + ALNUM(44),
    place: 'body',
    text: (s) => `typeform ${s}`,
  },
  {
    kind: 'mapbox-secret-token',
    secret: 'sk' + '.eyJ1Ijoi' + ALNUM(60) + '.' + ALNUM(22),
    place: 'body',
    text: (s) => `mapbox ${s}`,
  },
  {
    kind: 'age-secret-key',
    secret: 'AGE-SECRET' + '-KEY-1' + UPPER(58),
    place: 'body',
    text: (s) => `age ${s}`,
  },
  {
    kind: 'onepassword-token',
    secret: 'ops' + '_eyJ' + ALNUM(250),
    place: 'body',
    text: (s) => `op ${s}`,
  },
  {
    kind: 'klaviyo-key',
    secret: 'pk' + '_' + HEX(34),
    place: 'header',
    header: 'Authorization',
    text: (s) => `Klaviyo-API-Key ${s}`,
  },
  {
    kind: 'salesforce-token',
    secret: '00D' + UPPER(15) + '!' + ALNUM(96),
    place: 'header',
    header: 'Authorization',
    text: (s) => `Bearer ${s}`,
  },
  {
    kind: 'discord-bot-token',
    secret: 'M' + ALNUM(23) + '.' + ALNUM(6) + '.' + ALNUM(38),
    place: 'header',
    header: 'Authorization',
    text: (s) => `Bot ${s}`,
  },
  {
    kind: 'asana-token',
    secret: '1/' + '1203456789012' + ':' + HEX(32),
    place: 'header',
    header: 'Authorization',
    text: (s) => `Bearer ${s}`,
  },
  {
    kind: 'alibaba-key-id',
    secret: 'LTAI' + ALNUM(20),
    place: 'body',
    text: (s) => `alibaba ${s}`,
  },
  {
    kind: 'jwt',
    secret: 'ey' + 'JhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.' + ALNUM(43),
    place: 'body',
    text: (s) => `jwt ${s}`,
  },
  { kind: 'keyed-secret', secret: HEX(64), place: 'header', header: 'X-Api-Key', text: (s) => s },
  { kind: 'keyed-secret', secret: UUID(), place: 'header', header: 'X-Signature', text: (s) => s },
  {
    kind: 'keyed-password',
    secret: 'Summer2024!',
    place: 'body',
    text: (s) => `{"user": "svc", "password": "${s}"}`,
  },
];

/** The cases every output channel is checked for (a CLI run per channel): one of each place and layer, not every shape. */
const CHANNEL_KINDS = new Set([
  'auth-header',
  'aws-access-key-id',
  'url-basic-auth',
  'keyed-secret',
  'slack-webhook',
  'discord-webhook',
  'github-token',
  'private-key',
  'shopify-token',
  'openai-key',
  'keyed-password',
  'jwt',
]);

function exportWith(c: Case): object {
  const value = c.text(c.secret);
  const params: Record<string, unknown> = {
    method: 'POST',
    uri: c.place === 'uri' ? value : 'https://api.example.com/orders',
    headers: { 'Content-Type': 'application/json' },
  };
  if (c.place === 'header') (params['headers'] as Record<string, string>)[c.header!] = value;
  if (c.place === 'body') params['body'] = value;
  return {
    name: 'Leaky call',
    trigger: {
      id: '1',
      eventName: 'kustomer.conversation.create',
      transitions: [{ target: 'a1' }],
    },
    steps: [{ id: 'a1', action: 'kustomer.rest-api.json', params, transitions: [] }],
  };
}

describe('detection: every kind in the README table', () => {
  test('each rule of the detector has a case here, and each case is found as its kind', () => {
    const covered = new Set(cases.map((c) => c.kind));
    expect(CREDENTIAL_KINDS.map((k) => k.id).filter((id) => !covered.has(id))).toEqual([]);
    for (const c of cases) {
      const key = c.place === 'header' ? c.header : c.place === 'uri' ? 'uri' : 'body';
      const found = detectCredentials(c.text(c.secret), { key, inHeaders: c.place === 'header' });
      expect({ kind: c.kind, found: found.map((f) => f.rule) }).toEqual({
        kind: c.kind,
        found: [c.kind],
      });
      expect(found[0]!.value).toBe(c.secret);
    }
  });

  test.each([
    'Token reference',
    'Basic Information about the order',
    'https://api.example.com/orders?limit=20&page=2',
    'Bearer {{{settings.default.apiToken}}}',
    'https://{{{settings.default.user}}}:{{{settings.default.password}}}@host.example.com',
    'the sky is blue',
    '5f0c0a1b2c3d4e5f60718293',
    'eyJ is how a JWT starts',
  ])('prose, ids and references are not credentials: %s', (text) => {
    expect(detectCredentials(text)).toEqual([]);
  });

  test('docs/safety.md lists every kind with its id', () => {
    const readme = fs.readFileSync(path.join(__dirname, '..', '..', 'docs', 'safety.md'), 'utf8');
    for (const k of CREDENTIAL_KINDS) expect(readme).toContain(`| \`${k.id}\` |`);
  });
});

describe('linear time', () => {
  const shapes: [string, string][] = [
    ['Bearer + 1 MB of letters', 'Bearer ' + 'a'.repeat(1_000_000)],
    ['1 MB of "eyJ"', 'eyJ'.repeat(333_334)],
    ['1 MB of "-eyJ."', '-eyJ.'.repeat(200_000)],
    ['1 MB of "bearer "', 'bearer '.repeat(142_858)],
    ['1 MB of "://a:"', '://a:'.repeat(200_000)],
    ['1 MB of "?api_key="', '?api_key='.repeat(111_112)],
    ['1 MB of "AKIA"', 'AKIA'.repeat(250_000)],
    ['1 MB of "-----BEGIN PRIVATE KEY-----"', '-----BEGIN PRIVATE KEY-----'.repeat(37_038)],
    ['1 MB of "sk_live_a"', 'sk_live_a '.repeat(100_000)],
  ];
  test.each(shapes)('%s is checked and masked in well under a second', (_name, text) => {
    const start = process.hrtime.bigint();
    detectCredentials(text, { key: 'Authorization', inHeaders: true });
    new Redactor(['some-secret-value']).maskText(text);
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    expect(ms).toBeLessThan(1000);
  });
});

describe('one matcher for every declared secret', () => {
  test('finds exactly what a naive search finds (property test)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ minLength: 3, maxLength: 6, unit: fc.constantFrom('a', 'b', 'c') }), {
          maxLength: 8,
        }),
        fc.string({ maxLength: 60, unit: fc.constantFrom('a', 'b', 'c', 'x') }),
        (secrets, text) => {
          const matcher = new SecretMatcher(secrets);
          const naive = secrets.some((s) => text.includes(s));
          expect(matcher.has(text)).toBe(naive);
          // Masking leaves no declared secret behind.
          const masked = new Redactor(secrets).maskText(text);
          for (const s of secrets) expect(masked.includes(s)).toBe(false);
        },
      ),
      { numRuns: 500, seed: 11 },
    );
  });

  test('finds what a naive search finds where secrets share a prefix and then differ (nodes with many children)', () => {
    const unit = fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789'.split(''));
    fc.assert(
      fc.property(
        fc.array(fc.string({ minLength: 1, maxLength: 3, unit }), { minLength: 20, maxLength: 60 }),
        fc.array(fc.nat(), { maxLength: 6 }),
        (tails, picks) => {
          const secrets = tails.map((t) => `k_${t}`);
          const text = picks.map((p) => `x${secrets[p % secrets.length] as string}`).join(' k_');
          const matcher = new SecretMatcher(secrets);
          expect(matcher.has(text)).toBe(secrets.some((s) => text.includes(s)));
          const masked = new Redactor(secrets).maskText(text);
          for (const s of secrets) expect(masked.includes(s)).toBe(false);
        },
      ),
      { numRuns: 300, seed: 12 },
    );
  });

  test('20,000 secrets differing in one character after a shared prefix scan a 120,000-character text at once', () => {
    const secrets = Array.from(
      { length: 20000 },
      (_, i) => `ab${String.fromCharCode(0x4e00 + i)}xyz`,
    );
    const matcher = new SecretMatcher(secrets);
    const text = `ab${String.fromCharCode(0x4e00 + 19999)}xy `.repeat(20000);
    const start = process.hrtime.bigint();
    expect(matcher.has(text)).toBe(false);
    expect(Number(process.hrtime.bigint() - start) / 1e6).toBeLessThan(2000);
    expect(matcher.find(`..ab${String.fromCharCode(0x4e00 + 5)}xyz..`)).toEqual([[2, 8]]);
  });

  test('every output form of a secret is masked: raw, JSON-escaped, URL-encoded', () => {
    const secret = 'p"a\\ss w/rd&=?';
    const redactor = new Redactor([secret]);
    for (const form of outputForms(secret))
      expect(redactor.maskText(`x ${form} y`)).toBe('x *** y');
  });
});

describe('never shown on any channel', () => {
  const base = {
    app: 'acme',
    version: '1.0.0',
    transforms: ['strip-metadata', 'denamespace', 'rename', 'app-settings'],
  };

  function leaks(c: Case, text: string): boolean {
    return (
      outputForms(c.secret).some((form) => text.includes(form)) ||
      text.includes(c.secret.slice(4, 20))
    );
  }

  test.each(
    cases.flatMap((c, i) => (CHANNEL_KINDS.has(c.kind) ? [[`${c.kind} #${i}`, c] as const] : [])),
  )('%s', async (_label, c) => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'leaky.json'), JSON.stringify(exportWith(c), null, 2));
    // No rule for it: validation refuses the block; nothing on any channel shows the value.
    fs.writeFileSync(path.join(dir, 'kwt.config.json'), JSON.stringify(base));
    fs.writeFileSync(
      path.join(dir, 'app.json'),
      JSON.stringify({ app: 'acme', version: '1.0.0', title: 'Acme', workflows: [] }),
    );
    const channels: string[] = [];
    const run = async (argv: string[]): Promise<number> => {
      const r = await runCli(argv, { cwd: dir });
      channels.push(r.stdout, r.stderr);
      return r.code;
    };
    expect(await run(['transform', 'leaky.json'])).toBe(1);
    expect(
      await run([
        'transform',
        'leaky.json',
        '-o',
        'out.json',
        '--diff',
        '--no-validate',
        '--dry-run',
      ]),
    ).toBe(0);
    expect(
      await run([
        'transform',
        'leaky.json',
        '--into',
        'app.json',
        '--report',
        'json',
        '--report-file',
        'report.json',
      ]),
    ).toBe(1);
    expect(await run(['transform', 'leaky.json', '-o', 'out.json', '--report', 'json'])).toBe(1);
    expect(await run(['transform', 'leaky.json', '-o', 'out.json', '--dry-run'])).toBe(1);
    expect(await run(['init', 'leaky.json', '--app', 'acme', '--app-version', '1.0.0'])).toBe(0);
    const suggested = channels[channels.length - 2]!;
    fs.writeFileSync(path.join(dir, 'suggested.json'), suggested);
    // The config init suggests turns it into a secret setting: the block never holds it.
    expect(
      await run([
        'transform',
        'leaky.json',
        '-c',
        'suggested.json',
        '-o',
        'out.json',
        '--report',
        'json',
      ]),
    ).toBe(0);
    expect(
      await run(['transform', 'leaky.json', '-c', 'suggested.json', '--into', 'app.json']),
    ).toBe(0);
    expect(
      await run(['transform', 'leaky.json', '-c', 'suggested.json', '--diff', '-o', 'out2.json']),
    ).toBe(0);
    fs.writeFileSync(path.join(dir, 'block.json'), JSON.stringify({ workflows: [exportWith(c)] }));
    expect(await run(['validate', 'block.json', '--report', 'json'])).toBe(1);
    const files = ['report.json', 'out.json', 'app.json', 'out2.json'].map((f) =>
      fs.existsSync(path.join(dir, f)) ? fs.readFileSync(path.join(dir, f), 'utf8') : '',
    );
    const everything = [...channels, ...files].join('\n');
    expect(leaks(c, everything)).toBe(false);
    expect(everything).toContain('credential');
  });
});

describe('config credential rules', () => {
  function setup(headers: Record<string, string>, credentials: object[]): string {
    const dir = tempDir();
    const wf = exportWith(cases[0]!) as {
      steps: { params: { headers: Record<string, string> } }[];
    };
    wf.steps[0]!.params.headers = { ...headers };
    fs.writeFileSync(path.join(dir, 'w.json'), JSON.stringify(wf));
    fs.writeFileSync(
      path.join(dir, 'kwt.config.json'),
      JSON.stringify({
        app: 'acme',
        version: '1.0.0',
        options: { 'app-settings': { credentials } },
      }),
    );
    return dir;
  }

  test('a rule naming a header takes whatever the header holds', async () => {
    const dir = setup({ 'X-Api-Key': HEX(64) }, [
      { header: 'x-api-key', setting: 'default.apiKey' },
    ]);
    const r = await runCli(['transform', 'w.json'], { cwd: dir });
    expect(r.code).toBe(0);
    const block = JSON.parse(r.stdout);
    expect(block.workflows[0].steps[0].params.headers['X-Api-Key']).toBe(
      '{{{settings.default.apiKey}}}',
    );
    expect(block.settings.default.apiKey).toMatchObject({ type: 'secret', defaultValue: '' });
  });

  test('a rule that matches nothing warns', async () => {
    const dir = setup({ 'X-Api-Key': HEX(64) }, [
      { header: 'x-api-key', setting: 'default.apiKey' },
      { header: 'X-Other', setting: 'default.other' },
    ]);
    const r = await runCli(['transform', 'w.json'], { cwd: dir });
    expect(r.stderr).toContain('credentials[1] (header X-Other -> default.other) matched nothing');
  });

  test('one rule without header or kind never folds different credentials into one setting', async () => {
    const dir = setup({ 'X-Stripe': 's' + 'k_live_' + ALNUM(24), 'X-Aws': 'AKIA' + UPPER(16) }, [
      { setting: 'default.key' },
    ]);
    const r = await runCli(['transform', 'w.json'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('matches 2 different credentials');
    expect(r.stderr).not.toContain(UPPER(16));
  });

  test('a setting whose default would be a credential becomes a secret with an empty default', async () => {
    const dir = tempDir();
    const wf = exportWith({ ...cases[1]!, place: 'body' });
    fs.writeFileSync(path.join(dir, 'w.json'), JSON.stringify(wf));
    fs.writeFileSync(
      path.join(dir, 'kwt.config.json'),
      JSON.stringify({
        app: 'acme',
        version: '1.0.0',
        options: {
          'app-settings': {
            paths: [{ path: '$.steps[0].params.body', setting: 'default.payload' }],
          },
        },
      }),
    );
    const r = await runCli(['transform', 'w.json'], { cwd: dir });
    expect(r.stderr).toContain('would default to a credential');
    const block = JSON.parse(r.stdout);
    expect(block.settings.default.payload).toMatchObject({ type: 'secret', defaultValue: '' });
    expect(r.stdout + r.stderr).not.toContain(UPPER(16));
  });

  test('validate checks setting defaults and every other text of an app definition', async () => {
    const dir = tempDir();
    const app = {
      app: 'acme',
      version: '1.0.0',
      title: 'Acme',
      settings: { default: { key: { type: 'string', defaultValue: 's' + 'k_live_' + ALNUM(24) } } },
      workflows: [],
    };
    fs.writeFileSync(path.join(dir, 'app.json'), JSON.stringify(app));
    const r = await runCli(['validate', 'app.json'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout + r.stderr).toContain('/settings/default/key/defaultValue');
    expect(r.stdout + r.stderr).not.toContain(ALNUM(24));
  });
});

test('the rule table stays the one the README documents', () => {
  expect(CREDENTIAL_RULES.length + 2).toBe(CREDENTIAL_KINDS.length);
});

describe('every shape in every layer a string carries (one reading, issue 23)', () => {
  // Token shapes that stand alone (the others need a name, a URL or a key around them, and have cases of their own).
  const CONTEXTUAL = new Set([
    'auth-header',
    'aws-secret-access-key',
    'url-basic-auth',
    'keyed-secret',
    'keyed-password',
    'braintree-token',
    'private-key',
  ]);
  const shapes = cases.filter((c) => !CONTEXTUAL.has(c.kind) && !c.kind.endsWith('-webhook'));
  const TOKEN_REF = '{{{settings.default.apiToken}}}';

  interface Placement {
    name: string;
    key: string;
    inHeaders?: boolean;
    text: (s: string) => string;
    /** The string must still parse as JSON after the rewrite, and this reads the rewritten value back. */
    json?: (rewritten: string) => unknown;
  }
  const placements: Placement[] = [
    { name: 'header', key: 'Authorization', inHeaders: true, text: (s) => `Bearer ${s}` },
    {
      name: 'query',
      key: 'uri',
      text: (s) => `https://api.example.com/v1/items?limit=5&token=${s}&page=2`,
    },
    { name: 'path', key: 'uri', text: (s) => `https://api.example.com/v1/${s}/items` },
    { name: 'userinfo', key: 'uri', text: (s) => `https://svc:${s}@api.example.com/v1` },
    {
      name: 'JSON body at depth',
      key: 'body',
      text: (s) =>
        JSON.stringify({ outer: { inner: JSON.stringify({ deep: { value: `note ${s}` } }) } }),
      json: (r) => JSON.parse((JSON.parse(r) as { outer: { inner: string } }).outer.inner),
    },
    {
      name: 'escaped body',
      key: 'body',
      text: (s) =>
        JSON.stringify({ url: `https://api.example.com/hook?k=${s}` }).replace(/\//g, '\\/'),
      json: (r) => JSON.parse(r),
    },
    {
      name: 'percent-encoded',
      key: 'uri',
      text: (s) =>
        `https://go.example.com/r?next=${encodeURIComponent(`https://api.example.com/cb?auth=${s}`)}`,
    },
    {
      name: 'split by a Handlebars comment',
      key: 'body',
      text: (s) => `value ${s.slice(0, s.length >> 1)}{{!-- note --}}${s.slice(s.length >> 1)} end`,
    },
  ];

  const chunks = (s: string): string[] => [s.slice(3, 11), s.slice(-11, -3)];

  test.each(placements.map((p) => [p.name, p] as const))(
    '%s: found, masked and rewritten in place',
    (_name, p) => {
      for (const c of shapes) {
        const text = p.text(c.secret);
        const context = { key: p.key, inHeaders: p.inHeaders === true };
        const found = detectCredentials(text, context);
        expect({ kind: c.kind, found: found.length > 0 }).toEqual({ kind: c.kind, found: true });
        const masked = new Redactor().maskText(text);
        const rewritten = replaceSpans(
          text,
          found.map((f) => ({ rule: 0, secret: f.value, start: f.start, end: f.end })),
          () => TOKEN_REF,
        );
        for (const chunk of chunks(c.secret)) {
          for (const form of [chunk, encodeURIComponent(chunk)]) {
            expect({
              kind: c.kind,
              masked: masked.includes(form),
              rewritten: rewritten.includes(form),
            }).toEqual({
              kind: c.kind,
              masked: false,
              rewritten: false,
            });
          }
        }
        expect(rewritten).toContain(TOKEN_REF);
        if (p.json) expect(() => p.json!(rewritten)).not.toThrow();
      }
    },
  );

  test('a body escaped with \\/ keeps its escapes and parses after the rewrite; the password is found', () => {
    const body = JSON.stringify({
      endpoint: 'https://svc:Passw0rd@partner.example/v1/orders',
    }).replace(/\//g, '\\/');
    const found = detectCredentials(body, { key: 'body' });
    expect(found.map((f) => f.value)).toEqual(['Passw0rd']);
    const rewritten = replaceSpans(
      body,
      found.map((f) => ({ rule: 0, secret: f.value, start: f.start, end: f.end })),
      () => TOKEN_REF,
    );
    expect(rewritten).toContain('https:\\/\\/svc:');
    expect(JSON.parse(rewritten).endpoint).toBe(
      `https://svc:${TOKEN_REF}@partner.example/v1/orders`,
    );
  });

  test.each([
    ['client_secret', `{"client_id": "svc", "client_secret": "${ALNUM(32)}"}`],
    ['api_key', `{"data": {"api_key": "${HEX(32)}"}}`],
    ['routing_key (PagerDuty)', `{"routing_key": "${HEX(32)}", "event_action": "trigger"}`],
    ['MAILGUN_API_KEY line', `MAILGUN_DOMAIN=mg.example.com\nMAILGUN_API_KEY=${ALNUM(36)}`],
    ['a password a person chose', `{"username": "ops", "password": "Summer2024!"}`],
    [
      'X-Amz-Security-Token',
      `https://b.s3.amazonaws.com/k?X-Amz-Credential=x&X-Amz-Security-Token=${encodeURIComponent('IQoJb3JpZ2luX2VjE' + ALNUM(60) + '/+=')}`,
    ],
    [
      'X-Amz-Signature',
      `https://b.s3.amazonaws.com/k?X-Amz-Date=20240101T000000Z&X-Amz-Signature=${HEX(64)}`,
    ],
    [
      'AccountKey',
      `DefaultEndpointsProtocol=https;AccountName=acme;AccountKey=${ALNUM(86)}==;EndpointSuffix=core.windows.net`,
    ],
    ['hapikey', `https://api.hubapi.com/contacts/v1/lists?hapikey=${UUID()}`],
    [
      'Slack webhook percent-encoded in a query',
      `https://go.example.com/?to=${encodeURIComponent('https://hooks.slack.com/services/T0000000/B0000000/' + ALNUM(24))}`,
    ],
    [
      'Azure SAS sig',
      `https://acme.blob.core.windows.net/c/b?sv=2022-11-02&sig=${encodeURIComponent(ALNUM(40) + '/+=')}`,
    ],
  ])('found by its innermost key: %s', (_name, text) => {
    expect(detectCredentials(text, { key: 'body' }).length).toBeGreaterThan(0);
  });

  test.each([
    ['a UUID under Idempotency-Key', UUID(), { key: 'Idempotency-Key', inHeaders: true }],
    [
      '?key=loyalty_tier',
      'https://api.example.com/v1/customers?key=loyalty_tier&limit=5',
      { key: 'uri' },
    ],
    [
      'Bearer YOUR_ACCESS_TOKEN',
      'Bearer YOUR_ACCESS_TOKEN',
      { key: 'Authorization', inHeaders: true },
    ],
    [
      "AWS's documented example key",
      '{"accessKeyId": "AKIA' + 'IOSFODNN7EXAMPLE"}',
      { key: 'body' },
    ],
    ['<token> in a header', 'Token <token>', { key: 'Authorization', inHeaders: true }],
    [
      'xxxx in a webhook',
      'https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX',
      { key: 'uri' },
    ],
    ['a page token', `{"next_page_token": "${ALNUM(40)}"}`, { key: 'body' }],
    ['token_type', '{"token_type": "bearer_with_refresh_2"}', { key: 'body' }],
    [
      'an e-mail signature image',
      `{"signature": "data:image/png;base64,${ALNUM(200)}"}`,
      { key: 'body' },
    ],
    ['a signature in words', '{"signature": "Kind regards, the Support Team"}', { key: 'body' }],
    ['a 24-hex Kustomer id under queue', '{"queue": "5f0c0a1b2c3d4e5f60718293"}', { key: 'body' }],
    [
      'a reference where the password goes',
      '{"password": "{{{settings.default.password}}}"}',
      { key: 'body' },
    ],
    ['a password placeholder', '{"password": "changeme"}', { key: 'body' }],
    ['a commit sha under sha', `{"sha": "${HEX(40)}"}`, { key: 'body' }],
    ['a public key', `{"public_key": "${ALNUM(40)}"}`, { key: 'body' }],
    [
      'a redirect URL under token_url',
      '{"token_url": "https://auth.example.com/oauth/token"}',
      { key: 'body' },
    ],
    [
      "jwt.io's sample token",
      'ey' +
        'JhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c',
      { key: 'body' },
    ],
  ] as const)('not a credential: %s', (_name, text, context) => {
    expect(detectCredentials(text, context)).toEqual([]);
  });

  test.each([
    ['SSWS (Okta)', 'SSWS 00' + ALNUM(40)],
    ['GenieKey', 'GenieKey ' + UUID()],
    ['Token token=', 'Token token=' + ALNUM(20)],
  ])('an Authorization header with any scheme: %s', (_name, text) => {
    expect(detectCredentials(text, { key: 'Authorization', inHeaders: true }).length).toBe(1);
  });

  test.each([
    ['a discount code under code', '{"code": "SUMMER2024SALE20OFF"}'],
    ['a field name under key', '{"key": "customer.custom.loyaltyTier2Str"}'],
    ["Stripe's publishable key under stripe_key", '{"stripe_key": "pk_live_' + ALNUM(24) + '"}'],
  ])('not a credential either: %s', (_name, text) => {
    expect(detectCredentials(text, { key: 'body' })).toEqual([]);
  });

  test('a placeholder where a credential goes is told apart from a credential', () => {
    const read = readCredentials('Bearer YOUR_ACCESS_TOKEN', {
      key: 'Authorization',
      inHeaders: true,
    });
    expect(read.credentials).toEqual([]);
    expect(read.placeholders.map((p) => p.value)).toEqual(['YOUR_ACCESS_TOKEN']);
  });

  const nearMiss: [string, string][] = [
    ['quoted keys', '{"token":"'.repeat(500_000)],
    ['percent escapes', '%4'.repeat(2_500_000)],
    ['pairs', '&api_key=a'.repeat(500_000)],
    ['backslash escapes', '\\/'.repeat(2_500_000)],
    ['Handlebars comments', '{{!-- '.repeat(833_334)],
    ['header lines', 'X-Api-Key: a\n'.repeat(384_616)],
    ['webhook prefixes', 'hooks.slack.com/'.repeat(312_500)],
    ['digits and colons', '1234567:'.repeat(625_000)],
    ['prefixes', 'sk-proj-'.repeat(625_000)],
    ['base64 runs split by slashes', 'aB3dE5gH7jK9mN1pQ2rS4tU6/'.repeat(200_000)],
    ['base64 of text', Buffer.from('{"a":"b"} '.repeat(375_000)).toString('base64')],
    ['character references', '&#115;&amp;'.repeat(454_546)],
  ];
  const timed = (run: () => unknown): number => {
    const start = process.hrtime.bigint();
    run();
    return Number(process.hrtime.bigint() - start) / 1e6;
  };
  test.each(nearMiss)(
    '5 MB of near-miss %s: the whole detector set in under a second, and masking too',
    (_name, text) => {
      expect(timed(() => readCredentials(text, { key: 'body' }))).toBeLessThan(1000);
      expect(timed(() => new Redactor(['some-secret-value']).maskText(text))).toBeLessThan(1000);
    },
  );
});

describe('opaque and escaped text: base64 and HTML character references', () => {
  const b64 = (s: string): string => Buffer.from(s).toString('base64');
  const b64url = (s: string): string => Buffer.from(s).toString('base64url');
  const shapes = cases.filter((c) => c.place !== 'header' && !c.kind.endsWith('-webhook'));
  /** Each wrapper: the text around the credential's own text, and the base64 that must not survive in any piece. */
  const wrappers: [string, (s: string) => { text: string; encoded: string }][] = [
    [
      'base64 of a JSON body',
      (s) => {
        const encoded = b64(JSON.stringify({ config: { note: s } }));
        return { text: encoded, encoded };
      },
    ],
    [
      'base64url, unpadded, after a prefix',
      (s) => {
        const encoded = b64url(`token=${s}&v=2`);
        return { text: `payload_${encoded}`, encoded };
      },
    ],
    [
      'base64 in a URL path',
      (s) => {
        const encoded = b64(`svc:${s}`);
        return { text: `https://api.example.com/v1/decode/${encoded}/run`, encoded };
      },
    ],
    [
      'base64 of base64',
      (s) => {
        const encoded = b64(b64(JSON.stringify({ k: s })));
        return { text: encoded, encoded };
      },
    ],
  ];

  test.each(wrappers)(
    '%s: every shape is found, and masking leaves no piece of the run',
    (_n, wrap) => {
      for (const c of shapes) {
        const { text: wrapped, encoded } = wrap(c.text(c.secret));
        const text = `prefix ${wrapped} suffix`;
        const found = detectCredentials(text, { key: 'body' });
        expect({ kind: c.kind, found: found.length > 0 }).toEqual({ kind: c.kind, found: true });
        // The span is the whole encoded stretch: a reference there replaces the encoding, not a few characters of it.
        const masked = new Redactor().maskText(text);
        expect(masked.startsWith('prefix ') && masked.endsWith(' suffix')).toBe(true);
        for (const chunk of [encoded.slice(4, 16), encoded.slice(-16, -4), c.secret.slice(3, 11)])
          expect({ kind: c.kind, leaked: masked.includes(chunk) }).toEqual({
            kind: c.kind,
            leaked: false,
          });
      }
    },
  );

  test('character references (numeric, hex and named) are decoded where a body was escaped for HTML', () => {
    const token = 'ghp_' + ALNUM(36);
    const numeric = [...token].map((ch) => `&#${ch.charCodeAt(0)};`).join('');
    const hex = [...token].map((ch) => `&#x${ch.charCodeAt(0).toString(16)};`).join('');
    const named = `{&quot;client_secret&quot;: &quot;${ALNUM(32)}&quot;}`;
    for (const text of [`<p>${numeric}</p>`, `<p>${hex}</p>`, named]) {
      expect(detectCredentials(text, { key: 'body' }).length).toBeGreaterThan(0);
      const masked = new Redactor().maskText(text);
      expect(masked).toContain('***');
      expect(masked).not.toContain(numeric.slice(10, 40));
      expect(masked).not.toContain(ALNUM(32));
    }
  });

  test('ids, slugs, hashes and words are no base64 of text: nothing is found and the string is read as itself', () => {
    const plain = [
      '5f3da0527d93220019c112e1',
      '8f14e45f-ceea-467f-a5c3-' + HEX(12),
      'customer-lifetime-value-segment-gold',
      'kustomer.conversation.update',
      'SalesforceOpportunityStageName',
      'aB3dE5gH7jK9mN1pQ2rS4tU6',
      'https://api.example.com/v1/CustomerAccounts/SearchByEmailAddress',
    ];
    for (const value of plain) {
      expect(detectCredentials(value, { key: 'note' })).toEqual([]);
      expect(readCredentials(value, { key: 'note' }).placeholders).toEqual([]);
    }
  });

  test('a declared secret inside base64 is masked in every output form, at any alignment', () => {
    const secret = 'Zq9' + ALNUM(21);
    const redactor = new Redactor([secret]);
    for (const prefix of ['', 'u:', 'us:', 'use:']) {
      const run = b64(`${prefix}${secret}`);
      const masked = redactor.maskText(`Basic ${run}`);
      // The groups at either end mix in a neighbour; everything between them is masked.
      expect(masked).toContain('***');
      expect(masked.replace('Basic ', '').replace('***', '').length).toBeLessThanOrEqual(8);
    }
  });
});

describe('end to end: what a string hides never ships (issue 23)', () => {
  function restExport(params: Record<string, unknown>): object {
    return {
      name: 'Partner call',
      trigger: {
        id: '1',
        eventName: 'kustomer.conversation.create',
        transitions: [{ target: 'a1' }],
      },
      steps: [
        {
          id: 'a1',
          action: 'kustomer.rest-api.json',
          params: { method: 'POST', ...params },
          transitions: [],
        },
      ],
    };
  }
  function project(workflow: object, config: object = {}): string {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'w.json'), JSON.stringify(workflow, null, 2));
    fs.writeFileSync(
      path.join(dir, 'kwt.config.json'),
      JSON.stringify({ app: 'acme', version: '1.0.0', ...config }),
    );
    return dir;
  }

  test('a password in a \\/-escaped URL inside a body: transform and validate exit 1, and it is never printed', async () => {
    const body = JSON.stringify({ callback: 'https://svc:Pa55w0rdZq@partner.example/v1' }).replace(
      /\//g,
      '\\/',
    );
    const dir = project(restExport({ uri: 'https://partner.example/v1', body }));
    const t = await runCli(['transform', 'w.json', '-o', 'out.json', '--report', 'json'], {
      cwd: dir,
    });
    expect(t.code).toBe(1);
    fs.writeFileSync(
      path.join(dir, 'block.json'),
      JSON.stringify({ workflows: [restExport({ uri: 'https://partner.example/v1', body })] }),
    );
    const v = await runCli(['validate', 'block.json', '--format', 'github'], { cwd: dir });
    expect(v.code).toBe(1);
    expect(t.stdout + t.stderr + v.stdout + v.stderr).not.toContain('Pa55w0rdZq');
  });

  test('a Slack host made a setting first cannot hide the webhook secret in its path, nor can --report json show it', async () => {
    const secret = ALNUM(24);
    const dir = project(
      restExport({ uri: `https://hooks.slack.com/services/T0000000/B0000000/${secret}` }),
      {
        options: {
          'app-settings': {
            values: [{ match: 'https://hooks.slack.com', setting: 'default.slackHost' }],
          },
        },
      },
    );
    const r = await runCli(['transform', 'w.json', '--report', 'json', '-o', 'out.json'], {
      cwd: dir,
    });
    expect(r.code).toBe(1);
    expect(r.stdout + r.stderr).toContain('credential');
    expect(r.stdout + r.stderr).not.toContain(secret);
    expect(fs.existsSync(path.join(dir, 'out.json'))).toBe(false);
  });

  test('with a credentials rule the whole webhook becomes a secret setting, whatever literal rule also names its host', async () => {
    const secret = ALNUM(24);
    const dir = project(
      restExport({ uri: `https://hooks.slack.com/services/T0000000/B0000000/${secret}` }),
      {
        options: {
          'app-settings': {
            values: [{ match: 'https://hooks.slack.com', setting: 'default.slackHost' }],
            credentials: [{ kind: 'slack-webhook', setting: 'default.slackWebhook' }],
          },
        },
      },
    );
    const r = await runCli(['transform', 'w.json'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain(secret);
    expect(JSON.parse(r.stdout).settings.default.slackWebhook).toMatchObject({
      type: 'secret',
      defaultValue: '',
    });
  });

  test('a credential inside base64: init proposes a rule, the transform replaces the whole encoding, and the body still parses', async () => {
    const token = 'ghp_' + ALNUM(36);
    const creds = Buffer.from(JSON.stringify({ type: 'service', token })).toString('base64');
    const dir = project(
      restExport({ uri: 'https://partner.example/v1', body: JSON.stringify({ creds }) }),
    );
    fs.rmSync(path.join(dir, 'kwt.config.json'));
    const init = await runCli(['init', 'w.json', '--app', 'acme', '--write'], { cwd: dir });
    expect(init.code).toBe(0);
    const t = await runCli(['transform', 'w.json', '-o', 'out.json'], { cwd: dir });
    expect(t.code).toBe(0);
    const out = fs.readFileSync(path.join(dir, 'out.json'), 'utf8');
    for (const piece of [token, creds.slice(8, 24), creds.slice(-24, -8)])
      expect(out + t.stderr + init.stderr).not.toContain(piece);
    const block = JSON.parse(out);
    expect(JSON.parse(block.workflows[0].steps[0].params.body)).toEqual({
      creds: '{{{settings.default.githubToken}}}',
    });
    expect(block.settings.default.githubToken.description).toContain('base64');
  });

  test('a declared secret sent base64-encoded elsewhere is a secret-literal error, and no channel shows it', async () => {
    const secret = 'Zq9' + ALNUM(29);
    const basic = Buffer.from(`svc:${secret}`).toString('base64');
    const workflow = restExport({
      uri: 'https://partner.example/v1',
      headers: { 'X-Api-Key': secret },
      body: JSON.stringify({ auth: basic }),
    });
    const dir = project(workflow, {
      options: {
        'app-settings': { credentials: [{ header: 'X-Api-Key', setting: 'default.apiKey' }] },
      },
    });
    const r = await runCli(['transform', 'w.json', '-o', 'out.json', '--report', 'json'], {
      cwd: dir,
    });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('"secret-literal"');
    for (const piece of [secret, basic.slice(8, 28)])
      expect(r.stdout + r.stderr).not.toContain(piece);
  });

  test("validate masks a 24-hex credential in every message, the hex-id warning's included", async () => {
    const key = '5f0c0a1b2c3d4e5f6071' + '8293';
    const dir = project({});
    fs.writeFileSync(
      path.join(dir, 'block.json'),
      JSON.stringify({
        workflows: [restExport({ uri: 'https://p.example', headers: { 'X-Api-Key': key } })],
      }),
    );
    for (const format of [[], ['--format', 'github'], ['--report', 'json']]) {
      const r = await runCli(['validate', 'block.json', ...format], { cwd: dir });
      expect(r.code).toBe(1);
      expect(r.stdout + r.stderr).not.toContain(key);
    }
  });

  test("a plugin's message is masked where it is made: GitHub annotations, SARIF and the text summary never show the credential", async () => {
    const token = 'gh' + 'p_' + ALNUM(36);
    const dir = project(
      restExport({ uri: 'https://p.example', headers: { Authorization: `Bearer ${token}` } }),
      {
        transforms: ['strip-metadata', './leak.cjs'],
      },
    );
    fs.writeFileSync(
      path.join(dir, 'leak.cjs'),
      `module.exports = { id: 'leak', description: 'says too much', apply(w, ctx) { ctx.warn('saw ' + JSON.stringify(w.steps[0].params.headers)); return w; } };`,
    );
    for (const format of [
      ['--format', 'github'],
      ['--report', 'sarif'],
      ['--report', 'json'],
      [],
    ]) {
      const r = await runCli(['transform', 'w.json', '-o', 'out.json', ...format], { cwd: dir });
      expect(r.stdout + r.stderr).toContain('saw');
      expect(r.stdout + r.stderr).not.toContain(token.slice(4, 20));
    }
  });
});
