// The real exports and app definitions in ../shared/corpus: what `kwt validate` finds in them, and that the
// default pipeline turns each into a block that validates, with nothing org-specific left, idempotently.
// Needs ../shared/corpus beside the project; skipped with a visible notice where it is absent (a fresh clone elsewhere).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runCli, tempDir, CORPUS } from '../helpers/cli';
import { validateDocument } from '../../src/validate/validate';
import { SERVER_FIELDS } from '../../src/core/kustomer';
import { visit } from '../../src/core/walk';
import type { Json } from '../../src/core/json';

const present = fs.existsSync(CORPUS);
if (!present) {
  console.warn(
    `corpus tests SKIPPED: ${CORPUS} is absent (it sits beside the project in the team workspace)`,
  );
}
const describeCorpus = present ? describe : describe.skip;

/** `--app` and `--app-version` of an app definition, for a run over the block made from it. */
function appArgs(source: { app: string; version?: unknown }): string[] {
  return [
    '--app',
    source.app,
    ...(typeof source.version === 'string' ? ['--app-version', source.version] : []),
  ];
}
const corpus = (name: string): string => path.join(CORPUS, name);

/** Config for the one editor export that uses an org hook and workflow variables: what a developer would write. */
const builderConfig = {
  app: 'acme_billing',
  version: '1.0.0',
  options: {
    'swap-hook-events': {
      events: {
        '63d19dea07506a356d06d3e6': { name: 'invoice.requested', displayName: 'Invoice requested' },
      },
    },
    'app-settings': {
      variables: {
        '63da823147407a231b1bbfce': {
          setting: 'default.basicAuth',
          type: 'secret',
          description: 'Basic auth credentials',
        },
        '63d19ecab24da0e2e2268462': 'default.invoiceApiUrl',
        '63d9665d8741fba7269516af': 'default.paymentsApiUrl',
      },
    },
  },
};

/** Every leftover an app workflow must not carry, as readable strings. */
function leftovers(block: Json): string[] {
  const found: string[] = [];
  visit(block, (value, p) => {
    const key = p[p.length - 1];
    if (
      typeof key === 'string' &&
      p.includes('workflows') &&
      SERVER_FIELDS.has(key) &&
      p.length <= 5
    )
      found.push(`server field ${p.join('/')}`);
    if (typeof value !== 'string') return;
    if (/kustomer\.hooks\.(form|web|email)\.[0-9a-f]{24}/.test(value))
      found.push(`hook event ${value}`);
    if (/\{\{\{?\s*variables\./.test(value)) found.push(`variable ${value}`);
    if (
      /kustomer\.app\.[A-Za-z0-9_]+_[0-9a-f]{24}/i.test(value) ||
      /^[A-Za-z0-9_]+_[0-9a-f]{24}-\^/.test(value)
    )
      found.push(`namespace ${value}`);
  });
  return found;
}

interface CorpusCase {
  file: string;
  args: string[];
  config?: object;
  workflows: number;
}

const cases: CorpusCase[] = [
  { file: 'app-calendly-v2.json', args: [], workflows: 1 },
  { file: 'app-calendly-v4.json', args: [], workflows: 1 },
  { file: 'app-effort-timer.json', args: [], workflows: 4 },
  { file: 'app-starter-widget.json', args: [], workflows: 0 },
  {
    file: 'api-get-callable-workflow.json',
    args: ['--app', 'acme_bot', '--app-version', '2.0.0'],
    workflows: 1,
  },
  {
    file: 'callable-workflow-put-body.json',
    args: ['--app', 'acme_bot', '--app-version', '2.0.0'],
    workflows: 1,
  },
  { file: 'builder-export-form-hook.json', args: [], config: builderConfig, workflows: 1 },
];

describeCorpus('corpus: the default pipeline', () => {
  test.each(cases.map((c) => [c.file, c] as const))(
    '%s becomes a valid block with nothing org-specific left, idempotently',
    async (_f, c) => {
      const dir = tempDir();
      const configArgs = c.config ? ['-c', path.join(dir, 'kwt.config.json')] : [];
      if (c.config) fs.writeFileSync(path.join(dir, 'kwt.config.json'), JSON.stringify(c.config));
      const first = await runCli(['transform', corpus(c.file), ...c.args, ...configArgs], {
        cwd: dir,
      });
      expect(first.stderr).not.toContain('error');
      expect(first.code).toBe(0);
      const block = JSON.parse(first.stdout) as { workflows: unknown[] };
      expect(block.workflows).toHaveLength(c.workflows);
      expect(leftovers(block as Json)).toEqual([]);
      expect(
        validateDocument(block as Json, 'block').filter((p) => p.severity === 'error'),
      ).toEqual([]);

      // The pipeline over its own output changes nothing, byte for byte.
      fs.writeFileSync(path.join(dir, 'block.json'), first.stdout);
      const second = await runCli(
        [
          'transform',
          'block.json',
          ...c.args,
          ...configArgs,
          // The block no longer says which app and version it belongs to: the release names them (one source of truth).
          ...(c.file.startsWith('app-')
            ? appArgs(
                JSON.parse(fs.readFileSync(corpus(c.file), 'utf8')) as {
                  app: string;
                  version: string;
                },
              )
            : []),
        ],
        { cwd: dir },
      );
      expect(second.code).toBe(0);
      expect(second.stdout).toBe(first.stdout);
    },
  );

  test('each app definition, merged (--into) into its own skeleton, validates as a whole app definition', async () => {
    for (const file of [
      'app-calendly-v2.json',
      'app-calendly-v4.json',
      'app-effort-timer.json',
      'app-starter-widget.json',
    ]) {
      const dir = tempDir();
      // The app as a developer keeps it before the first merge: every key but its workflows.
      const app = JSON.parse(fs.readFileSync(corpus(file), 'utf8')) as Record<string, unknown>;
      fs.writeFileSync(
        path.join(dir, 'app.json'),
        JSON.stringify({ ...app, workflows: [] }, null, 2),
      );
      const r = await runCli(['transform', corpus(file), '--into', 'app.json'], { cwd: dir });
      expect({
        file,
        code: r.code,
        errors: r.stderr.split('\n').filter((l) => l.startsWith('error')),
      }).toEqual({ file, code: 0, errors: [] });
      const merged = JSON.parse(fs.readFileSync(path.join(dir, 'app.json'), 'utf8')) as Record<
        string,
        unknown
      >;
      expect(Object.keys(merged)).toEqual(Object.keys({ ...app, workflows: [] }));
      expect(validateDocument(merged as Json, file).filter((p) => p.severity === 'error')).toEqual(
        [],
      );
    }
  });

  test('the Calendly namespace is rewritten case-insensitively to the app name', async () => {
    const r = await runCli(['transform', corpus('app-calendly-v4.json')], { cwd: tempDir() });
    const trigger = JSON.parse(r.stdout).workflows[0].trigger;
    expect(trigger.eventName).toBe('kustomer.app.Calendly_App.update-event');
    expect(trigger.appVersion).toMatch(/^Calendly_App-\^\d+\.\d+\.\d+$/);
  });

  test('effort-timer keeps exactly the ids its workflows call each other by', async () => {
    const source = JSON.parse(fs.readFileSync(corpus('app-effort-timer.json'), 'utf8')) as {
      workflows: { id: string }[];
    };
    const text = JSON.stringify(source.workflows);
    const referenced = source.workflows.map((w) =>
      text.split(w.id).length - 1 > 1 ? w.id : undefined,
    );
    expect(referenced.filter(Boolean)).toHaveLength(3);
    const r = await runCli(['transform', corpus('app-effort-timer.json')], { cwd: tempDir() });
    const out = JSON.parse(r.stdout) as { workflows: { id?: string }[] };
    expect(out.workflows.map((w) => w.id)).toEqual(referenced);
  });

  test('the secret variable of the editor export is declared secret and its reference is a setting', async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'kwt.config.json'), JSON.stringify(builderConfig));
    const r = await runCli(['transform', corpus('builder-export-form-hook.json')], { cwd: dir });
    const block = JSON.parse(r.stdout);
    expect(block.settings.default.basicAuth).toMatchObject({
      type: 'secret',
      defaultValue: '',
      required: true,
    });
    expect(JSON.stringify(block)).toContain('Basic {{{settings.default.basicAuth}}}');
    expect(block.hooks).toEqual([
      expect.objectContaining({
        eventName: 'kustomer.app.acme_billing.invoice.requested',
        type: 'form',
      }),
    ]);
    expect(block.triggers).toEqual([
      expect.objectContaining({ eventName: 'kustomer.app.acme_billing.invoice.requested' }),
    ]);
  });
});

describeCorpus('corpus: kwt validate reports the problems the files really have', () => {
  async function codes(file: string): Promise<{ code: number; found: string[] }> {
    const r = await runCli(['validate', corpus(file)], { cwd: tempDir() });
    const report = JSON.parse(
      (await runCli(['validate', corpus(file), '--report', 'json'], { cwd: tempDir() })).stdout,
    ) as {
      inputs: { problems: { code: string; pointer: string; line?: number }[] }[];
    };
    // Findings are on stdout (ESLint's convention), each at file:line:column of its value.
    expect(
      r.stdout
        .split('\n')
        .filter((l) => / \[[a-z-]+\]$/.test(l))
        .every((l) => /\.json:\d+:\d+ #\S*: /.test(l)),
    ).toBe(true);
    const found = report.inputs.flatMap((i) => i.problems.map((p) => `${p.code} ${p.pointer}`));
    return { code: r.code, found };
  }

  test('Calendly apps still carry the org namespace they were pasted back with', async () => {
    for (const file of ['app-calendly-v2.json', 'app-calendly-v4.json']) {
      const { code, found } = await codes(file);
      expect(code).toBe(1);
      expect(found).toEqual([
        'org-namespace /workflows/0/trigger/eventName',
        'org-namespace /workflows/0/trigger/appVersion',
      ]);
    }
  });

  test('effort-timer: the org-namespaced action; its calls and schedules resolve', async () => {
    const { code, found } = await codes('app-effort-timer.json');
    expect(code).toBe(1);
    expect(found).toEqual([
      'org-namespace /workflows/3/steps/6/action',
      'org-namespace /workflows/3/steps/6/appVersion',
    ]);
  });

  test('the starter widget app has no error; its setting lacks the i18n strings Kustomer asks for (a warning)', async () => {
    expect(await codes('app-starter-widget.json')).toEqual({
      code: 0,
      found: ['settings-i18n /settings/mySettingsCategory/urlDomain'],
    });
  });

  test('the editor export: org hook event and workflow variables', async () => {
    const { code, found } = await codes('builder-export-form-hook.json');
    expect(code).toBe(1);
    expect(found.sort()).toEqual([
      'org-hook-event /trigger/eventName',
      'workflow-variable /steps/1/params/headers/Authorization',
      'workflow-variable /steps/1/params/uri',
      'workflow-variable /steps/4/params/headers/Authorization',
      'workflow-variable /steps/4/params/uri',
    ]);
  });

  test('the API resource: server fields under /attributes, per-step _id, org ids as warnings', async () => {
    const { code, found } = await codes('api-get-callable-workflow.json');
    expect(code).toBe(1);
    expect(found).toContain('server-field /attributes/rev');
    expect(found).toContain('server-field /attributes/steps/0/_id');
    expect(found).toContain('hex-id /attributes/steps/1/params/queue');
    expect(found.filter((f) => !f.startsWith('server-field') && !f.startsWith('hex-id'))).toEqual(
      [],
    );
  });
});

describeCorpus('corpus: every file, whatever it holds', () => {
  // New corpus files are picked up here without a case of their own: no crash, no server field, idempotent.
  const files = present
    ? fs
        .readdirSync(CORPUS)
        .filter((f) => f.endsWith('.json'))
        .sort()
    : [];
  const lenient = {
    options: { 'swap-hook-events': { unmapped: 'keep' }, 'app-settings': { unmapped: 'keep' } },
  };
  test.each(files)('%s', async (file) => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'kwt.config.json'), JSON.stringify(lenient));
    const source = JSON.parse(fs.readFileSync(corpus(file), 'utf8')) as {
      app?: unknown;
      version?: unknown;
    };
    const app = typeof source.app === 'string' ? [] : ['--app', 'corpus_app'];
    const first = await runCli(
      ['transform', corpus(file), ...app, '--no-validate', '-o', 'block.json'],
      { cwd: dir },
    );
    expect(first.stderr).not.toContain('internal error');
    expect(first.code).toBe(0);
    const block = JSON.parse(fs.readFileSync(path.join(dir, 'block.json'), 'utf8')) as Json;
    expect(leftovers(block).filter((l) => l.startsWith('server field'))).toEqual([]);
    const second = await runCli(
      [
        'transform',
        'block.json',
        ...(typeof source.app === 'string'
          ? appArgs(source as { app: string; version: string })
          : app),
        '--no-validate',
        '-o',
        'again.json',
      ],
      { cwd: dir },
    );
    expect(second.code).toBe(0);
    expect(fs.readFileSync(path.join(dir, 'again.json'), 'utf8')).toBe(
      fs.readFileSync(path.join(dir, 'block.json'), 'utf8'),
    );
  });
});
