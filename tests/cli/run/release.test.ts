// `kwt release`: every class of change between two app definitions and its bump, the policy from the config, the
// version check over a bump table, --write (version, config, changelog, the file's style), and bases read through git.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { JsonObject } from '../../../src/core/json';
import { DEFAULT_POLICY, resolvePolicy } from '../../../src/core/release-policy';
import { diffApps } from '../../../src/release/app-diff';
import { judgeVersion } from '../../../src/release/versions';
import { runCli, SAMPLES, tempDir } from '../../helpers/cli';

/** The samples' block as a released app definition: the base every case below changes. */
function baseApp(): JsonObject {
  const block = JSON.parse(
    fs.readFileSync(path.join(SAMPLES, 'expected-block.json'), 'utf8'),
  ) as JsonObject;
  return {
    app: 'acme_orders',
    version: '1.1.0',
    title: 'Acme orders',
    description: 'Orders from Acme',
    roles: ['org.user.customer.read', 'org.user.conversation.read'],
    dependencies: ['other_ecomm_app-^1.4.0'],
    klasses: [{ name: 'acme_order', description: 'An Acme order' }],
    ...block,
  };
}

type Edit = (app: JsonObject & Record<string, any>) => void; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Each case: an edit of the base, the kinds of change it makes (in order), and the bump they ask for together. */
const CASES: [string, Edit, string[], string][] = [
  ['nothing', () => undefined, [], 'none'],
  ['roles added', (a) => a.roles.push('org.user.message.read'), ['roles-changed'], 'major'],
  ['roles removed', (a) => a.roles.pop(), ['roles-changed'], 'major'],
  ['roles reordered only', (a) => a.roles.reverse(), [], 'none'],
  ['workflow removed', (a) => a.workflows.pop(), ['workflow-removed'], 'major'],
  ['workflow renamed', (a) => (a.workflows[0].name += '-v2'), ['workflow-renamed'], 'major'],
  [
    'workflow added',
    (a) => a.workflows.push({ ...a.workflows[0], name: 'acme_orders-new', steps: [] }),
    ['workflow-added'],
    'minor',
  ],
  [
    'workflow step changed',
    (a) => (a.workflows[1].steps[0].id = 'renamed-step'),
    ['workflow-changed'],
    'patch',
  ],
  [
    'workflow description changed',
    (a) => (a.workflows[1].description = 'Now better'),
    ['workflow-changed'],
    'patch',
  ],
  ['setting removed', (a) => delete a.settings.default.region, ['setting-removed'], 'major'],
  [
    'setting renamed',
    (a) => {
      a.settings.default.acmeRegion = a.settings.default.region;
      delete a.settings.default.region;
    },
    ['setting-renamed'],
    'major',
  ],
  [
    'setting type changed',
    (a) => (a.settings.default.region.type = 'number'),
    ['setting-type-changed'],
    'major',
  ],
  [
    'required setting without default added',
    (a) => (a.settings.default.tenant = { type: 'string', required: true }),
    ['setting-required-added'],
    'major',
  ],
  [
    'setting became required without default',
    (a) => (a.settings.default.region.required = true),
    ['setting-required-added'],
    'major',
  ],
  [
    'optional setting added',
    (a) => (a.settings.default.tenant = { type: 'string', required: false, defaultValue: '' }),
    ['setting-added'],
    'minor',
  ],
  [
    'required setting with a default added',
    (a) => (a.settings.default.tenant = { type: 'string', required: true, defaultValue: 'acme' }),
    ['setting-added'],
    'minor',
  ],
  [
    'setting description changed',
    (a) => (a.settings.default.region.description = 'The region'),
    ['setting-changed'],
    'patch',
  ],
  ['hook removed', (a) => a.hooks.pop(), ['hook-removed'], 'major'],
  [
    'hook event name changed',
    (a) => (a.hooks[0].eventName = 'kustomer.app.acme_orders.order.escalated2'),
    ['hook-renamed'],
    'major',
  ],
  [
    'hook added',
    (a) =>
      a.hooks.push({ eventName: 'kustomer.app.acme_orders.x', displayEventName: 'X', type: 'web' }),
    ['hook-added'],
    'minor',
  ],
  ['hook text changed', (a) => (a.hooks[0].description = 'Escalations'), ['hook-changed'], 'patch'],
  ['trigger removed', (a) => a.triggers.pop(), ['trigger-removed'], 'major'],
  [
    'trigger added',
    (a) => a.triggers.push({ eventName: 'kustomer.app.acme_orders.y', description: 'Y' }),
    ['trigger-added'],
    'minor',
  ],
  [
    'trigger changed',
    (a) => (a.triggers[0].outputTemplate = { id: '/#steps.1.id' }),
    ['trigger-changed'],
    'patch',
  ],
  [
    'dependency added',
    (a) => a.dependencies.push('shopify_app-^2.0.0'),
    ['dependency-added'],
    'minor',
  ],
  ['dependency removed', (a) => a.dependencies.pop(), ['dependency-removed'], 'patch'],
  [
    'dependency range changed',
    (a) => (a.dependencies[0] = 'other_ecomm_app-^1.5.0'),
    ['dependency-changed'],
    'patch',
  ],
  [
    'i18n text changed',
    (a) => (a.i18n.en_us['acme_orders.settings.page.title'] = 'Acme'),
    ['i18n-changed'],
    'patch',
  ],
  ['listing title changed', (a) => (a.title = 'Acme Orders'), ['listing-changed'], 'patch'],
  [
    'listing icon added',
    (a) => (a.iconUrl = 'https://example.com/i.png'),
    ['listing-changed'],
    'patch',
  ],
  ['component removed', (a) => a.klasses.pop(), ['component-removed'], 'major'],
  ['component added', (a) => (a.kviews = [{ name: 'acme_view' }]), ['component-added'], 'minor'],
  [
    'component changed',
    (a) => (a.klasses[0].description = 'Order'),
    ['component-changed'],
    'patch',
  ],
  [
    'version and changelog only',
    (a) => ((a.version = '1.2.0'), (a.changelog = { '1.2.0': 'x' })),
    [],
    'none',
  ],
  [
    "the app's own version references only",
    (a) => {
      for (const w of a.workflows)
        for (const s of w.steps)
          if (/^acme_orders-\^/.test(s.appVersion)) s.appVersion = 'acme_orders-^9.9.9';
      a.workflows[0].steps.push({
        id: 'z',
        action: 'kustomer.app.acme_orders.x',
        appVersion: 'acme_orders-^1.1.0',
      });
    },
    ['workflow-changed'],
    'patch',
  ],
];

describe('the diff classifies every kind of change', () => {
  test.each(CASES)('%s', (_name, edit, kinds, bump) => {
    const base = baseApp();
    const next = structuredClone(base);
    edit(next);
    const diff = diffApps(base, next, DEFAULT_POLICY);
    expect(diff.changes.map((c) => c.kind)).toEqual(kinds);
    expect(diff.bump).toBe(bump);
    for (const c of diff.changes) expect(c.reason).toBe(DEFAULT_POLICY[c.kind].reason);
  });

  test('two identical candidates for a rename are a removal and additions, not a guess', () => {
    const base = baseApp();
    const next = structuredClone(base) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    const [first] = next['workflows'].splice(0, 1);
    next['workflows'].push({ ...first, name: 'a' }, { ...first, name: 'b' });
    expect(diffApps(base, next, DEFAULT_POLICY).changes.map((c) => c.kind)).toEqual([
      'workflow-removed',
      'workflow-added',
      'workflow-added',
    ]);
  });

  test('no value of a setting reaches the words (a secret default stays out of the report)', () => {
    const base = baseApp();
    const next = structuredClone(base) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    next['settings'].default.apiToken.defaultValue = 'sk_live_' + 'Zx9Yw8Vu7Ts6Rq5Po4Nm3Lk2';
    const [change] = diffApps(base, next, DEFAULT_POLICY).changes;
    expect(change?.text).toBe('setting "default.apiToken" changed (defaultValue)');
  });
});

describe('the policy is data the config adjusts', () => {
  test('an override changes the bump and says so in the reason', () => {
    const { policy, problems } = resolvePolicy({
      'workflow-removed': 'minor',
      'listing-changed': { bump: 'minor', reason: 'we announce listing changes' },
    });
    expect(problems).toEqual([]);
    expect(policy['workflow-removed'].bump).toBe('minor');
    expect(policy['listing-changed'].reason).toBe('we announce listing changes');
  });

  test.each([
    [{ 'roles-changed': 'minor' }, /roles-changed: stays "major"/],
    [{ 'workflow-gone': 'minor' }, /"workflow-gone" is not a kind of change/],
    [{ 'workflow-removed': 'huge' }, /expected "major", "minor" or "patch"/],
  ])('%j is refused', (given, message) => {
    expect(resolvePolicy(given).problems.join('\n')).toMatch(message);
  });

  test('from kwt.config.json: a removal under a minor policy asks for minor; a bad policy exits 2', async () => {
    const dir = tempDir();
    const base = baseApp();
    const next = structuredClone(base) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    next['workflows'].pop();
    next['version'] = '1.2.0';
    fs.writeFileSync(path.join(dir, 'base.json'), JSON.stringify(base));
    fs.writeFileSync(path.join(dir, 'app.json'), JSON.stringify(next));
    expect(
      (await runCli(['release', 'app.json', '--base', 'base.json', '--check'], { cwd: dir })).code,
    ).toBe(1);
    fs.writeFileSync(
      path.join(dir, 'kwt.config.json'),
      JSON.stringify({ release: { policy: { 'workflow-removed': 'minor' } } }),
    );
    const r = await runCli(
      ['release', 'app.json', '--base', 'base.json', '--check', '--report', 'json'],
      { cwd: dir },
    );
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({
      bump: 'minor',
      changes: [{ kind: 'workflow-removed', bump: 'minor' }],
    });
    fs.writeFileSync(
      path.join(dir, 'kwt.config.json'),
      JSON.stringify({ release: { policy: { 'roles-changed': 'patch' } } }),
    );
    const bad = await runCli(['release', 'app.json', '--base', 'base.json'], { cwd: dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/roles-changed: stays "major"/);
  });
});

describe('--check over a bump table', () => {
  // base 1.4.2; [required bump, new version, exit code]
  const TABLE: [string, string, number][] = [
    ['patch', '1.4.3', 0],
    ['patch', '1.5.0', 0],
    ['minor', '1.4.3', 1],
    ['minor', '1.5.0', 0],
    ['minor', '1.5.0-beta.1', 0],
    ['minor', '1.4.3-beta.1', 1],
    ['major', '1.5.0', 1],
    ['major', '2.0.0', 0],
    ['major', '2.0.0-rc.1', 0],
    ['none', '1.4.2', 1],
    ['patch', '1.4.2', 1],
    ['patch', '1.4.1', 1],
    ['none', '1.4.1', 1],
    ['none', '1.4.3', 0],
    ['patch', '01.4.3', 1],
    ['patch', 'v1.4.3', 1],
  ];
  test.each(TABLE)('%s changes, version %s: exit %i', async (bump, version, code) => {
    const edits: Record<string, Edit> = {
      none: () => undefined,
      patch: (a) => (a.title = 'Acme Orders'),
      minor: (a) => a.hooks.push({ eventName: 'kustomer.app.acme_orders.x', type: 'web' }),
      major: (a) => a.roles.push('org.user.message.read'),
    };
    const dir = tempDir();
    const base = { ...baseApp(), version: '1.4.2' };
    const next = structuredClone(base);
    edits[bump]?.(next);
    next['version'] = version;
    fs.writeFileSync(path.join(dir, 'base.json'), JSON.stringify(base));
    fs.writeFileSync(path.join(dir, 'app.json'), JSON.stringify(next));
    const r = await runCli(['release', 'app.json', '--base', 'base.json', '--check'], { cwd: dir });
    expect(r.code).toBe(code);
    expect(judgeVersion('1.4.2', version, bump as never).ok).toBe(code === 0);
    if (code === 1) expect(r.stdout).toMatch(/^version: /m);
  });
});

describe('--write', () => {
  test('sets the next version in the app and the config, adds the changelog entry, keeps the file style; validate accepts it', async () => {
    const dir = tempDir();
    const base = baseApp();
    const next = structuredClone(base) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    const added = { ...next['workflows'][0], name: 'acme_orders-new' };
    delete added.id;
    next['workflows'].push(added);
    next['title'] = 'Acme Orders';
    fs.writeFileSync(path.join(dir, 'base.json'), JSON.stringify(base));
    // Four spaces and CRLF: the file's own style stays.
    fs.writeFileSync(
      path.join(dir, 'app.json'),
      JSON.stringify(next, null, 4).replace(/\n/g, '\r\n') + '\r\n',
    );
    fs.writeFileSync(
      path.join(dir, 'kwt.config.json'),
      '{\n  "app": "acme_orders",\n  "version": "1.1.0"\n}\n',
    );
    const r = await runCli(['release', 'app.json', '--base', 'base.json', '--write'], {
      cwd: dir,
      env: { SOURCE_DATE_EPOCH: '1796000000' },
    });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/wrote version 1\.2\.0 with its changelog entry/);
    const text = fs.readFileSync(path.join(dir, 'app.json'), 'utf8');
    expect(text).toMatch(/^\{\r\n {4}"app"/);
    const written = JSON.parse(text) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(written['version']).toBe('1.2.0');
    expect(written['changelog']).toEqual({
      '1.2.0':
        'November 2026\n\n- Workflow "acme_orders-new" added\n- Listing detail "title" changed',
    });
    expect(fs.readFileSync(path.join(dir, 'kwt.config.json'), 'utf8')).toBe(
      '{\n  "app": "acme_orders",\n  "version": "1.2.0"\n}\n',
    );
    const validated = await runCli(['validate', 'app.json'], { cwd: dir });
    expect(validated.stdout + validated.stderr).toMatch(/0 errors/);
    expect(validated.code).toBe(0);
    expect(
      (await runCli(['release', 'app.json', '--base', 'base.json', '--check'], { cwd: dir })).code,
    ).toBe(0);
    // A second --write finds the version enough and the entry there: nothing changes.
    const again = await runCli(['release', 'app.json', '--base', 'base.json', '--write'], {
      cwd: dir,
    });
    expect(again.stdout).toMatch(/kept as written/);
    expect(fs.readFileSync(path.join(dir, 'app.json'), 'utf8')).toBe(text);
  });

  test('a version already enough is kept; --preid picks a pre-release; a hand-written entry stays', async () => {
    const dir = tempDir();
    const base = baseApp();
    const next = {
      ...structuredClone(base),
      version: '2.0.0-beta.3',
      changelog: { '2.0.0-beta.3': 'Our words' },
    } as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    next['roles'].push('org.user.message.read');
    fs.writeFileSync(path.join(dir, 'base.json'), JSON.stringify(base));
    fs.writeFileSync(path.join(dir, 'app.json'), JSON.stringify(next));
    await runCli(['release', 'app.json', '--base', 'base.json', '--write', '-q'], { cwd: dir });
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'app.json'), 'utf8'))).toMatchObject({
      version: '2.0.0-beta.3',
      changelog: { '2.0.0-beta.3': 'Our words' },
    });
    next['version'] = '1.1.0';
    delete next['changelog'];
    fs.writeFileSync(path.join(dir, 'app.json'), JSON.stringify(next));
    await runCli(['release', 'app.json', '--base', 'base.json', '--write', '--preid', 'beta'], {
      cwd: dir,
    });
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'app.json'), 'utf8')).version).toBe(
      '2.0.0-beta.1',
    );
  });

  test('--check with --write, --write of stdin, and two apps are refused (exit 2)', async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'base.json'), JSON.stringify({ ...baseApp(), app: 'other' }));
    fs.writeFileSync(path.join(dir, 'app.json'), JSON.stringify(baseApp()));
    expect(
      (
        await runCli(['release', 'app.json', '--base', 'base.json', '--check', '--write'], {
          cwd: dir,
        })
      ).code,
    ).toBe(2);
    expect((await runCli(['release', '-', '--write'], { cwd: dir, stdin: '{}' })).code).toBe(2);
    const two = await runCli(['release', 'app.json', '--base', 'base.json'], { cwd: dir });
    expect(two.code).toBe(2);
    expect(two.stderr).toMatch(/is the app "other", but app.json is "acme_orders"/);
  });
});

describe('end to end with transform and git', () => {
  const git = (dir: string, ...args: string[]): string =>
    execFileSync('git', ['-c', 'user.email=kwt@example.com', '-c', 'user.name=kwt', ...args], {
      cwd: dir,
      encoding: 'utf8',
    });

  test('regenerate, compare with the tagged release, write the version, and transform --check agrees', async () => {
    const dir = tempDir();
    fs.cpSync(path.join(SAMPLES, 'exports'), path.join(dir, 'exports'), { recursive: true });
    const config = JSON.parse(
      fs.readFileSync(path.join(SAMPLES, 'kwt.config.json'), 'utf8'),
    ) as JsonObject;
    delete config['$schema'];
    fs.writeFileSync(path.join(dir, 'kwt.config.json'), JSON.stringify(config, null, 2) + '\n');
    fs.writeFileSync(
      path.join(dir, 'app.json'),
      JSON.stringify({ app: 'acme_orders', version: '1.1.0', title: 'Acme orders' }, null, 2) +
        '\n',
    );
    expect(
      (await runCli(['transform', 'exports', '--into', 'app.json', '-q'], { cwd: dir })).code,
    ).toBe(0);
    git(dir, 'init', '-q');
    git(dir, 'add', '-A');
    git(dir, 'commit', '-qm', 'release 1.1.0');
    git(dir, 'tag', 'v1.1.0');
    // The org drops a workflow: regenerate with --prune.
    fs.rmSync(path.join(dir, 'exports', 'escalation-mailbox.json'));
    expect(
      (await runCli(['transform', 'exports', '--into', 'app.json', '--prune', '-q'], { cwd: dir }))
        .code,
    ).toBe(0);
    const check = await runCli(
      ['release', 'app.json', '--base', 'git:v1.1.0:app.json', '--check'],
      { cwd: dir },
    );
    expect(check.code).toBe(1);
    expect(check.stdout).toMatch(/the changes ask for a major bump/);
    expect(check.stdout).toMatch(/major {2}workflow "acme_orders-escalation-mailbox" removed/);
    const write = await runCli(
      ['release', 'app.json', '--base', 'git:v1.1.0:app.json', '--write'],
      { cwd: dir },
    );
    expect(write.code).toBe(0);
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'app.json'), 'utf8')).version).toBe('2.0.0');
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'kwt.config.json'), 'utf8')).version).toBe(
      '2.0.0',
    );
    // The app's references to its own version moved with it, so the block is still what transform makes.
    const up = await runCli(['transform', 'exports', '--into', 'app.json', '--check', '-q'], {
      cwd: dir,
    });
    expect(up.code).toBe(0);
    expect(fs.readFileSync(path.join(dir, 'app.json'), 'utf8')).toContain('"acme_orders-^2.0.0"');
  });

  test('a git base that does not exist is an input error naming it', async () => {
    const dir = tempDir();
    git(dir, 'init', '-q');
    fs.writeFileSync(path.join(dir, 'app.json'), JSON.stringify(baseApp()));
    const r = await runCli(['release', 'app.json', '--base', 'git:v9.9.9:app.json'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/git:v9\.9\.9:app\.json: git could not read it/);
    expect(
      (await runCli(['release', 'app.json', '--base', 'git:--output=x:app.json'], { cwd: dir }))
        .code,
    ).toBe(2);
  });
});

describe('reports', () => {
  test('json has bump and changes as documented; markdown is a table with names made inert', async () => {
    const dir = tempDir();
    const base = baseApp();
    const next = structuredClone(base) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    next['workflows'][0].name = 'acme|<b>x</b>';
    next['version'] = '2.0.0';
    fs.writeFileSync(path.join(dir, 'base.json'), JSON.stringify(base));
    fs.writeFileSync(path.join(dir, 'app.json'), JSON.stringify(next));
    const json = JSON.parse(
      (
        await runCli(['release', 'app.json', '--base', 'base.json', '--report', 'json'], {
          cwd: dir,
        })
      ).stdout,
    );
    expect(json).toMatchObject({
      bump: 'major',
      versionOk: true,
      changes: [{ kind: 'workflow-renamed', name: 'acme|<b>x</b>', bump: 'major' }],
    });
    for (const c of json.changes)
      expect(Object.keys(c)).toEqual(['kind', 'name', 'bump', 'reason', 'text']);
    const md = (
      await runCli(['release', 'app.json', '--base', 'base.json', '--report', 'markdown'], {
        cwd: dir,
      })
    ).stdout;
    expect(md).toContain('| Bump | Change | Why |');
    expect(md).toContain('acme\\|&lt;b&gt;x&lt;/b&gt;');
    expect(md).not.toContain('<b>');
  });
});

describe('versions are read by the semver package everywhere', () => {
  test.each(['01.02.03', 'v1.2.0', '1.2', '1.2.0-', '1.2.0-01'])(
    '--app-version %s is refused (exit 2), as is a config or app version',
    async (version) => {
      const dir = tempDir();
      fs.cpSync(path.join(SAMPLES, 'exports'), path.join(dir, 'exports'), { recursive: true });
      const r = await runCli(
        ['transform', 'exports', '--app', 'acme_orders', '--app-version', version, '--dry-run'],
        { cwd: dir },
      );
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`version "${version}" is not a semantic version`);
      fs.writeFileSync(
        path.join(dir, 'app.json'),
        JSON.stringify({ app: 'acme_orders', version, title: 'T' }),
      );
      expect((await runCli(['validate', 'app.json'], { cwd: dir })).code).toBe(1);
    },
  );
});

test('--write never replaces a changelog of another shape (the team wrote it): exit 2, nothing written', async () => {
  const dir = tempDir();
  const base = baseApp();
  const next = {
    ...structuredClone(base),
    title: 'New title',
    changelog: 'Our notes, as one text',
  };
  fs.writeFileSync(path.join(dir, 'base.json'), JSON.stringify(base));
  fs.writeFileSync(path.join(dir, 'app.json'), JSON.stringify(next));
  const r = await runCli(['release', 'app.json', '--base', 'base.json', '--write'], { cwd: dir });
  expect(r.code).toBe(2);
  expect(r.stderr).toMatch(/"changelog" is not an object/);
  expect(JSON.parse(fs.readFileSync(path.join(dir, 'app.json'), 'utf8')).changelog).toBe(
    'Our notes, as one text',
  );
});
