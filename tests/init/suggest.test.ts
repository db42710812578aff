// `kwt init`: the suggested config makes a first `kwt transform` succeed (samples and every corpus file), never holds a
// credential, and never overwrites a config without --force.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runCli, tempDir, SAMPLES, CORPUS } from '../helpers/cli';
import { suggestConfig, type InitOptions } from '../../src/init/suggest';
import { startKustomer, sampleResources, TOKEN } from '../helpers/kustomer-server';
import type { JsonObject } from '../../src/core/json';

const exportsDir = path.join(SAMPLES, 'exports');

test('samples: --write creates a config with which transform succeeds and validates', async () => {
  const dir = tempDir();
  const init = await runCli(
    ['init', exportsDir, '--app', 'acme_orders', '--app-version', '1.0.0', '--write'],
    { cwd: dir },
  );
  expect(init.code).toBe(0);
  expect(init.stdout).toBe('');
  expect(init.stderr).toContain('wrote kwt.config.json');
  const config = JSON.parse(fs.readFileSync(path.join(dir, 'kwt.config.json'), 'utf8'));
  expect(config).toMatchObject({ app: 'acme_orders', version: '1.0.0' });
  expect(Object.keys(config.options['swap-hook-events'].events)).toHaveLength(2);
  expect(config.options['app-settings'].variables['6501a2b3c4d5e6f708192a40']).toMatchObject({
    setting: 'default.apiToken',
    type: 'secret',
  });
  expect(config.options['app-settings'].variables['6501a2b3c4d5e6f708192a41'].setting).toBe(
    'default.acmeRegion',
  );
  const r = await runCli(['transform', exportsDir], { cwd: dir });
  expect(r.stderr).not.toMatch(/^error/m);
  expect(r.code).toBe(0);
});

test('without --write the config goes to stdout; an existing file is kept unless --force', async () => {
  const dir = tempDir();
  fs.writeFileSync(path.join(dir, 'kwt.config.json'), '{"app":"mine"}');
  const out = await runCli(['init', exportsDir, '--app', 'acme_orders', '-q'], { cwd: dir });
  expect(out.code).toBe(0);
  expect(JSON.parse(out.stdout).version).toBe('0.0.1');
  const refused = await runCli(['init', exportsDir, '--app', 'acme_orders', '--write'], {
    cwd: dir,
  });
  expect(refused.code).toBe(2);
  expect(refused.stderr).toContain('kwt.config.json already exists; --force replaces it');
  expect(fs.readFileSync(path.join(dir, 'kwt.config.json'), 'utf8')).toBe('{"app":"mine"}');
  const forced = await runCli(
    ['init', exportsDir, '--app', 'acme_orders', '--write', 'kwt.config.json', '--force'],
    { cwd: dir },
  );
  expect(forced.code).toBe(0);
  expect(JSON.parse(fs.readFileSync(path.join(dir, 'kwt.config.json'), 'utf8')).app).toBe(
    'acme_orders',
  );
});

test('--app is required and checked; unreadable inputs are refused', async () => {
  const dir = tempDir();
  expect((await runCli(['init', exportsDir], { cwd: dir })).code).toBe(2);
  const bad = await runCli(['init', exportsDir, '--app', 'Acme Orders'], { cwd: dir });
  expect(bad.code).toBe(2);
  expect(bad.stderr).toContain('letters, digits and underscores');
  fs.writeFileSync(path.join(dir, 'broken.json'), '{');
  const broken = await runCli(['init', 'broken.json', '--app', 'acme'], { cwd: dir });
  expect(broken.code).toBe(2);
  expect(broken.stderr).toContain('broken.json:1:2');
});

describe('suggestions', () => {
  const wf = (over: JsonObject): JsonObject => ({
    name: 'Charge Card',
    trigger: {
      id: '1',
      eventName: 'kustomer.conversation.create',
      transitions: [{ target: 'a1' }],
    },
    steps: [],
    ...over,
  });

  test('credentials become shape-matched secret settings and are never copied into the config', () => {
    const SECRET = 'sk_live_Zq9Xw8Vu7Ts6Rq5P';
    const { config } = suggestConfig(
      [
        {
          source: 'c.json',
          workflow: wf({
            steps: [
              {
                id: 'a1',
                action: 'kustomer.rest-api.json',
                params: {
                  uri: 'https://api.pay.example/v1/charges',
                  headers: { 'X-Pay-Key': SECRET, Authorization: 'Bearer Ab12Cd34Ef56Gh78' },
                },
                transitions: [],
              },
            ],
          }),
        },
      ],
      { app: 'acme', version: '1.0.0' },
    );
    const text = JSON.stringify(config);
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain('Ab12Cd34Ef56Gh78');
    const settings = (config['options'] as any)['app-settings']; // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(
      settings.credentials.map(
        (c: { header: string; setting: string }) => `${c.header} ${c.setting}`,
      ),
    ).toEqual(['X-Pay-Key default.payKey', 'Authorization default.authorization']);
    expect(settings.values).toEqual([
      expect.objectContaining({ match: 'https://api.pay.example', setting: 'default.payBaseUrl' }),
    ]);
  });

  test('ids that are workflow calls, schedules or hooks are not settings; others are, named by what they are', () => {
    const CALLEE = '62980484c285350a282b3736';
    const QUEUE = '5fce94b7dc76150019710806';
    const TAG = '6092bfa4d97cea6b6f9a0ff6';
    const { config } = suggestConfig(
      [
        {
          source: 'a.json',
          workflow: wf({
            steps: [
              {
                id: 'a1',
                action: `kustomer.workflow.${CALLEE}.call`,
                params: { queue: QUEUE },
                transitions: [
                  {
                    target: 'a2',
                    condition: { op: 'contains', values: ['/#steps.1.tags', [TAG]] },
                  },
                ],
              },
              {
                id: 'a2',
                action: 'kustomer.scheduler.create',
                params: { workflowId: CALLEE, queue: QUEUE },
                transitions: [],
              },
            ],
          }),
        },
        {
          source: 'b.json',
          workflow: wf({
            id: CALLEE,
            name: 'Callee',
            trigger: {
              id: '1',
              eventName: `kustomer.workflow.${CALLEE}.call`,
              callable: true,
              transitions: [],
            },
          }),
        },
      ],
      { app: 'acme', version: '1.0.0' },
    );
    const options = config['options'] as Record<
      string,
      { values: { match: string; setting: string }[] }
    >;
    const values = options['app-settings']!.values;
    expect(values.map((v) => `${v.match} ${v.setting}`)).toEqual([
      `${QUEUE} ids.queueId`,
      `${TAG} ids.tagId`,
    ]);
  });

  test('two workflows on one hook share an event; another private app is listed for denamespace', () => {
    const HOOK = 'kustomer.hooks.web.6501a2b3c4d5e6f708192a3c.receive';
    const { config } = suggestConfig(
      [
        {
          source: 'a.json',
          workflow: wf({
            name: 'Order In',
            trigger: { id: '1', eventName: HOOK, transitions: [] },
          }),
        },
        {
          source: 'b.json',
          workflow: wf({
            name: 'Order Audit',
            trigger: { id: '1', eventName: HOOK, transitions: [] },
            steps: [
              {
                id: 's',
                action: 'kustomer.app.billing_5f0c0a1b2c3d4e5f60718293.charge',
                transitions: [],
              },
            ],
          }),
        },
      ],
      { app: 'acme', version: '1.0.0' },
    );
    const options = config['options'] as any; // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(options['swap-hook-events'].events).toEqual({
      [HOOK]: {
        name: 'order-in',
        description: 'Inbound web hook that starts Order In, Order Audit',
      },
    });
    // Descriptions ship to every installer: no org hook id, file name or pointer in any of them.
    const descriptions = JSON.stringify(config).match(/"description":"[^"]*"/g) ?? [];
    for (const d of descriptions)
      expect(d).not.toMatch(/[0-9a-f]{24}|\.json|steps?\b.*params|\/steps\//);
    expect(options.denamespace).toEqual({ namespaces: ['billing'] });
  });
});

const corpusPresent = fs.existsSync(CORPUS);
if (!corpusPresent) console.warn(`init corpus tests SKIPPED: ${CORPUS} is absent`);
(corpusPresent ? describe : describe.skip)(
  'corpus: init then transform validates with no error',
  () => {
    const files = corpusPresent
      ? fs
          .readdirSync(CORPUS)
          .filter((f) => f.endsWith('.json'))
          .sort()
      : [];
    test.each(files)('%s', async (file) => {
      const dir = tempDir();
      const source = JSON.parse(fs.readFileSync(path.join(CORPUS, file), 'utf8')) as {
        app?: string;
      };
      const app = typeof source.app === 'string' ? source.app : 'acme_test';
      const init = await runCli(['init', path.join(CORPUS, file), '--app', app, '--write'], {
        cwd: dir,
      });
      expect(init.code).toBe(0);
      const r = await runCli(['transform', path.join(CORPUS, file), '-o', 'block.json'], {
        cwd: dir,
      });
      expect(r.stderr.split('\n').filter((l) => l.startsWith('error'))).toEqual([]);
      expect(r.code).toBe(0);
      // The source org's data never ships unmentioned: what a rule still finds in the block, init listed to decide.
      const v = await runCli(['validate', 'block.json', '--report', 'json'], { cwd: dir });
      const report = JSON.parse(v.stdout) as { inputs: { problems: { code: string }[] }[] };
      const org = report.inputs
        .flatMap((i) => i.problems)
        .filter(
          (p) =>
            ['hex-id', 'email-address', 'credential'].includes(p.code) || p.code.startsWith('org-'),
        );
      if (org.length > 0) expect(init.stderr).toContain('no rule can fix for you; decide each');
    });
  },
);

test('names rename cannot use (Cyrillic only, too long) get rename.names proposals, and the first transform succeeds', async () => {
  const dir = tempDir();
  const base = JSON.parse(
    fs.readFileSync(path.join(SAMPLES, 'exports', 'escalation-mailbox.json'), 'utf8'),
  ) as JsonObject;
  const named = (name: string): JsonObject => ({ ...base, name });
  fs.mkdirSync(path.join(dir, 'exports'));
  fs.writeFileSync(path.join(dir, 'exports', 'a.json'), JSON.stringify(named('Эскалация заказов')));
  fs.writeFileSync(
    path.join(dir, 'exports', 'b.json'),
    JSON.stringify(named('Escalate '.repeat(20).trim())),
  );
  fs.writeFileSync(path.join(dir, 'exports', 'c.json'), JSON.stringify(named('Ещё одна')));
  // The workflow they all call, so the batch is complete.
  fs.copyFileSync(
    path.join(SAMPLES, 'exports', 'refund-order.json'),
    path.join(dir, 'exports', 'refund-order.json'),
  );
  const init = await runCli(
    ['init', 'exports', '--app', 'acme_orders', '--app-version', '1.0.0', '--write'],
    { cwd: dir },
  );
  expect(init.code).toBe(0);
  const config = JSON.parse(fs.readFileSync(path.join(dir, 'kwt.config.json'), 'utf8')) as {
    options: { rename: { names: Record<string, string> } };
  };
  const names = config.options.rename.names;
  expect(Object.keys(names).sort()).toEqual(
    ['Escalate '.repeat(20).trim(), 'Ещё одна', 'Эскалация заказов'].sort(),
  );
  for (const to of Object.values(names)) expect(to).toMatch(/^acme_orders-[A-Za-z0-9._-]{1,116}$/);
  expect(new Set(Object.values(names)).size).toBe(3);
  const r = await runCli(['transform', 'exports', '-o', 'block.json'], { cwd: dir });
  expect(r.stderr).not.toMatch(/^error/m);
  expect(r.code).toBe(0);
});

test('variables read as paths are mapped too; one in a JSON body string is named by its JSON key and typed by it', () => {
  const wf = {
    name: 'Body And Paths',
    trigger: {
      id: '1',
      eventName: 'kustomer.conversation.create',
      transitions: [
        {
          target: 'a1',
          condition: {
            op: 'eq',
            values: ['/#steps.1.attributes.data.secret', '/#variables.aaaaaaaaaaaaaaaaaaaaaaa1'],
          },
        },
      ],
    },
    steps: [
      {
        id: 'a1',
        action: 'kustomer.rest-api.json',
        params: {
          uri: 'https://api.acme.example/x',
          body: '{"apiKey": "{{{variables.aaaaaaaaaaaaaaaaaaaaaaa2}}}", "delay": "/#fn:parseInt,variables.aaaaaaaaaaaaaaaaaaaaaaa3"}',
        },
        transitions: [],
      },
    ],
  };
  const { config } = suggestConfig([{ workflow: wf, source: 'w.json' }], {
    app: 'acme',
    version: '1.0.0',
  });
  const variables = (
    config['options'] as {
      'app-settings': { variables: Record<string, { setting: string; type?: string }> };
    }
  )['app-settings'].variables;
  expect(Object.keys(variables).sort()).toEqual([
    'aaaaaaaaaaaaaaaaaaaaaaa1',
    'aaaaaaaaaaaaaaaaaaaaaaa2',
    'aaaaaaaaaaaaaaaaaaaaaaa3',
  ]);
  expect(variables['aaaaaaaaaaaaaaaaaaaaaaa2']).toMatchObject({
    setting: 'default.apiKey',
    type: 'secret',
  });
});

test('variables holding the same token (same header, same host) fold into one setting; another host or name does not', () => {
  const wf = (name: string, id: string, uri: string, header = 'Authorization') => ({
    name,
    trigger: {
      id: '1',
      eventName: 'kustomer.conversation.create',
      transitions: [{ target: 'a1' }],
    },
    steps: [
      {
        id: 'a1',
        action: 'kustomer.rest-api.json',
        params: { uri, headers: { [header]: `Bearer {{{variables.${id}}}}` } },
        transitions: [],
      },
    ],
  });
  const { config, notes } = suggestConfig(
    [
      {
        workflow: wf('One', 'bbbbbbbbbbbbbbbbbbbbbbb1', 'https://api.acme.example/a'),
        source: '1.json',
      },
      {
        workflow: wf('Two', 'bbbbbbbbbbbbbbbbbbbbbbb2', 'https://API.acme.example/b'),
        source: '2.json',
      },
      {
        workflow: wf('Three', 'bbbbbbbbbbbbbbbbbbbbbbb3', 'https://api.other.example/c'),
        source: '3.json',
      },
      {
        workflow: wf(
          'Four',
          'bbbbbbbbbbbbbbbbbbbbbbb4',
          '{{{variables.bbbbbbbbbbbbbbbbbbbbbbb5}}}/d',
        ),
        source: '4.json',
      },
    ],
    { app: 'acme', version: '1.0.0' },
  );
  const variables = (
    config['options'] as {
      'app-settings': { variables: Record<string, { setting: string; type?: string }> };
    }
  )['app-settings'].variables;
  expect(variables['bbbbbbbbbbbbbbbbbbbbbbb1']).toMatchObject({
    setting: 'default.apiToken',
    type: 'secret',
  });
  expect(variables['bbbbbbbbbbbbbbbbbbbbbbb2']).toMatchObject({
    setting: 'default.apiToken',
    type: 'secret',
  });
  expect(variables['bbbbbbbbbbbbbbbbbbbbbbb3']?.setting).not.toBe('default.apiToken');
  expect(variables['bbbbbbbbbbbbbbbbbbbbbbb4']?.setting).not.toBe('default.apiToken');
  expect(new Set(Object.values(variables).map((v) => v.setting)).size).toBe(4);
  expect(notes.join('\n')).toMatch(/bbbbbbbbbbbbbbbbbbbbbbb2 in Two .* one setting/);
  expect(variables['bbbbbbbbbbbbbbbbbbbbbbb1']).toMatchObject({
    description: 'Secret value used by One, Two',
  });
});

test('init on samples/fidelity maps the variables it reads as paths: transform then succeeds', async () => {
  const dir = tempDir();
  const init = await runCli(
    [
      'init',
      path.join(SAMPLES, 'exports'),
      path.join(SAMPLES, 'fidelity'),
      '--app',
      'acme_orders',
      '--app-version',
      '1.0.0',
      '--write',
    ],
    { cwd: dir },
  );
  expect(init.code).toBe(0);
  const r = await runCli(
    ['transform', path.join(SAMPLES, 'exports'), path.join(SAMPLES, 'fidelity')],
    { cwd: dir },
  );
  expect(r.stderr).not.toMatch(/^error/m);
  expect(r.code).toBe(0);
});

test('pull, then init, then transform: two workflows the org named alike get names told apart by their ids (exit 0)', async () => {
  const resources = sampleResources();
  const posted = resources.find((r) => r.attributes['name'] === 'Order Posted')!;
  // A second "Order Posted": another workflow of the org, with its own id.
  resources.push({ ...structuredClone(posted), id: '7701a2b3c4d5e6f70819ffff' });
  const api = await startKustomer(resources);
  try {
    const dir = tempDir();
    const env = { KUSTOMER_API_KEY: TOKEN };
    expect(
      (
        await runCli(['pull', '--out-dir', 'exports', '--base-url', api.url, '-q'], {
          cwd: dir,
          env,
        })
      ).code,
    ).toBe(0);
    expect(
      fs.readdirSync(path.join(dir, 'exports')).filter((f) => f.startsWith('order-posted')),
    ).toHaveLength(2);
    const init = await runCli(['init', 'exports', '--app', 'acme_orders', '--write'], { cwd: dir });
    expect(init.code).toBe(0);
    // Files are read in order, so the workflow in the later file is the one renamed.
    expect(init.stderr).toMatch(
      /rename\.names: "7701a2b3c4d5e6f708190001" \(exports\/order-posted\.json\) has the name "Order Posted" of another workflow; proposed "acme_orders-order-posted-2"/,
    );
    const config = JSON.parse(fs.readFileSync(path.join(dir, 'kwt.config.json'), 'utf8'));
    expect(config.options.rename.names).toEqual({
      '7701a2b3c4d5e6f708190001': 'acme_orders-order-posted-2',
    });
    const r = await runCli(['transform', 'exports', '-o', 'block.json'], { cwd: dir });
    expect(r.code).toBe(0);
    const names = (
      JSON.parse(fs.readFileSync(path.join(dir, 'block.json'), 'utf8')) as {
        workflows: { name: string }[];
      }
    ).workflows.map((w) => w.name);
    expect(names.filter((n) => n.startsWith('acme_orders-order-posted')).sort()).toEqual([
      'acme_orders-order-posted',
      'acme_orders-order-posted-2',
    ]);
  } finally {
    await api.close();
  }
});

test('rename.names keyed by an id tells apart two workflows with one name, and the clash error says so', async () => {
  const dir = tempDir();
  const w = (id: string): string =>
    JSON.stringify({
      data: {
        type: 'workflow',
        id,
        attributes: {
          name: 'Same',
          trigger: { id: '1', eventName: 'kustomer.conversation.create', transitions: [] },
          steps: [],
        },
      },
    });
  fs.mkdirSync(path.join(dir, 'exports'));
  fs.writeFileSync(path.join(dir, 'exports', 'a.json'), w('7701a2b3c4d5e6f708190001'));
  fs.writeFileSync(path.join(dir, 'exports', 'b.json'), w('7701a2b3c4d5e6f708190002'));
  const clash = await runCli(['transform', 'exports', '--app', 'acme'], { cwd: dir });
  expect(clash.code).toBe(2);
  expect(clash.stderr).toMatch(
    /rename\.names, keyed by "7701a2b3c4d5e6f70819000[12]" \(its id\) or "Same"/,
  );
  fs.writeFileSync(
    path.join(dir, 'kwt.config.json'),
    JSON.stringify({
      app: 'acme',
      options: { rename: { names: { '7701a2b3c4d5e6f708190002': 'acme-same-b' } } },
    }),
  );
  const ok = await runCli(['transform', 'exports'], { cwd: dir });
  expect(ok.code).toBe(0);
  expect(ok.stdout).toContain('"acme-same-b"');
});

describe('names people would choose', () => {
  const ID = '5fce94b7dc76150019710806';
  const VAR_A = '6501a2b3c4d5e6f708192a50';
  const VAR_B = '6501a2b3c4d5e6f708192a51';
  const base = (steps: JsonObject[]): JsonObject => ({
    name: 'Naming',
    trigger: { id: '1', eventName: 'kustomer.conversation.create', transitions: [] },
    steps,
  });

  /** app-settings as init suggests it for one workflow of these steps (with what a pull knows, when given). */
  const appSettingsFor = (steps: JsonObject[], pulled: Partial<InitOptions> = {}): JsonObject => {
    const { config } = suggestConfig([{ source: 'a.json', workflow: base(steps) }], {
      app: 'acme',
      version: '1.0.0',
      ...pulled,
    });
    return (config['options'] as JsonObject)['app-settings'] as JsonObject;
  };

  test('an id under a bare "id" param is named after the action, never idId', () => {
    const { values } = appSettingsFor([
      { id: 'a1', action: 'kustomer.team.update', params: { id: ID }, transitions: [] },
    ]) as { values: JsonObject[] };
    expect(values.map((v) => v['setting'])).toEqual(['ids.teamId']);
  });

  test('a variable inside a URI is named after its query parameter or path segment, not "uri"', () => {
    const variables = appSettingsFor([
      {
        id: 'a1',
        action: 'kustomer.rest-api.json',
        params: {
          uri: `https://api.acme.example/accounts/{{{variables.${VAR_A}}}}/orders?region={{{variables.${VAR_B}}}}`,
        },
        transitions: [],
      },
    ])['variables'] as Record<string, { setting: string }>;
    expect(variables[VAR_A]?.setting).toBe('default.accountId');
    expect(variables[VAR_B]?.setting).toBe('default.region');
  });

  test("a pulled variable's org name becomes a readable label", () => {
    const variables = appSettingsFor(
      [
        {
          id: 'a1',
          action: 'kustomer.rest-api.json',
          params: { headers: { Authorization: `Bearer {{{variables.${VAR_A}}}}` } },
          transitions: [],
        },
      ],
      { variables: new Map([[VAR_A, { name: 'acmeApiToken', type: 'secret' }]]) },
    )['variables'] as Record<string, { setting: string; displayName: string }>;
    expect(variables[VAR_A]).toMatchObject({
      setting: 'default.acmeApiToken',
      displayName: 'Acme API token',
    });
  });
});
