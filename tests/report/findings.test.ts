// Findings where people look: positions in the source, GitHub annotations, SARIF for code scanning, colour, the waves summary.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv-draft-04';
import { runCli, tempDir, SAMPLES } from '../helpers/cli';
import { colorEnabled } from '../../src/report/color';
import { formatGithub } from '../../src/report/github';
import { Redactor } from '../../src/core/secrets';
import { fileTextOf } from '../../src/cli/report-output';

const SARIF_SCHEMA = require('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json') as object;
const config = path.join(SAMPLES, 'kwt.config.json');
const SECRET = 'sk_live_' + 'Zx9Yw8Vu7Ts6Rq5Po4Nm3Lk2';

/** An export with a validation error on line 4 (an org hook event kept by running strip-metadata only) and a secret on line 9. */
function project(): string {
  const dir = tempDir();
  const lines = [
    '{',
    '  "name": "Order Posted",',
    '  "trigger": {',
    '    "eventName": "kustomer.hooks.web.6501a2b3c4d5e6f708192a3c.receive",',
    '    "id": "t1",',
    '    "transitions": [{ "target": "s1" }]',
    '  },',
    '  "steps": [',
    `    { "id": "s1", "action": "kustomer.rest-api.json", "params": { "uri": "https://api.acme.example", "headers": { "Authorization": "Bearer ${SECRET}" } }, "transitions": [] }`,
    '  ]',
    '}',
  ];
  fs.mkdirSync(path.join(dir, 'exports'));
  fs.writeFileSync(path.join(dir, 'exports', 'posted.json'), lines.join('\n') + '\n');
  return dir;
}

test('validate: findings on stdout at file:line:column, totals and unreadable files on stderr', async () => {
  const dir = project();
  fs.writeFileSync(path.join(dir, 'exports', 'broken.json'), '{"a":');
  const r = await runCli(['validate', 'exports'], { cwd: dir });
  expect(r.code).toBe(2);
  expect(r.stdout).toMatch(
    /^error {3}exports\/posted\.json:4:18 #\/trigger\/eventName: .*\[org-hook-event\]$/m,
  );
  expect(r.stdout).not.toContain('broken.json');
  expect(r.stderr).toContain('exports/broken.json:1:6: invalid JSON');
  expect(r.stderr).toMatch(/2 files, \d+ errors?/);
  expect(r.stdout + r.stderr).not.toContain(SECRET);
});

test('transform refusing to write points at the source export line, not into the unwritten block', async () => {
  const dir = project();
  const r = await runCli(
    ['transform', 'exports', '--app', 'acme', '-t', 'strip-metadata', '-o', 'block.json'],
    { cwd: dir },
  );
  expect(r.code).toBe(1);
  expect(r.stderr).toMatch(/^error {3}exports\/posted\.json:4:18 #\/trigger\/eventName: /m);
  expect(r.stderr).not.toContain('block.json#');
  expect(fs.existsSync(path.join(dir, 'block.json'))).toBe(false);
});

test('--format github: workflow commands with file, line and column, escaped and masked; default under GITHUB_ACTIONS', async () => {
  const dir = project();
  fs.writeFileSync(
    path.join(dir, 'exports', 'odd,name%.json'),
    JSON.stringify({
      name: 'bad name\nline two',
      trigger: { id: '1', eventName: 'x', transitions: [] },
      steps: [],
    }),
  );
  const explicit = await runCli(['validate', 'exports', '--format', 'github'], { cwd: dir });
  const byEnv = await runCli(['validate', 'exports'], {
    cwd: dir,
    env: { GITHUB_ACTIONS: 'true' },
  });
  expect(byEnv.stdout).toBe(explicit.stdout);
  const lines = explicit.stdout.trim().split('\n');
  expect(
    lines.every((l) =>
      /^::(error|warning) file=[^:]+,line=\d+,col=\d+,title=kwt [a-z-]+::/.test(l),
    ),
  ).toBe(true);
  expect(explicit.stdout).toContain(
    '::error file=exports/posted.json,line=4,col=18,title=kwt org-hook-event::',
  );
  // `,` and `%` in a file name and a newline in a message cannot end the property or start another command.
  expect(explicit.stdout).toContain('file=exports/odd%2Cname%25.json');
  const direct = formatGithub(
    [
      {
        severity: 'warning',
        code: 'x',
        message: 'a\r\nb 100%',
        file: 'f.json',
        line: 2,
        column: 3,
      },
    ],
    new Redactor(),
    dir,
  );
  expect(direct).toBe('::warning file=f.json,line=2,col=3,title=kwt x::a%0D%0Ab 100%25\n');
  expect(explicit.stdout).not.toContain(SECRET);
  // An explicit format wins over the environment.
  const pretty = await runCli(['validate', 'exports', '--format', 'pretty'], {
    cwd: dir,
    env: { GITHUB_ACTIONS: 'true' },
  });
  expect(pretty.stdout).not.toContain('::error');
});

test('--report sarif validates against the SARIF 2.1.0 schema, with rules, levels, regions and no secret', async () => {
  const dir = project();
  const r = await runCli(['validate', 'exports', '--report', 'sarif'], { cwd: dir });
  expect(r.code).toBe(1);
  const log = JSON.parse(r.stdout) as {
    version: string;
    runs: {
      tool: { driver: { rules: { id: string }[] } };
      results: {
        ruleId: string;
        level: string;
        locations: { physicalLocation: { region: object } }[];
      }[];
    }[];
  };
  const ajv = new Ajv({ strict: false, unicodeRegExp: false, validateFormats: false });
  const validate = ajv.compile(SARIF_SCHEMA);
  expect(validate(log) ? [] : validate.errors).toEqual([]);
  expect(log.version).toBe('2.1.0');
  const hook = log.runs[0]!.results.find((x) => x.ruleId === 'org-hook-event');
  expect(hook).toMatchObject({
    level: 'error',
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: 'exports/posted.json' },
          region: { startLine: 4, startColumn: 18 },
        },
      },
    ],
  });
  expect(log.runs[0]!.tool.driver.rules.map((x) => x.id)).toContain('org-hook-event');
  expect(r.stdout).not.toContain(SECRET);
  // Beside a block on stdout, into a file; transform's SARIF validates too.
  const t = await runCli(
    [
      'transform',
      'exports',
      '--app',
      'acme',
      '-t',
      'strip-metadata',
      '--report',
      'sarif',
      '--report-file',
      'kwt.sarif',
    ],
    { cwd: dir },
  );
  expect(t.code).toBe(1);
  const transformLog = JSON.parse(fs.readFileSync(path.join(dir, 'kwt.sarif'), 'utf8')) as object;
  expect(validate(transformLog) ? [] : validate.errors).toEqual([]);
  expect(fs.readFileSync(path.join(dir, 'kwt.sarif'), 'utf8')).not.toContain(SECRET);
});

test('colour: --color/--no-color, then FORCE_COLOR, then NO_COLOR, then the terminal', async () => {
  expect(colorEnabled(undefined, {}, true)).toBe(true);
  expect(colorEnabled(undefined, {}, false)).toBe(false);
  expect(colorEnabled(undefined, { NO_COLOR: '1' }, true)).toBe(false);
  expect(colorEnabled(undefined, { NO_COLOR: '' }, true)).toBe(true);
  expect(colorEnabled(undefined, { FORCE_COLOR: '1', NO_COLOR: '1' }, false)).toBe(true);
  expect(colorEnabled(undefined, { FORCE_COLOR: '0' }, true)).toBe(false);
  expect(colorEnabled(false, { FORCE_COLOR: '1' }, true)).toBe(false);
  expect(colorEnabled(true, { NO_COLOR: '1' }, false)).toBe(true);
  const dir = project();
  const args = ['validate', 'exports'];
  const tty = await runCli(args, { cwd: dir, tty: true });
  expect(tty.stdout).toContain('\u001b[31merror  \u001b[39m');
  const noColor = await runCli(args, { cwd: dir, tty: true, env: { NO_COLOR: '1' } });
  expect(noColor.stdout).not.toContain('\u001b[');
  expect(noColor.stdout).toBe(
    (await runCli([...args, '--no-color'], { cwd: dir, tty: true })).stdout,
  );
  // Each stream by itself: findings piped to a file stay plain while the terminal's stderr is coloured.
  const piped = await runCli(args, { cwd: dir, tty: true, stdoutTty: false });
  expect(piped.stdout).not.toContain('\u001b[');
  expect(piped.stdout).toContain('error   ');
  // Control characters from a file are still escaped: only kwt's own colour reaches the terminal.
  fs.writeFileSync(
    path.join(dir, 'exports', 'x.json'),
    JSON.stringify({
      name: 'a\u001b[2Jb',
      trigger: { id: '1', eventName: 'x', transitions: [] },
      steps: [],
    }),
  );
  const hostile = await runCli([...args, '--color'], { cwd: dir });
  expect(hostile.stdout).toContain('a\\u001b[2Jb');
  expect(hostile.stdout).not.toContain('\u001b[2J');
});

test('the summary lists inputs with findings and totals; --verbose lists every input; the JSON report keeps all', async () => {
  const dir = tempDir();
  const exportsDir = path.join(SAMPLES, 'exports');
  const quietish = await runCli(['transform', exportsDir, '-c', config], { cwd: dir });
  expect(quietish.code).toBe(0);
  expect(quietish.stderr).toContain('kwt: 3 inputs (3 ok), 3 workflows');
  expect(quietish.stderr).not.toMatch(/^ {2}ok /m);
  expect(quietish.stderr).toContain('(3 inputs without findings; --verbose lists them)');
  const verbose = await runCli(['transform', exportsDir, '-c', config, '--verbose'], { cwd: dir });
  expect(verbose.stderr.match(/^ {2}ok /gm)).toHaveLength(3);
  const report = JSON.parse(
    (
      await runCli(['transform', exportsDir, '-c', config, '-o', 'b.json', '--report', 'json'], {
        cwd: dir,
      })
    ).stdout,
  ) as {
    inputs: unknown[];
  };
  expect(report.inputs).toHaveLength(3);
  // One input with a finding among good ones: it is the row shown.
  fs.mkdirSync(path.join(dir, 'in'));
  for (const f of fs.readdirSync(exportsDir))
    fs.copyFileSync(path.join(exportsDir, f), path.join(dir, 'in', f));
  fs.writeFileSync(path.join(dir, 'in', 'bad.json'), '{"name": ');
  const mixed = await runCli(['transform', 'in', '-c', config, '--keep-going', '-o', 'b2.json'], {
    cwd: dir,
  });
  expect(mixed.code).toBe(2);
  expect(mixed.stderr).toMatch(/^ {2}error {5}in\/bad\.json:1:10: invalid JSON/m);
  expect(mixed.stderr).toContain('kwt: 4 inputs (3 ok, 1 error), 3 workflows');
  expect(mixed.stderr).toContain('(3 more inputs without findings; --verbose lists them)');
});

test('a file re-read for positions that is no longer valid JSON (changed since it was read) gets none, not wrong ones', () => {
  const dir = tempDir();
  fs.writeFileSync(path.join(dir, 'a.json'), '{"name": ');
  fs.writeFileSync(path.join(dir, 'b.json'), '{\n  "name": "x"\n}\n');
  const textOf = fileTextOf(
    new Map([
      ['a.json', { absolute: path.join(dir, 'a.json') }],
      ['b.json', { absolute: path.join(dir, 'b.json') }],
    ]),
  );
  expect(textOf('a.json')).toBeUndefined();
  // A file that still parses is placed through its one position index.
  const b = textOf('b.json');
  expect(typeof b === 'function' ? b('/name') : b).toEqual({ line: 2, column: 11 });
  expect(textOf('stdin')).toBeUndefined();
});

test('messages name the offending value when it is not secret: the hook event, the namespace, the id', async () => {
  const dir = tempDir();
  const workflow = {
    name: 'acme-x',
    trigger: {
      id: '1',
      eventName: 'kustomer.hooks.web.6501a2b3c4d5e6f708192a3c.receive',
      transitions: [{ target: 's1' }],
    },
    steps: [
      {
        id: 's1',
        action: 'kustomer.app.billing_5f0e1d2c3b4a59687a6b5c4d.charge',
        params: {
          queue: '5fce94b7dc76150019710806',
          token: 'Bearer ' + 'Zx9Yw8Vu7Ts6Rq5Po4Nm3Lk2Jh1',
        },
        transitions: [],
      },
    ],
  };
  fs.writeFileSync(path.join(dir, 'w.json'), JSON.stringify(workflow, null, 2));
  const r = await runCli(['validate', 'w.json'], { cwd: dir });
  expect(r.stdout).toContain(
    'org inbound-hook event left in the workflow: kustomer.hooks.web.6501a2b3c4d5e6f708192a3c.receive (map it in swap-hook-events.events)',
  );
  expect(r.stdout).toContain(
    'private-app namespace <app>_<orgId> left in the workflow: billing_5f0e1d2c3b4a59687a6b5c4d (denamespace rewrites it)',
  );
  expect(r.stdout).toContain(
    'the 24-hex id 5fce94b7dc76150019710806 (queue, team, user, tag?) differs per org',
  );
  // A credential is never named.
  expect(r.stdout).not.toContain('Zx9Yw8Vu7Ts6Rq5Po4Nm3Lk2Jh1');
});
