// The HTML page of `kwt graph` in a real browser: headless Chromium (Debian's `chromium`, installed by .ci/run) opens
// it with every network request refused, Mermaid renders each chart, the SVG has the nodes and edges of the charts, no
// console error, and a screenshot is saved as a test artifact (test-artifacts/graph-samples.png, the README's picture).
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runCli, tempDir, SAMPLES, ROOT } from '../helpers/cli';

function findChromium(): string | undefined {
  for (const name of [process.env['CHROMIUM'], 'chromium', 'chromium-browser', 'google-chrome']) {
    if (!name) continue;
    const found = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).stdout.trim();
    if (found) return found;
  }
  return undefined;
}

const chromium = findChromium();
if (!chromium)
  console.warn(
    "graph browser test SKIPPED: no Chromium on this machine (.ci/run installs Debian's chromium; set CHROMIUM to a browser binary)",
  );
const browserTest = chromium ? test : test.skip;

/** Chromium, headless, offline: every host resolves to nothing and the proxy is a closed port. */
function headless(args: string[]): { stdout: string; stderr: string } {
  const r = spawnSync(
    chromium!,
    [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--hide-scrollbars',
      '--host-resolver-rules=MAP * ~NOTFOUND',
      '--proxy-server=127.0.0.1:9',
      '--virtual-time-budget=20000',
      '--enable-logging=stderr',
      '--v=0',
      ...args,
    ],
    { encoding: 'utf8', timeout: 90_000, maxBuffer: 64 * 1024 * 1024 },
  );
  return { stdout: r.stdout, stderr: r.stderr };
}

browserTest(
  'the samples page renders offline: every chart, its nodes and edges, no console error; a screenshot is saved',
  async () => {
    const dir = tempDir();
    const page = path.join(dir, 'review.html');
    const r = await runCli(
      [
        'graph',
        path.join(SAMPLES, 'exports'),
        '-c',
        path.join(SAMPLES, 'kwt.config.json'),
        '--format',
        'html',
        '-o',
        page,
      ],
      { cwd: dir },
    );
    expect(r.code).toBe(0);
    const markdown = (
      await runCli(
        ['graph', path.join(SAMPLES, 'exports'), '-c', path.join(SAMPLES, 'kwt.config.json')],
        { cwd: dir },
      )
    ).stdout;
    const lines = [...markdown.matchAll(/```mermaid\n([\s\S]*?)```/g)].flatMap((m) =>
      (m[1] as string).split('\n'),
    );
    const expectedNodes = lines.filter((l) => /^ {2}[a-z0-9_]+(\[|\(|\{)/.test(l)).length;
    const expectedEdges = lines.filter((l) => /-->|-\.->/.test(l)).length;

    const { stdout: dom, stderr } = headless(['--dump-dom', `file://${page}`]);
    // Booleans, not toContain: a failure would print the whole 3.5 MB page.
    expect(dom.includes('data-rendered="yes"')).toBe(true);
    expect(
      (dom.match(/<svg[^>]+id="mermaid-/g) ?? []).length +
        (dom.match(/<svg[^>]+aria-roledescription="flowchart/g) ?? []).length,
    ).toBeGreaterThanOrEqual(3);
    expect((dom.match(/<g class="node /g) ?? []).length).toBe(expectedNodes);
    expect((dom.match(/class="[^"]*flowchart-link/g) ?? []).length).toBe(expectedEdges);
    // Console errors and uncaught exceptions are logged as CONSOLE lines at error level.
    const consoleErrors = stderr
      .split('\n')
      .filter((l) => /CONSOLE/.test(l) && /:ERROR:|Uncaught|Error/.test(l));
    expect(consoleErrors).toEqual([]);

    const artifacts = path.join(ROOT, 'test-artifacts');
    fs.mkdirSync(artifacts, { recursive: true });
    const shot = path.join(artifacts, 'graph-samples.png');
    fs.rmSync(shot, { force: true });
    headless([`--window-size=1200,2200`, `--screenshot=${shot}`, `file://${page}`]);
    expect(fs.statSync(shot).size).toBeGreaterThan(10_000);
    // A PNG, by its signature.
    expect(execFileSync('head', ['-c', '8', shot]).toString('latin1')).toBe('\x89PNG\r\n\x1a\n');
  },
  120_000,
);

browserTest(
  "Mermaid's own parser accepts every chart kwt writes: hostile names and a workflow of 50 steps render",
  async () => {
    const dir = tempDir();
    const evil =
      'x"]; click s0 href "javascript:alert(1)"\n```\n<script>alert(2)</script>|`end` %% {init: {}}';
    const steps = Array.from({ length: 50 }, (_, i) => ({
      id: `st${i}`,
      action: i % 2 ? 'kustomer.note.create' : evil,
      meta: { displayName: i === 7 ? evil : `Step ${i}` },
      transitions:
        i < 49
          ? [
              {
                target: `st${i + 1}`,
                condition: { op: 'contains', values: ['/#steps.1.attributes.data.subject', evil] },
              },
            ]
          : [],
      errorCases: i === 3 ? [{ errorAction: { type: 'retry-action' } }] : [],
    }));
    const workflow = {
      name: evil,
      trigger: { id: '1', eventName: evil, transitions: [{ target: 'st0' }] },
      steps,
    };
    fs.writeFileSync(path.join(dir, 'w.json'), JSON.stringify(workflow));
    const page = path.join(dir, 'evil.html');
    expect(
      (await runCli(['graph', 'w.json', '--format', 'html', '-o', page], { cwd: dir })).code,
    ).toBe(0);
    const { stdout: dom, stderr } = headless(['--dump-dom', `file://${page}`]);
    // Booleans, not toContain: a failure would print the whole 3.5 MB page.
    expect(dom.includes('data-rendered="yes"')).toBe(true);
    // The trigger, 50 steps, the end node and one error node; and the overview's workflow and its event.
    expect((dom.match(/<g class="node /g) ?? []).length).toBe(55);
    // The page's own script (DOMPurify in Mermaid's bundle) names "javascript:"; no element links to it.
    expect(/href="javascript:/i.test(dom)).toBe(false);
    expect(
      stderr.split('\n').filter((l) => /CONSOLE/.test(l) && /:ERROR:|Uncaught|Error/.test(l)),
    ).toEqual([]);
  },
  120_000,
);

browserTest(
  'the index filter: a name filter hides the other workflows; the only-flagged switch keeps those with findings',
  async () => {
    const dir = tempDir();
    fs.cpSync(path.join(SAMPLES, 'exports'), path.join(dir, 'exports'), { recursive: true });
    // One workflow with nothing to report beside the samples (whose org data every rule flags).
    fs.writeFileSync(
      path.join(dir, 'exports', 'clean-one.json'),
      JSON.stringify({
        name: 'clean-one',
        trigger: {
          id: '1',
          eventName: 'kustomer.conversation.create',
          transitions: [{ target: 'a' }],
        },
        steps: [
          {
            id: 'a',
            action: 'kustomer.conversation.update',
            params: { status: 'done' },
            transitions: [],
          },
        ],
      }),
    );
    const page = path.join(dir, 'review.html');
    expect(
      (await runCli(['graph', 'exports', '--format', 'html', '-o', page], { cwd: dir })).code,
    ).toBe(0);
    const shown = (hash: string): string[] => {
      const { stdout: dom } = headless(['--dump-dom', `file://${page}${hash}`]);
      return [...dom.matchAll(/<li ([^>]*data-name="[^"]*"[^>]*)>/g)]
        .map((m) => m[1] as string)
        .filter((attributes) => !/class="[^"]*hidden/.test(attributes))
        .map((attributes) => /data-name="([^"]*)"/.exec(attributes)?.[1] ?? '');
    };
    expect(shown('')).toEqual(['clean-one', 'escalation mailbox', 'order posted', 'refund order']);
    expect(shown('#filter=refund')).toEqual(['refund order']);
    expect(shown('#filter=&flagged')).toEqual([
      'escalation mailbox',
      'order posted',
      'refund order',
    ]);
    expect(shown('#filter=clean&flagged')).toEqual([]);
  },
  120_000,
);
