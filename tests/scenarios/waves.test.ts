// Working in waves: --only/--exclude choose workflows by name, a call to one left out is an error unless the app has
// it, and --into finds (and with --prune removes) the app's workflows that no export produces any more.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runCli, tempDir, SAMPLES } from '../helpers/cli';

/** The samples in a project: escalation-mailbox calls refund-order (by id 6501a2b3c4d5e6f708192a60). */
function project(): string {
  const dir = tempDir();
  fs.mkdirSync(path.join(dir, 'exports'));
  for (const f of fs.readdirSync(path.join(SAMPLES, 'exports')))
    fs.copyFileSync(path.join(SAMPLES, 'exports', f), path.join(dir, 'exports', f));
  fs.copyFileSync(path.join(SAMPLES, 'kwt.config.json'), path.join(dir, 'kwt.config.json'));
  fs.writeFileSync(
    path.join(dir, 'app.json'),
    JSON.stringify(
      { app: 'acme_orders', version: '1.1.0', title: 'Acme', workflows: [] },
      null,
      2,
    ) + '\n',
  );
  return dir;
}

const names = (dir: string): string[] =>
  (
    JSON.parse(fs.readFileSync(path.join(dir, 'app.json'), 'utf8')) as {
      workflows: { name: string }[];
    }
  ).workflows.map((w) => w.name);

test('--only and --exclude choose workflows by export name (globs, any case); a glob that matches nothing is a usage error', async () => {
  const dir = project();
  const only = await runCli(['transform', 'exports', '--only', 'order*', '--only', 'REFUND *'], {
    cwd: dir,
  });
  expect(only.code).toBe(0);
  expect(
    (JSON.parse(only.stdout) as { workflows: { name: string }[] }).workflows.map((w) => w.name),
  ).toEqual(['acme_orders-order-posted', 'acme_orders-refund-order']);
  const excluded = await runCli(['transform', 'exports', '--exclude', 'escalation*'], { cwd: dir });
  expect(excluded.code).toBe(0);
  expect(excluded.stdout).not.toContain('escalation');
  // With --out-dir, an input none of whose workflows is chosen gets no file.
  expect(
    (await runCli(['transform', 'exports', '--only', 'Refund*', '--out-dir', 'out'], { cwd: dir }))
      .code,
  ).toBe(0);
  expect(fs.readdirSync(path.join(dir, 'out'))).toEqual(['refund-order.json']);
  const typo = await runCli(
    ['transform', 'exports', '--only', 'order*', '--exclude', 'nothing-like-this'],
    { cwd: dir },
  );
  expect(typo.code).toBe(2);
  expect(typo.stderr).toContain('"nothing-like-this" matches no workflow name');
});

test('leaving out a workflow that a chosen one calls is an error naming both, unless the --into app already has it', async () => {
  const dir = project();
  const alone = await runCli(
    ['transform', 'exports', '--only', 'Escalation*', '--into', 'app.json'],
    { cwd: dir },
  );
  expect(alone.code).toBe(1);
  expect(alone.stderr).toMatch(
    /\(Escalation Mailbox\): calls or schedules "Refund Order" \(6501a2b3c4d5e6f708192a60\).*\[input\/selection\]/,
  );
  expect(names(dir)).toEqual([]);
  // Wave 1 ships the called workflow; wave 2 may then call it.
  expect(
    (
      await runCli(['transform', 'exports', '--only', 'Refund*', '--into', 'app.json'], {
        cwd: dir,
      })
    ).code,
  ).toBe(0);
  const wave2 = await runCli(
    ['transform', 'exports', '--only', 'Escalation*', '--into', 'app.json'],
    { cwd: dir },
  );
  expect(wave2.code).toBe(0);
  expect(names(dir)).toEqual(['acme_orders-refund-order', 'acme_orders-escalation-mailbox']);
  // A wave is not the whole set: it reports nothing stale.
  expect(wave2.stderr).not.toContain('stale');
});

test('a workflow no export produces any more is a warning in --check; --prune removes it, never a hand-written one', async () => {
  const dir = project();
  const app = JSON.parse(fs.readFileSync(path.join(dir, 'app.json'), 'utf8')) as {
    workflows: unknown[];
  };
  app.workflows.push({
    name: 'hand-written',
    trigger: { id: '1', eventName: 'kustomer.conversation.create', transitions: [] },
    steps: [],
  });
  fs.writeFileSync(path.join(dir, 'app.json'), JSON.stringify(app, null, 2) + '\n');
  expect((await runCli(['transform', 'exports', '--into', 'app.json'], { cwd: dir })).code).toBe(0);
  fs.rmSync(path.join(dir, 'exports', 'order-posted.json'));
  const check = await runCli(['transform', 'exports', '--into', 'app.json', '--check'], {
    cwd: dir,
  });
  expect(check.code).toBe(0);
  expect(check.stderr).toMatch(
    /^warning app\.json:\d+:\d+ #\/workflows\/\d+ \(acme_orders-order-posted\): no export produces .*\[block\/stale-workflow\]$/m,
  );
  const prune = await runCli(['transform', 'exports', '--into', 'app.json', '--prune'], {
    cwd: dir,
  });
  expect(prune.code).toBe(0);
  expect(prune.stderr).toContain('removed "acme_orders-order-posted"');
  expect(names(dir)).toEqual([
    'hand-written',
    'acme_orders-escalation-mailbox',
    'acme_orders-refund-order',
  ]);
  const after = await runCli(['transform', 'exports', '--into', 'app.json', '--check'], {
    cwd: dir,
  });
  expect(after.code).toBe(0);
  expect(after.stderr).not.toContain('stale');
  // Pruning a workflow another one still calls is refused by validation, and nothing is written.
  fs.rmSync(path.join(dir, 'exports', 'refund-order.json'));
  const broken = await runCli(['transform', 'exports', '--into', 'app.json', '--prune'], {
    cwd: dir,
  });
  expect(broken.code).toBe(1);
  expect(names(dir)).toContain('acme_orders-refund-order');
});

test('--prune needs --into and a whole run', async () => {
  const dir = project();
  expect((await runCli(['transform', 'exports', '--prune'], { cwd: dir })).stderr).toContain(
    'it needs --into',
  );
  const partial = await runCli(
    ['transform', 'exports', '--into', 'app.json', '--prune', '--only', 'Refund*'],
    { cwd: dir },
  );
  expect(partial.code).toBe(2);
  expect(partial.stderr).toContain('cannot go with --only or --exclude');
});

test('--prune with a failed input (--keep-going) prunes nothing: the failed export would look stale', async () => {
  const dir = project();
  expect((await runCli(['transform', 'exports', '--into', 'app.json'], { cwd: dir })).code).toBe(0);
  fs.writeFileSync(path.join(dir, 'exports', 'order-posted.json'), '{"name": ');
  const r = await runCli(
    ['transform', 'exports', '--into', 'app.json', '--prune', '--keep-going'],
    { cwd: dir },
  );
  expect(r.code).toBe(2);
  expect(r.stderr).toContain('nothing pruned: some inputs failed');
  expect(names(dir)).toContain('acme_orders-order-posted');
  expect(r.stderr).not.toContain('block/stale-workflow');
});
