// What the app does once installed matches what the org's workflow did (issue 12, the parts built so far).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runCli, tempDir, SAMPLES } from '../helpers/cli';
import { validateDocument } from '../../src/validate/validate';
import fc from 'fast-check';
import { DEFAULT_STYLE, serialize, type Json } from '../../src/core/json';
import { serializePreserving } from '../../src/json/preserve';

const sample = JSON.parse(
  fs.readFileSync(path.join(SAMPLES, 'exports', 'order-posted.json'), 'utf8'),
) as Record<string, unknown>;

function project(workflows: Record<string, unknown>[]): string {
  const dir = tempDir();
  fs.mkdirSync(path.join(dir, 'exports'));
  workflows.forEach((w, i) =>
    fs.writeFileSync(path.join(dir, 'exports', `w${i}.json`), JSON.stringify(w, null, 2)),
  );
  fs.copyFileSync(path.join(SAMPLES, 'kwt.config.json'), path.join(dir, 'kwt.config.json'));
  return dir;
}

describe('workflows disabled in the org', () => {
  const disabled = { ...sample, enabled: false };
  const other = { ...sample, name: 'Order Posted Again', enabled: true };

  test('are reported by name (summary and JSON report): shipped, they would run for every installer', async () => {
    const dir = project([disabled, other]);
    const r = await runCli(['transform', 'exports', '-o', 'block.json', '--report', 'json'], {
      cwd: dir,
    });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('"Order Posted" is disabled in the org (enabled: false)');
    const report = JSON.parse(r.stdout) as { inputs: { problems: { message: string }[] }[] };
    expect(
      report.inputs
        .flatMap((i) => i.problems)
        .some((p) => p.message.includes('is disabled in the org')),
    ).toBe(true);
    expect(
      JSON.parse(fs.readFileSync(path.join(dir, 'block.json'), 'utf8')).workflows,
    ).toHaveLength(2);
  });

  test('--exclude-disabled leaves them out, naming each', async () => {
    const dir = project([disabled, other]);
    const r = await runCli(['transform', 'exports', '-o', 'block.json', '--exclude-disabled'], {
      cwd: dir,
    });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('left out "Order Posted": disabled in the org');
    const block = JSON.parse(fs.readFileSync(path.join(dir, 'block.json'), 'utf8')) as {
      workflows: { name: string }[];
    };
    expect(block.workflows.map((w) => w.name)).toEqual(['acme_orders-order-posted-again']);
  });
});

test('documented app-definition keys (dataSubscriptions, meta, shortcuts) are not refused', () => {
  const app = {
    app: 'acme',
    version: '1.0.0',
    title: 'Acme',
    dataSubscriptions: [],
    meta: {},
    shortcuts: [],
    workflows: [],
  };
  expect(validateDocument(app, 'app.json').filter((p) => p.code === 'app-unknown-key')).toEqual([]);
});

describe('settings come with i18n strings', () => {
  test('every declared setting gets en_us display name and description, plus the page title', async () => {
    const dir = project([sample]);
    const r = await runCli(['transform', 'exports'], { cwd: dir });
    expect(r.code).toBe(0);
    const block = JSON.parse(r.stdout) as {
      settings: Record<string, Record<string, object>>;
      i18n: { en_us: Record<string, string> };
    };
    for (const [category, entries] of Object.entries(block.settings)) {
      for (const name of Object.keys(entries)) {
        expect(
          block.i18n.en_us[`acme_orders.settings.path.${category}.${name}.displayName`],
        ).toEqual(expect.any(String));
      }
    }
    expect(block.i18n.en_us['acme_orders.settings.path.default.apiToken.displayName']).toBe(
      'API token',
    );
    expect(block.i18n.en_us['acme_orders.settings.page.title']).toBe('Acme orders settings');
    // No label leaks into the setting itself.
    expect(JSON.stringify(block.settings)).not.toContain('displayName');
  });

  test('a displayName from the config is used; --into keeps the strings the app already has; a second run changes nothing', async () => {
    const dir = project([sample]);
    const config = JSON.parse(fs.readFileSync(path.join(dir, 'kwt.config.json'), 'utf8'));
    config.options['app-settings'].variables['6501a2b3c4d5e6f708192a41'] = {
      setting: 'default.region',
      displayName: 'Acme region',
    };
    fs.writeFileSync(path.join(dir, 'kwt.config.json'), JSON.stringify(config));
    const app = {
      app: 'acme_orders',
      version: '1.1.0',
      title: 'Acme',
      i18n: {
        en_us: { 'acme_orders.settings.page.title': 'Acme (ours)' },
        fr_fr: { 'acme_orders.settings.page.title': 'Acme' },
      },
      workflows: [],
    };
    fs.writeFileSync(path.join(dir, 'app.json'), JSON.stringify(app, null, 2) + '\n');
    expect((await runCli(['transform', 'exports', '--into', 'app.json'], { cwd: dir })).code).toBe(
      0,
    );
    const merged = JSON.parse(fs.readFileSync(path.join(dir, 'app.json'), 'utf8'));
    expect(merged.i18n.en_us['acme_orders.settings.page.title']).toBe('Acme (ours)');
    expect(merged.i18n.fr_fr).toEqual({ 'acme_orders.settings.page.title': 'Acme' });
    expect(merged.i18n.en_us['acme_orders.settings.path.default.region.displayName']).toBe(
      'Acme region',
    );
    const text = fs.readFileSync(path.join(dir, 'app.json'), 'utf8');
    expect((await runCli(['transform', 'exports', '--into', 'app.json'], { cwd: dir })).code).toBe(
      0,
    );
    expect(fs.readFileSync(path.join(dir, 'app.json'), 'utf8')).toBe(text);
    const check = await runCli(['validate', 'app.json', '--strict'], { cwd: dir });
    expect(check.stderr + check.stdout).not.toContain('settings-i18n');
  });
});

describe("the app's own version: one source of truth (flag, then config, then the --into app)", () => {
  function setup(appVersion: string): string {
    const dir = project([sample]);
    fs.writeFileSync(
      path.join(dir, 'app.json'),
      JSON.stringify(
        { app: 'acme_orders', version: appVersion, title: 'Acme', workflows: [] },
        null,
        2,
      ) + '\n',
    );
    return dir;
  }

  test('a config version that differs from the --into app is an error naming both', async () => {
    const dir = setup('2.1.0');
    const r = await runCli(['transform', 'exports', '--into', 'app.json'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('"version" is 1.1.0 but the --into app is at 2.1.0');
  });

  test('--app-version settles it: the references and the definition both name the release', async () => {
    const dir = setup('2.1.0');
    const r = await runCli(
      ['transform', 'exports', '--into', 'app.json', '--app-version', '2.2.0'],
      { cwd: dir },
    );
    expect(r.code).toBe(0);
    const app = JSON.parse(fs.readFileSync(path.join(dir, 'app.json'), 'utf8'));
    expect(app.version).toBe('2.2.0');
    const versions = JSON.stringify(app.workflows).match(/acme_orders-\^[0-9.]+/g) ?? [];
    expect(versions.length).toBeGreaterThan(0);
    expect(new Set(versions)).toEqual(new Set(['acme_orders-^2.2.0']));
  });

  test("with no version anywhere, a reference to the app's own version is an error, not the org's version kept", async () => {
    const dir = tempDir();
    const wf = {
      ...sample,
      steps: [
        {
          id: 'a1',
          action: 'kustomer.app.acme_orders.sync',
          appVersion: 'acme_orders-^1.4.2',
          params: {},
          transitions: [],
        },
      ],
    };
    fs.writeFileSync(path.join(dir, 'w.json'), JSON.stringify(wf));
    const r = await runCli(
      ['transform', 'w.json', '--app', 'acme_orders', '-t', 'denamespace', '--no-validate'],
      { cwd: dir },
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      "refers to the app's own version (acme_orders-^1.4.2) but no version is being released",
    );
  });
});

describe('other apps the workflows use', () => {
  const ORG = '5f0c0a1b2c3d4e5f60718293';
  const wf = (name: string): Record<string, unknown> => ({
    name,
    trigger: {
      id: '1',
      eventName: 'kustomer.conversation.create',
      transitions: [{ target: 'a1' }],
    },
    steps: [
      {
        id: 'a1',
        action: `kustomer.app.jessetest_${ORG}.respond`,
        appVersion: `jessetest_${ORG}-^1.0.2`,
        params: {},
        transitions: [{ target: 'a2' }],
      },
      {
        id: 'a2',
        action: 'kustomer.app.Calendly_App.book',
        appVersion: 'Calendly_App-^4.0.0',
        params: {},
        transitions: [],
      },
    ],
  });

  function setup(dependencies: boolean): string {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'a.json'), JSON.stringify(wf('First')));
    fs.writeFileSync(path.join(dir, 'b.json'), JSON.stringify(wf('Second')));
    fs.writeFileSync(
      path.join(dir, 'kwt.config.json'),
      JSON.stringify({
        app: 'acme',
        version: '1.0.0',
        options: { denamespace: { namespaces: ['jessetest'], dependencies } },
      }),
    );
    return dir;
  }

  test('a private app of the source org is a warning naming the workflows that use it', async () => {
    const r = await runCli(['transform', 'a.json', 'b.json'], { cwd: setup(false) });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('uses "jessetest", a private app of the source org (First, Second)');
    expect(JSON.parse(r.stdout).dependencies).toBeUndefined();
  });

  test('denamespace.dependencies lists every app used, private or public, as <app>-^<version>; --into merges them', async () => {
    const dir = setup(true);
    const r = await runCli(['transform', 'a.json', 'b.json'], { cwd: dir });
    expect(JSON.parse(r.stdout).dependencies).toEqual(['jessetest-^1.0.2', 'Calendly_App-^4.0.0']);
    fs.writeFileSync(
      path.join(dir, 'app.json'),
      JSON.stringify({
        app: 'acme',
        version: '1.0.0',
        title: 'Acme',
        dependencies: ['Calendly_App-^4.1.0'],
        workflows: [],
      }),
    );
    expect(
      (await runCli(['transform', 'a.json', 'b.json', '--into', 'app.json'], { cwd: dir })).code,
    ).toBe(0);
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'app.json'), 'utf8')).dependencies).toEqual([
      'Calendly_App-^4.1.0',
      'jessetest-^1.0.2',
    ]);
  });
});

test('--into an app whose trigger for the swapped event has an outputTemplate: refused, the app untouched', async () => {
  const dir = project([sample]);
  const app = {
    app: 'acme_orders',
    version: '1.1.0',
    title: 'Acme',
    triggers: [
      {
        eventName: 'kustomer.app.acme_orders.order.posted',
        description: 'Order posted',
        outputTemplate: { orderId: '{{data.id}}' },
      },
    ],
    workflows: [],
  };
  const text = JSON.stringify(app, null, 2) + '\n';
  fs.writeFileSync(path.join(dir, 'app.json'), text);
  const r = await runCli(['transform', 'exports', '--into', 'app.json'], { cwd: dir });
  expect(r.code).toBe(1);
  expect(r.stderr).toContain('[output-template]');
  expect(fs.readFileSync(path.join(dir, 'app.json'), 'utf8')).toBe(text);
});

test('a problem in the second workflow of a list file points into the file (file#/1/name), not file#1#/name', async () => {
  const dir = tempDir();
  fs.writeFileSync(
    path.join(dir, 'list.json'),
    JSON.stringify([
      { ...sample, name: 'First' },
      { ...sample, name: 'Первый' },
    ]),
  );
  fs.copyFileSync(path.join(SAMPLES, 'kwt.config.json'), path.join(dir, 'kwt.config.json'));
  const r = await runCli(['transform', 'list.json'], { cwd: dir });
  expect(r.code).toBe(2);
  expect(r.stderr).toMatch(/list\.json:1:\d+ #\/1\/name/);
  expect(r.stderr).not.toContain('list.json#1#');
});

test('--diff of an absolute target shows its path, not a/ glued to it', async () => {
  const dir = project([sample]);
  const target = path.join(dir, 'block.json');
  const r = await runCli(['transform', 'exports', '-o', target, '--diff', '--dry-run'], {
    cwd: dir,
  });
  expect(r.stdout).toContain(`--- ${target}`);
  expect(r.stdout).not.toContain(`a/${target}`);
});

test('settings, hooks, triggers and i18n texts are checked for the source org like workflows', () => {
  const app = {
    app: 'acme',
    version: '1.0.0',
    title: 'Acme',
    appDetails: { appDeveloper: { supportEmail: 'support@acme.example' } },
    hooks: [
      {
        eventName: 'kustomer.app.acme.x',
        displayEventName: 'X',
        description: 'Posted by https://acmecorp.api.kustomerapp.com',
        type: 'web',
      },
    ],
    triggers: [
      { eventName: 'kustomer.app.acme.x', description: 'Replaces hook 6501a2b3c4d5e6f708192a3b' },
    ],
    i18n: { en_us: { 'acme.settings.page.description': 'Ask jane.doe@acmecorp.com' } },
    workflows: [],
  };
  const codes = validateDocument(app, 'app.json').map((p) => `${p.code} ${p.pointer}`);
  expect(codes).toEqual(
    expect.arrayContaining([
      'org-host /hooks/0/description',
      'hex-id /triggers/0/description',
      'email-address /i18n/en_us/acme.settings.page.description',
    ]),
  );
  // A support address in appDetails is the developer's own, not org data.
  expect(codes.some((c) => c.includes('/appDetails'))).toBe(false);
});

test('samples/fidelity: a disabled workflow that reads variables as paths ships as settings read as paths, with a warning', async () => {
  const dir = tempDir();
  const r = await runCli(
    [
      'transform',
      path.join(SAMPLES, 'exports'),
      path.join(SAMPLES, 'fidelity'),
      '-c',
      path.join(SAMPLES, 'kwt.config.json'),
    ],
    {
      cwd: dir,
    },
  );
  expect(r.code).toBe(0);
  expect(r.stderr).toContain('"Verify And Follow Up" is disabled in the org');
  const block = JSON.parse(r.stdout) as {
    workflows: { name: string }[];
    i18n: { en_us: Record<string, string> };
  };
  const text = JSON.stringify(
    block.workflows.find((w) => w.name === 'acme_orders-verify-and-follow-up'),
  );
  expect(text).toContain('"/#settings.default.apiToken"');
  expect(text).toContain('"/#fn:parseInt,settings.default.followUpMinutes"');
  expect(text).not.toContain('variables.');
  expect(block.i18n.en_us['acme_orders.settings.path.default.followUpMinutes.displayName']).toBe(
    'Follow-up delay (minutes)',
  );
  const excluded = await runCli(
    [
      'transform',
      path.join(SAMPLES, 'exports'),
      path.join(SAMPLES, 'fidelity'),
      '-c',
      path.join(SAMPLES, 'kwt.config.json'),
      '--exclude-disabled',
    ],
    { cwd: dir },
  );
  expect(excluded.stdout).toBe(fs.readFileSync(path.join(SAMPLES, 'expected-block.json'), 'utf8'));
});

test.each([
  [
    'tabs, CRLF, no final newline',
    (t: string) =>
      t
        .replace(/^( {2})+/gm, (m) => '\t'.repeat(m.length / 2))
        .replace(/\n/g, '\r\n')
        .replace(/\r\n$/, ''),
  ],
  ['4 spaces', (t: string) => t.replace(/^( {2})+/gm, (m) => ' '.repeat(m.length * 2))],
])(
  '--into keeps the app definition’s layout: %s; a second run changes nothing',
  async (_name, restyle) => {
    const dir = project([sample]);
    const app = { app: 'acme_orders', version: '1.1.0', title: 'Acme', workflows: [] };
    fs.writeFileSync(path.join(dir, 'app.json'), restyle(JSON.stringify(app, null, 2) + '\n'));
    expect((await runCli(['transform', 'exports', '--into', 'app.json'], { cwd: dir })).code).toBe(
      0,
    );
    const text = fs.readFileSync(path.join(dir, 'app.json'), 'utf8');
    const parsed = JSON.parse(text) as { workflows: unknown[] };
    expect(parsed.workflows).toHaveLength(1);
    const pretty = JSON.stringify(parsed, null, 2) + '\n';
    expect(text).toBe(restyle(pretty));
    expect((await runCli(['transform', 'exports', '--into', 'app.json'], { cwd: dir })).code).toBe(
      0,
    );
    expect(fs.readFileSync(path.join(dir, 'app.json'), 'utf8')).toBe(text);
  },
);

test('--into an app on one line has no layout to keep: it is written in the project style (2 spaces here); a second run changes nothing', async () => {
  const dir = project([sample]);
  fs.writeFileSync(
    path.join(dir, 'app.json'),
    JSON.stringify({ app: 'acme_orders', version: '1.1.0', title: 'Acme', workflows: [] }),
  );
  expect((await runCli(['transform', 'exports', '--into', 'app.json'], { cwd: dir })).code).toBe(0);
  const text = fs.readFileSync(path.join(dir, 'app.json'), 'utf8');
  expect(text).toBe(JSON.stringify(JSON.parse(text), null, 2) + '\n');
  expect((await runCli(['transform', 'exports', '--into', 'app.json'], { cwd: dir })).code).toBe(0);
  expect(fs.readFileSync(path.join(dir, 'app.json'), 'utf8')).toBe(text);
});

test('--into keeps the text of what it did not change: one-line arrays, escapes and number spellings stay as written', async () => {
  const dir = project([sample]);
  const original = [
    '{',
    '  "app": "acme_orders",',
    '  "version": "1.1.0",',
    '  "title": "Caf\\u00e9 orders",',
    '  "tags": ["orders", "sync"],',
    '  "appDetails": {"rating": 1.50, "supportEmail": "support@acme.example"},',
    '  "workflows": []',
    '}',
    '',
  ].join('\n');
  fs.writeFileSync(path.join(dir, 'app.json'), original);
  expect((await runCli(['transform', 'exports', '--into', 'app.json'], { cwd: dir })).code).toBe(0);
  const text = fs.readFileSync(path.join(dir, 'app.json'), 'utf8');
  expect(text).toContain('\n  "title": "Caf\\u00e9 orders",\n  "tags": ["orders", "sync"],\n');
  expect(text).toContain('"appDetails": {"rating": 1.50, "supportEmail": "support@acme.example"}');
  // What changed is written as the serializer writes it: a block with the sample's workflow.
  const parsed = JSON.parse(text) as { workflows: { name: string }[] };
  expect(parsed.workflows.map((w) => w.name)).toEqual(['acme_orders-order-posted']);
  expect(text).toContain('  "workflows": [\n    {\n      "name": "acme_orders-order-posted",');
  expect((await runCli(['transform', 'exports', '--into', 'app.json'], { cwd: dir })).code).toBe(0);
  expect(fs.readFileSync(path.join(dir, 'app.json'), 'utf8')).toBe(text);
});

test('--into reuses no text from an app whose text holds more than its value (a repeated or a prototype key), and says so', async () => {
  const dir = project([sample]);
  const original =
    '{\n  "app": "acme_orders",\n  "version": "1.1.0",\n  "title": "A",\n  "appDetails": {"a": 1, "a": 2, "__proto__": {"x": 1}},\n  "workflows": []\n}\n';
  fs.writeFileSync(path.join(dir, 'app.json'), original);
  const r = await runCli(['transform', 'exports', '--into', 'app.json'], { cwd: dir });
  expect(r.code).toBe(0);
  expect(r.stderr).toContain(
    'app.json:5:26: key "a" appears twice in one object; the last one wins',
  );
  const text = fs.readFileSync(path.join(dir, 'app.json'), 'utf8');
  expect(text).toContain('  "appDetails": {\n    "a": 2\n  },');
  expect(text).not.toContain('__proto__');
});

test('the preserving serializer equals JSON.stringify when nothing is kept, at any depth and in any style', () => {
  const deep: Json = JSON.parse('['.repeat(3000) + ']'.repeat(3000)) as Json;
  expect(serializePreserving(deep, '[]', [], DEFAULT_STYLE)).toBe(serialize(deep));
  fc.assert(
    fc.property(
      fc.jsonValue(),
      fc.jsonValue(),
      fc.constantFrom<number | string>(0, 2, 4, '\t'),
      (before, after, indent) => {
        const style = { indent, eol: '\n' as const, finalNewline: true };
        const sourceText = JSON.stringify(before, null, 3);
        const out = serializePreserving(
          after as Json,
          sourceText,
          JSON.parse(sourceText) as Json,
          style,
        );
        expect(JSON.parse(out)).toEqual(JSON.parse(JSON.stringify(after)));
        // Nothing changed: the source text comes back byte for byte, whatever the style asks for.
        expect(
          serializePreserving(
            JSON.parse(sourceText) as Json,
            sourceText,
            JSON.parse(sourceText) as Json,
            { ...style, finalNewline: false },
          ),
        ).toBe(sourceText);
        if (
          JSON.stringify(before) !== JSON.stringify(after) &&
          typeof after === 'object' &&
          after !== null &&
          typeof before !== 'object'
        )
          expect(out).toBe(serialize(after as Json, style));
      },
    ),
  );
});

test('a bad event name in swap-hook-events.events is one config error, not two', async () => {
  const dir = project([sample]);
  const config = JSON.parse(fs.readFileSync(path.join(dir, 'kwt.config.json'), 'utf8'));
  config.options['swap-hook-events'].events['6501a2b3c4d5e6f708192a3b'] = 'Order Posted!';
  fs.writeFileSync(path.join(dir, 'kwt.config.json'), JSON.stringify(config));
  const r = await runCli(['transform', 'exports'], { cwd: dir });
  expect(r.code).toBe(2);
  expect(r.stderr).toContain('invalid configuration (1 problem)');
  expect(r.stderr).toContain('must match pattern');
});
