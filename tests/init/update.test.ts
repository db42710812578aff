// init --update: run again when the org gains workflows; what the new exports need is added, every entry the user
// edited or renamed is kept, a new setting or event never takes a name the config already gives something else, and
// the result transforms cleanly. A second run adds nothing.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runCli, SAMPLES, tempDir } from '../helpers/cli';
import { updateConfig } from '../../src/init/update';

test('updateConfig adds only what is missing, keeps every edit, and keeps names one meaning each', () => {
  const existing = {
    app: 'acme_orders',
    version: '1.2.0',
    options: {
      'swap-hook-events': {
        events: { 'kustomer.hooks.form.a1.receive': { name: 'order-posted', description: 'mine' } },
      },
      'app-settings': {
        variables: { v1: { setting: 'default.apiToken', type: 'secret' } },
        values: [
          {
            match: 'https://api.acme.example',
            setting: 'default.apiBaseUrl',
            description: 'edited',
          },
        ],
      },
    },
  };
  const suggested = {
    app: 'acme_orders',
    version: '0.0.1',
    options: {
      'swap-hook-events': {
        events: {
          'kustomer.hooks.form.a1.receive': { name: 'order-posted-suggested' },
          'kustomer.hooks.form.b2.receive': { name: 'order-posted' },
        },
      },
      'app-settings': {
        variables: {
          v1: { setting: 'default.token' },
          v2: { setting: 'default.apiToken', type: 'secret' },
        },
        values: [
          { match: 'https://api.acme.example', setting: 'default.acmeBaseUrl' },
          { match: 'https://partner.example', setting: 'default.apiBaseUrl' },
        ],
      },
      rename: { names: { 'Order Posted': 'order-posted-2' } },
    },
  };
  const { config, added } = updateConfig(existing, suggested);
  expect(config['version']).toBe('1.2.0');
  const options = config['options'] as Record<string, Record<string, unknown>>;
  expect(options['swap-hook-events']!['events']).toEqual({
    'kustomer.hooks.form.a1.receive': { name: 'order-posted', description: 'mine' },
    'kustomer.hooks.form.b2.receive': { name: 'order-posted-2' },
  });
  expect(options['app-settings']!['variables']).toEqual({
    v1: { setting: 'default.apiToken', type: 'secret' },
    v2: { setting: 'default.apiToken2', type: 'secret' },
  });
  expect(options['app-settings']!['values']).toEqual([
    { match: 'https://api.acme.example', setting: 'default.apiBaseUrl', description: 'edited' },
    { match: 'https://partner.example', setting: 'default.apiBaseUrl2' },
  ]);
  expect(options['rename']).toEqual({ names: { 'Order Posted': 'order-posted-2' } });
  expect(added).toHaveLength(4);
  // Idempotent: updating the result with the same suggestion adds nothing.
  expect(updateConfig(config, suggested).added).toEqual([]);
});

test('kwt init --update after the org gained a workflow: the new hook, host and id are added, edits kept, transform exits 0', async () => {
  const dir = tempDir();
  fs.cpSync(path.join(SAMPLES, 'exports'), path.join(dir, 'exports'), { recursive: true });
  expect(
    (
      await runCli(
        ['init', 'exports', '--app', 'acme_orders', '--app-version', '1.0.0', '--write', '-q'],
        { cwd: dir },
      )
    ).code,
  ).toBe(0);
  const file = path.join(dir, 'kwt.config.json');
  const config = JSON.parse(fs.readFileSync(file, 'utf8')) as {
    options: { 'app-settings': { values: { setting: string; description?: string }[] } };
  };
  config.options['app-settings'].values[0]!.setting = 'default.apiBaseUrl';
  config.options['app-settings'].values[0]!.description = 'Chosen by a person';
  fs.writeFileSync(file, JSON.stringify(config, null, 4) + '\n');
  // A new workflow in the org: its own form hook, a partner host, an org queue id.
  const order = fs.readFileSync(path.join(dir, 'exports', 'order-posted.json'), 'utf8');
  const added = order
    .replaceAll('6501a2b3c4d5e6f708192a3b', '6501a2b3c4d5e6f708192b7c')
    .replaceAll('https://api.acme-orders.example', 'https://partner.acme-shipping.example')
    .replaceAll('5fce94b7dc76150019710806', '5fce94b7dc76150019719999')
    .replace(/"name": "Order Posted"/, '"name": "Shipment Posted"')
    .replace(/"id": "7701[0-9a-f]+"/, '"id": "7701a2b3c4d5e6f708199999"');
  fs.writeFileSync(path.join(dir, 'exports', 'shipment-posted.json'), added);
  const update = await runCli(['init', 'exports', '--update'], { cwd: dir });
  expect(update.code).toBe(0);
  expect(update.stderr).toContain(
    'kwt init: added swap-hook-events.events: kustomer.hooks.form.6501a2b3c4d5e6f708192b7c.receive',
  );
  expect(update.stderr).toContain('https://partner.acme-shipping.example');
  const text = fs.readFileSync(file, 'utf8');
  expect(text).toContain('"description": "Chosen by a person"');
  expect(text).toContain('"setting": "default.apiBaseUrl"');
  // Its own style is kept (4 spaces), and nothing it had was dropped.
  expect(text.startsWith('{\n    "app": "acme_orders",')).toBe(true);
  const t = await runCli(['transform', 'exports', '-o', 'block.json'], { cwd: dir });
  expect(t.code).toBe(0);
  // The workflows hold settings references; the org's hook and queue ids are nowhere (a host may stay as a default).
  const block = JSON.parse(fs.readFileSync(path.join(dir, 'block.json'), 'utf8')) as {
    workflows: unknown[];
  };
  const workflows = JSON.stringify(block.workflows);
  for (const org of [
    '6501a2b3c4d5e6f708192b7c',
    'partner.acme-shipping.example',
    '5fce94b7dc76150019719999',
  ])
    expect(workflows).not.toContain(org);
  expect(JSON.stringify(block)).not.toContain('5fce94b7dc76150019719999');
  const again = await runCli(['init', 'exports', '--update'], { cwd: dir });
  expect(again.stderr).toContain('already has what the exports need');
  expect(fs.readFileSync(file, 'utf8')).toBe(text);
});

test('--update and --write together, or --update without a config, are usage errors', async () => {
  const dir = tempDir();
  fs.cpSync(path.join(SAMPLES, 'exports'), path.join(dir, 'exports'), { recursive: true });
  expect(
    (await runCli(['init', 'exports', '--update', '--write', 'x.json'], { cwd: dir })).code,
  ).toBe(2);
  const none = await runCli(['init', 'exports', '--update'], { cwd: dir });
  expect(none.code).toBe(2);
  expect(none.stderr).toContain('kwt.config.json');
  expect((await runCli(['init', 'exports'], { cwd: dir })).stderr).toContain(
    'init needs the app name: --app NAME',
  );
});

test('a credential added by --update is named by where it goes, never by its value', () => {
  const secret = 'sk_live_' + 'Z9'.repeat(14);
  const { added, config } = updateConfig(
    { app: 'acme_orders', options: {} },
    {
      options: {
        'app-settings': {
          credentials: [{ match: secret, setting: 'default.stripeKey', type: 'secret' }],
        },
      },
    },
  );
  expect(added).toEqual(['app-settings.credentials: a credential -> default.stripeKey']);
  expect(JSON.stringify(config)).toContain('default.stripeKey');
});

test('init refuses a FIFO where the pull manifest goes instead of blocking on it (the reader pull uses)', async () => {
  const dir = tempDir();
  fs.cpSync(path.join(SAMPLES, 'exports'), path.join(dir, 'exports'), { recursive: true });
  require('node:child_process').execFileSync('mkfifo', [
    path.join(dir, 'exports', '.kwt-pull.json'),
  ]);
  const r = await runCli(['init', 'exports', '--app', 'acme_orders'], { cwd: dir });
  expect(r.code).toBe(2);
  expect(r.stderr).toContain('.kwt-pull.json: is not a regular file');
});
