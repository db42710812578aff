// The transform command through the CLI entry: inputs, outputs, config errors, exit codes.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runCli, tempDir, SAMPLES } from '../../helpers/cli';

const config = path.join(SAMPLES, 'kwt.config.json');
const exportsDir = path.join(SAMPLES, 'exports');
const expected = fs.readFileSync(path.join(SAMPLES, 'expected-block.json'), 'utf8');

describe('kwt transform', () => {
  test('samples produce the expected block on stdout, summary on stderr', async () => {
    const r = await runCli(['transform', exportsDir, '-c', config], { cwd: tempDir() });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(expected);
    expect(r.stderr).toContain('3 inputs (3 ok), 3 workflows');
    expect(r.stderr).toMatch(
      /changes: strip-metadata \d+, denamespace \d+, rename \d+, swap-hook-events \d+, app-settings \d+/,
    );
  });

  test('-q silences the summary; the exit code does not change', async () => {
    const r = await runCli(['transform', exportsDir, '-c', config, '-q'], { cwd: tempDir() });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
  });

  test('idempotent through the CLI: transforming the block again gives the same bytes', async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'block.json'), expected);
    const r = await runCli(['transform', 'block.json', '-c', config], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(expected);
    expect(r.stderr).toContain('unchanged');
  });

  test('reads stdin with -', async () => {
    const text = fs.readFileSync(path.join(exportsDir, 'order-posted.json'), 'utf8');
    const r = await runCli(['transform', '-', '-c', config], { cwd: tempDir(), stdin: text });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).workflows[0].name).toBe('acme_orders-order-posted');
  });

  test('--out writes a file; --out-dir one file per input', async () => {
    const dir = tempDir();
    const one = await runCli(['transform', exportsDir, '-c', config, '-o', 'out/block.json'], {
      cwd: dir,
    });
    expect(one.code).toBe(0);
    expect(one.stdout).toBe('');
    expect(fs.readFileSync(path.join(dir, 'out/block.json'), 'utf8')).toBe(expected);
    const many = await runCli(['transform', exportsDir, '-c', config, '--out-dir', 'per-input'], {
      cwd: dir,
    });
    expect(many.code).toBe(0);
    expect(fs.readdirSync(path.join(dir, 'per-input')).sort()).toEqual([
      'escalation-mailbox.json',
      'order-posted.json',
      'refund-order.json',
    ]);
    const posted = JSON.parse(
      fs.readFileSync(path.join(dir, 'per-input/order-posted.json'), 'utf8'),
    );
    expect(posted.workflows.map((w: { name: string }) => w.name)).toEqual([
      'acme_orders-order-posted',
    ]);
    expect(posted.hooks.map((h: { eventName: string }) => h.eventName)).toEqual([
      'kustomer.app.acme_orders.order.posted',
    ]);
  });

  test('--out-dir refuses to overwrite an input', async () => {
    const dir = tempDir();
    fs.copyFileSync(
      path.join(exportsDir, 'escalation-mailbox.json'),
      path.join(dir, 'escalation-mailbox.json'),
    );
    const before = fs.readFileSync(path.join(dir, 'escalation-mailbox.json'), 'utf8');
    const r = await runCli(
      ['transform', 'escalation-mailbox.json', '-c', config, '--out-dir', '.'],
      { cwd: dir },
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('would overwrite the input');
    expect(fs.readFileSync(path.join(dir, 'escalation-mailbox.json'), 'utf8')).toBe(before);
  });

  test('--into replaces same-named workflows in place, appends new ones, keeps every other key and order', async () => {
    const dir = tempDir();
    const app = {
      app: 'acme_orders',
      version: '1.1.0',
      title: 'Acme Orders',
      workflows: [
        {
          name: 'acme_orders-order-posted',
          trigger: { id: '1', eventName: 'kustomer.order.create', transitions: [] },
          steps: [],
        },
        {
          name: 'hand-written',
          trigger: { id: '1', eventName: 'kustomer.conversation.create', transitions: [] },
          steps: [],
        },
      ],
      settings: {
        default: {
          apiBaseUrl: { type: 'string', defaultValue: 'https://keep.example', required: true },
        },
      },
      i18n: { en_us: {} },
    };
    fs.writeFileSync(path.join(dir, 'app.json'), JSON.stringify(app, null, 2) + '\n');
    const r = await runCli(['transform', exportsDir, '-c', config, '--into', 'app.json'], {
      cwd: dir,
    });
    expect(r.code).toBe(0);
    const merged = JSON.parse(fs.readFileSync(path.join(dir, 'app.json'), 'utf8'));
    expect(Object.keys(merged)).toEqual([
      'app',
      'version',
      'title',
      'workflows',
      'settings',
      'i18n',
      'hooks',
      'triggers',
    ]);
    expect(merged.workflows.map((w: { name: string }) => w.name)).toEqual([
      'acme_orders-order-posted',
      'hand-written',
      'acme_orders-escalation-mailbox',
      'acme_orders-refund-order',
    ]);
    expect(merged.workflows[0].steps.length).toBeGreaterThan(0);
    // What the app already declares is never overwritten.
    expect(merged.settings.default.apiBaseUrl.defaultValue).toBe('https://keep.example');
    expect(merged.settings.default.apiToken.type).toBe('secret');
    // A second run changes nothing.
    const text = fs.readFileSync(path.join(dir, 'app.json'), 'utf8');
    const again = await runCli(['transform', exportsDir, '-c', config, '--into', 'app.json'], {
      cwd: dir,
    });
    expect(again.code).toBe(0);
    expect(fs.readFileSync(path.join(dir, 'app.json'), 'utf8')).toBe(text);
  });

  test('--into an app of another name is refused before anything is written: its names, events and i18n keys would not fit', async () => {
    const dir = tempDir();
    const text =
      JSON.stringify({ app: 'acme_returns', version: '1.1.0', title: 'Acme Returns' }, null, 2) +
      '\n';
    fs.writeFileSync(path.join(dir, 'app.json'), text);
    const r = await runCli(['transform', exportsDir, '-c', config, '--into', 'app.json'], {
      cwd: dir,
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      'app.json is the app "acme_returns", but this run makes workflows for "acme_orders"',
    );
    expect(fs.readFileSync(path.join(dir, 'app.json'), 'utf8')).toBe(text);
    // Named by --app, as by the config: the same refusal (the target's name cannot be overridden).
    const flag = await runCli(
      ['transform', exportsDir, '-c', config, '--app', 'acme_orders', '--into', 'app.json'],
      { cwd: dir },
    );
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain(
      'app.json is the app "acme_returns", but this run makes workflows for "acme_orders"',
    );
    expect(fs.readFileSync(path.join(dir, 'app.json'), 'utf8')).toBe(text);
  });

  test('-t runs only the named transforms (the partial result does not validate, so --no-validate)', async () => {
    const r = await runCli(
      [
        'transform',
        path.join(exportsDir, 'order-posted.json'),
        '-c',
        config,
        '-t',
        'strip-metadata',
        '--no-validate',
      ],
      {
        cwd: tempDir(),
      },
    );
    expect(r.code).toBe(0);
    const w = JSON.parse(r.stdout).workflows[0];
    expect(w.name).toBe('Order Posted');
    expect(w.rev).toBeUndefined();
    expect(r.stderr).toContain('changes: strip-metadata');
  });

  test('malformed JSON: exit 2 with file:line:column, nothing written', async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'bad.json'), '{\n  "name": "x",\n  "steps": [1,]\n}\n');
    const r = await runCli(['transform', 'bad.json', '--app', 'acme', '-o', 'out.json'], {
      cwd: dir,
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('bad.json:3:15: invalid JSON');
    expect(fs.existsSync(path.join(dir, 'out.json'))).toBe(false);
  });

  test('a file of the wrong shape is refused with what was expected', async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'package.json'), '{"name":"x","version":"1.0.0","scripts":{}}');
    const r = await runCli(['transform', 'package.json', '--app', 'acme'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('package.json: expected a workflow export');
    expect(r.stderr).toContain('found an object with keys name, version, scripts');
  });

  test('one bad input fails the batch and nothing is written; --keep-going writes the rest and still exits 2', async () => {
    const dir = tempDir();
    fs.mkdirSync(path.join(dir, 'in'));
    fs.copyFileSync(
      path.join(exportsDir, 'refund-order.json'),
      path.join(dir, 'in/refund-order.json'),
    );
    fs.writeFileSync(path.join(dir, 'in/empty.json'), '');
    const strict = await runCli(['transform', 'in', '-c', config, '-o', 'out.json'], { cwd: dir });
    expect(strict.code).toBe(2);
    expect(strict.stderr).toContain('in/empty.json: empty file');
    expect(fs.existsSync(path.join(dir, 'out.json'))).toBe(false);
    const going = await runCli(
      ['transform', 'in', '-c', config, '-o', 'out.json', '--keep-going'],
      { cwd: dir },
    );
    expect(going.code).toBe(2);
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'out.json'), 'utf8')).workflows).toHaveLength(
      1,
    );
  });

  test('config problems are all reported at once with the file and key', async () => {
    const dir = tempDir();
    fs.writeFileSync(
      path.join(dir, 'kwt.config.json'),
      JSON.stringify({
        app: 'acme',
        colour: 'red',
        transforms: ['strip-metadata', ['rename', { prefx: 'a-' }], 'nope'],
      }),
    );
    const r = await runCli(['transform', path.join(exportsDir, 'refund-order.json')], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('kwt.config.json: unknown key "colour"');
    expect(r.stderr).toContain('kwt.config.json: transforms[1] (rename): unknown option "prefx"');
    expect(r.stderr).toContain('kwt.config.json: transforms[2]: unknown transform "nope"');
  });

  test('transforms that need the app name say so when there is none', async () => {
    const r = await runCli(['transform', path.join(exportsDir, 'refund-order.json')], {
      cwd: tempDir(),
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no app name');
  });

  test('usage errors exit 2; --help exits 0', async () => {
    expect((await runCli(['transform'], { cwd: tempDir() })).code).toBe(2);
    expect((await runCli(['frobnicate'], { cwd: tempDir() })).code).toBe(2);
    expect((await runCli(['transform', 'x.json', '--bogus'], { cwd: tempDir() })).code).toBe(2);
    const help = await runCli(['--help'], { cwd: tempDir() });
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('kwt transform');
  });

  test('kwt list shows every built-in in default order', async () => {
    const r = await runCli(['list'], { cwd: tempDir() });
    expect(r.code).toBe(0);
    expect(
      r.stdout
        .split('\n')
        .slice(0, 5)
        .map((l) => l.split(/\s+/)[1]),
    ).toEqual(['strip-metadata', 'denamespace', 'rename', 'swap-hook-events', 'app-settings']);
  });
});

test('a called workflow renamed and regenerated into the app without --prune: two names with one id are refused (exit 1)', async () => {
  const dir = tempDir();
  fs.cpSync(path.join(SAMPLES, 'exports'), path.join(dir, 'exports'), { recursive: true });
  fs.copyFileSync(path.join(SAMPLES, 'kwt.config.json'), path.join(dir, 'kwt.config.json'));
  fs.writeFileSync(
    path.join(dir, 'app.json'),
    JSON.stringify({ app: 'acme_orders', version: '1.1.0', title: 'Acme orders' }, null, 2),
  );
  expect(
    (await runCli(['transform', 'exports', '--into', 'app.json', '-q'], { cwd: dir })).code,
  ).toBe(0);
  const file = path.join(dir, 'exports', 'refund-order.json');
  fs.writeFileSync(
    file,
    fs.readFileSync(file, 'utf8').replace('"Refund Order"', '"Refund Orders"'),
  );
  const r = await runCli(['transform', 'exports', '--into', 'app.json'], { cwd: dir });
  expect(r.code).toBe(1);
  expect(r.stderr).toMatch(
    /"acme_orders-refund-orders" is also the id of "acme_orders-refund-order".*\[duplicate-workflow-id\]/,
  );
  expect(
    (await runCli(['transform', 'exports', '--into', 'app.json', '--prune', '-q'], { cwd: dir }))
      .code,
  ).toBe(0);
});

test('an editor-exported callable (its id only in its trigger) and the workflow that calls it transform without a hand edit', async () => {
  const dir = tempDir();
  fs.cpSync(path.join(SAMPLES, 'exports'), path.join(dir, 'exports'), { recursive: true });
  fs.copyFileSync(path.join(SAMPLES, 'kwt.config.json'), path.join(dir, 'kwt.config.json'));
  // The editor's JSON: the workflow itself, no JSON:API wrapper and no root id.
  const file = path.join(dir, 'exports', 'refund-order.json');
  const { data } = JSON.parse(fs.readFileSync(file, 'utf8')) as {
    data: { id: string; attributes: Record<string, unknown> };
  };
  fs.writeFileSync(file, JSON.stringify(data.attributes, null, 2));
  const r = await runCli(['transform', 'exports', '-o', 'block.json'], { cwd: dir });
  expect(r.stderr).not.toMatch(/workflow-call/);
  expect(r.code).toBe(0);
  const block = JSON.parse(fs.readFileSync(path.join(dir, 'block.json'), 'utf8')) as {
    workflows: { name: string; id?: string }[];
  };
  expect(block.workflows.find((w) => w.name === 'acme_orders-refund-order')?.id).toBe(data.id);
  // Without a caller it is still the callable's own id, but nothing references it: it is not kept.
  fs.rmSync(path.join(dir, 'exports', 'escalation-mailbox.json'));
  expect((await runCli(['transform', 'exports', '-o', 'block.json'], { cwd: dir })).code).toBe(0);
});
