// kwt graph --format mermaid: the samples' charts against a reviewed fixture, every chart line against the small
// grammar kwt writes (so no name or value can break a diagram or inject a link), conditions in words, and the CLI.
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { runCli, tempDir, SAMPLES, ROOT } from '../helpers/cli';
import { conditionText, mermaidDocument, mermaidText } from '../../src/graph/mermaid';
import type { JsonObject } from '../../src/core/json';

const SAFE = String.raw`[A-Za-z0-9 _.,:/+#;…-]*`;
/** Every line kwt writes inside a mermaid block. */
const GRAMMAR = [
  /^flowchart TD$/,
  new RegExp(`^  trigger\\(\\["${SAFE}"\\]\\)$`),
  new RegExp(`^  s\\d+\\["${SAFE}(<br/>${SAFE})*"\\]$`),
  /^ {2}click s\d+ href "#wf-[a-z0-9_-]+"$/,
  /^ {2}(trigger|s\d+) --> (s\d+|done|missing\d+)$/,
  new RegExp(`^  (trigger|s\\d+) -->\\|"${SAFE}"\\| (s\\d+|missing\\d+)$`),
  new RegExp(`^  missing\\d+\\[/"${SAFE}"/\\]$`),
  new RegExp(`^  s\\d+_e\\d+\\{\\{"${SAFE}"\\}\\}$`),
  new RegExp(`^  s\\d+ -\\.->\\|"${SAFE}"\\| s\\d+_e\\d+$`),
  /^ {2}done\(\(end\)\)$/,
  /^ {2}classDef (added|changed) fill:#[0-9a-f]{6},stroke:#[0-9a-f]{6}$/,
  /^ {2}classDef finding stroke:#[0-9a-f]{6},stroke-width:3px$/,
  /^ {2}class s\d+(,s\d+)* (added|changed|finding)$/,
  // The app overview.
  /^flowchart LR$/,
  new RegExp(`^  w\\d+\\["${SAFE}"\\]$`),
  new RegExp(`^  e\\d+\\(\\["${SAFE}"\\]\\)$`),
  new RegExp(`^  k\\d+\\{\\{"${SAFE}"\\}\\}$`),
  /^ {2}e\d+ --> w\d+$/,
  /^ {2}w\d+ -->\|calls\| w\d+$/,
  /^ {2}w\d+ -\.-> k\d+$/,
];

function chartLines(markdown: string): string[] {
  return [...markdown.matchAll(/```mermaid\n([\s\S]*?)```/g)].flatMap((m) =>
    (m[1] as string).split('\n').filter((l) => l !== ''),
  );
}

function expectGrammar(markdown: string): void {
  const bad = chartLines(markdown).filter((l) => !GRAMMAR.some((g) => g.test(l)));
  expect(bad).toEqual([]);
}

test('the samples, as they will ship, match the reviewed fixture and the grammar', async () => {
  const r = await runCli(
    ['graph', path.join(SAMPLES, 'exports'), '-c', path.join(SAMPLES, 'kwt.config.json')],
    { cwd: ROOT },
  );
  expect(r.code).toBe(0);
  // Paths in the fixture are as the README's command prints them, from the checkout.
  expect(r.stdout.replaceAll(path.join(SAMPLES, 'exports') + '/', 'samples/exports/')).toBe(
    fs.readFileSync(path.join(ROOT, 'tests', 'fixtures', 'graph', 'samples.md'), 'utf8'),
  );
  expectGrammar(r.stdout);
  // A call to another workflow of the batch is a link to its chart.
  expect(r.stdout).toContain('calls acme_orders-refund-order');
  expect(r.stdout).toMatch(/click s0 href "#wf-3-acme_orders-refund-order"/);
});

test('hostile names and values cannot end a label, start a directive, inject a link or break the Markdown', () => {
  const evil = 'x"]; click s0 href "javascript:alert(1)"\n```\n<script>|`end`';
  const workflow: JsonObject = {
    name: evil,
    id: 'aaaaaaaaaaaaaaaaaaaaaaaa',
    trigger: {
      eventName: evil,
      transitions: [
        { target: 's', condition: { op: 'eq', values: ['/#steps.1.attributes.data.x', evil] } },
        { target: evil },
      ],
    },
    steps: [
      {
        id: 's',
        action: evil,
        meta: { displayName: evil },
        transitions: [],
        errorCases: [{ errorAction: { type: evil } }],
      },
    ],
  };
  const markdown = mermaidDocument([{ workflow, source: 'a`b.json' }]);
  expectGrammar(markdown);
  // The name stays text: the only links are kwt's own anchors, and no HTML tag comes through.
  expect([...markdown.matchAll(/\]\(([^)]*)\)/g)].map((m) => m[1])).toEqual([
    '#wf-1-x-click-s0-href-javascript-alert-1-script-end',
  ]);
  expect(markdown).not.toContain('<script>');
  // The overview and one chart, four fences: the name's backticks did not open or close one.
  expect(markdown.match(/^```/gm)).toHaveLength(4);
  fc.assert(
    fc.property(fc.string({ unit: 'binary' }), (text) => {
      expect(mermaidText(text)).toMatch(new RegExp(`^${SAFE}$`));
    }),
  );
});

test('conditions read as words: and/or folded, exists without an empty operand, always for op true', () => {
  expect(
    conditionText({ op: 'contains', values: ['/#steps.1.attributes.data.subject', 'URGENT'] }),
  ).toBe('data.subject contains "URGENT"');
  expect(
    conditionText({
      op: 'and',
      values: [
        { op: 'exists', values: ['/#steps.a.attributes.id', ''] },
        {
          op: 'or',
          values: [
            { op: 'eq', values: ['/#steps.1.attributes.data.n', 1] },
            { op: 'lt', values: ['/#steps.1.attributes.data.n', 0] },
          ],
        },
      ],
    }),
  ).toBe('id exists and (data.n is 1 or data.n is less than 0)');
  expect(conditionText({ op: 'true', values: [true] })).toBe('always');
});

test('kwt graph -o writes the file; inputs without a config are drawn as read', async () => {
  const dir = tempDir();
  const r = await runCli(['graph', path.join(SAMPLES, 'exports'), '-o', 'graph.md'], { cwd: dir });
  expect(r.code).toBe(0);
  const text = fs.readFileSync(path.join(dir, 'graph.md'), 'utf8');
  expect(text).toContain('## Order Posted');
  expect(text).toContain('kustomer.hooks.form.6501a2b3c4d5e6f708192a3b.receive');
  expectGrammar(text);
  expect(r.stderr).toContain('3 workflows drawn into graph.md');
});

test('--base marks added and changed workflows and steps, and lists removed ones', async () => {
  const dir = tempDir();
  const exportsDir = path.join(SAMPLES, 'exports');
  const config = path.join(SAMPLES, 'kwt.config.json');
  const block = JSON.parse(
    (await runCli(['transform', exportsDir, '-c', config], { cwd: dir })).stdout,
  ) as { workflows: JsonObject[] };
  // The previous release: refund-order's step changed, escalation-mailbox absent, an old workflow since removed.
  const previous = structuredClone(block.workflows);
  const refund = previous.find((w) => w['name'] === 'acme_orders-refund-order')!;
  ((refund['steps'] as JsonObject[])[0] as JsonObject)['params'] = { changed: true };
  const base = {
    app: 'acme_orders',
    version: '1.0.0',
    title: 'Acme',
    workflows: [
      ...previous.filter((w) => w['name'] !== 'acme_orders-escalation-mailbox'),
      { name: 'acme_orders-retired', trigger: {}, steps: [] },
    ],
  };
  fs.writeFileSync(path.join(dir, 'base.json'), JSON.stringify(base));
  const r = await runCli(['graph', exportsDir, '-c', config, '--base', 'base.json'], { cwd: dir });
  expect(r.code).toBe(0);
  expectGrammar(r.stdout);
  expect(r.stdout).toMatch(/\[acme\\_orders-escalation-mailbox\]\(#wf-1-[a-z0-9_-]+\) \(added\)/);
  expect(r.stdout).toMatch(/\[acme\\_orders-refund-order\]\(#wf-3-[a-z0-9_-]+\) \(changed\)/);
  expect(r.stdout).toMatch(/\[acme\\_orders-order-posted\]\(#wf-2-[a-z0-9_-]+\)\n/);
  expect(r.stdout).toContain('- ~~acme\\_orders-retired~~ (removed)');
  expect(r.stdout).toContain('  class s0 changed');
});

test('--format html: one page with the charts, the tables and Mermaid inlined; no secret, no network URL to load', async () => {
  const dir = tempDir();
  const secret = 'sk_live_' + 'Zx9Yw8Vu7Ts6Rq5Po4Nm3Lk2';
  fs.writeFileSync(
    path.join(dir, 'w.json'),
    JSON.stringify({
      name: 'Pay',
      trigger: {
        id: '1',
        eventName: 'kustomer.conversation.create',
        transitions: [{ target: 'a' }],
      },
      steps: [
        {
          id: 'a',
          action: 'kustomer.rest-api.json',
          meta: { displayName: `Bearer ${secret}` },
          params: { headers: { 'X-Api-Key': 'plainkey12345' } },
          transitions: [],
        },
      ],
    }),
  );
  const r = await runCli(['graph', 'w.json', '--format', 'html', '-o', 'review.html'], {
    cwd: dir,
  });
  expect(r.code).toBe(0);
  const html = fs.readFileSync(path.join(dir, 'review.html'), 'utf8');
  // Booleans, not toContain: a failure would print the 3.5 MB page.
  expect(html.includes(`default-src 'none'`)).toBe(true);
  expect(html.includes('<pre class="mermaid">flowchart TD')).toBe(true);
  expect(html.includes(secret)).toBe(false);
  expect(html.includes('plainkey12345')).toBe(false);
  // Mermaid is inside the page, and nothing in it is fetched: no <script src> or stylesheet link.
  expect(/<script[^>]+src=|<link[^>]+href=/.test(html)).toBe(false);
  expect(html.length).toBeGreaterThan(1_000_000);
  // The finding sits next to its step.
  expect(
    /at step <code>a<\/code>: looks like a credential [^<]*<code>\[credential\]<\/code>/.test(html),
  ).toBe(true);
  // And the step is outlined in its chart.
  expect(html.includes('  class s0 finding')).toBe(true);
  const charts = [...html.matchAll(/<pre class="mermaid">([\s\S]*?)<\/pre>/g)].map(
    (m) => m[1] as string,
  );
  // The overview, then the one workflow's chart.
  expect(charts.length).toBe(2);
  expectGrammar(
    '```mermaid\n' +
      charts
        .join('\n')
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>')
        .replace(/&quot;/g, '"')
        .replace(/&#39;/g, "'")
        .replace(/&amp;/g, '&') +
      '\n```',
  );
});

test('a lone carriage return or a ">" in a workflow name cannot start a heading or a quote in the Markdown', async () => {
  const dir = tempDir();
  const workflow = {
    name: 'Refund\r# Approved by the security team\r> quoted',
    trigger: { id: '1', eventName: 'kustomer.conversation.create', transitions: [] },
    steps: [],
  };
  fs.writeFileSync(path.join(dir, 'w.json'), JSON.stringify(workflow));
  const r = await runCli(['graph', 'w.json'], { cwd: dir });
  expect(r.code).toBe(0);
  expect(r.stdout.split(/\r\n|\r|\n/).filter((l) => /^(# Approved|> quoted)/.test(l))).toEqual([]);
  expect(r.stdout).toContain('Refund # Approved by the security team &gt; quoted');
});

describe('the Markdown stays within GitHub limits by itself', () => {
  const { mermaidDocument, MARKDOWN_BUDGET } =
    require('../../src/graph/mermaid') as typeof import('../../src/graph/mermaid');
  const { workflow } = require('../../bench/generate') as typeof import('../../bench/generate');

  test('3,000 workflows: under 60,000 characters, changed ones drawn first, the rest counted with a line saying so', () => {
    const workflows = Array.from({ length: 3000 }, (_, i) => ({
      workflow: workflow(i, 1, 3000),
      source: `w${i}.json`,
      ...(i === 2500 || i === 2999 ? { change: 'changed' as const } : {}),
    }));
    const text = mermaidDocument(workflows, ['Gone one']);
    expect(text.length).toBeLessThanOrEqual(MARKDOWN_BUDGET);
    expect(text).toMatch(
      /\d+ more not listed, and \d+ of 3000 workflows not drawn here, to keep this page under GitHub's 65,536-character limit/,
    );
    const drawn = [...text.matchAll(/^## (.*)$/gm)].map((m) => m[1]);
    expect(drawn.length).toBeGreaterThan(3);
    expect(drawn.filter((d) => d?.endsWith(' (changed)'))).toHaveLength(2);
    expect(text).toContain('~~Gone one~~ (removed)');
    // Every anchor linked from the index is on the page.
    for (const [, anchor] of text.matchAll(/\]\(#([^)]+)\)/g))
      expect(text).toContain(`<a id="${anchor}"></a>`);
  });

  test('a small batch is drawn whole, with no such line', () => {
    const text = mermaidDocument([{ workflow: workflow(0, 1, 1), source: 'a.json' }]);
    expect(text).not.toContain('not drawn here');
    expect(text).toContain('```mermaid');
  });
});

test('a file name with blank lines, HTML or backticks stays one line of inline code in the Markdown', () => {
  const { mermaidDocument } =
    require('../../src/graph/mermaid') as typeof import('../../src/graph/mermaid');
  const source = 'evil\n\n<img src=x onerror=alert(1)>\n\n# Approved by the security team`.json';
  const text = mermaidDocument([
    { workflow: { name: 'x', trigger: { eventName: 'e' }, steps: [] }, source },
  ]);
  const line = text.split('\n').find((l) => l.startsWith('From '));
  expect(line).toBe(
    "From `evil <img src=x onerror=alert(1)> # Approved by the security team'.json`",
  );
  expect(text).not.toMatch(/^# Approved/m);
  expect(text).not.toMatch(/^<img/m);
});

test('the overview: events start workflows, calls link workflows, dotted lines lead to settings; none past 60 workflows', () => {
  const { overviewChart } =
    require('../../src/graph/mermaid') as typeof import('../../src/graph/mermaid');
  const lines = overviewChart([
    {
      workflow: {
        id: '6501a2b3c4d5e6f708192a61',
        name: 'Caller',
        trigger: { eventName: 'kustomer.conversation.create' },
        steps: [
          {
            id: 's',
            action: 'kustomer.workflow.6501a2b3c4d5e6f708192a62.call',
            params: { url: '{{{settings.default.apiBaseUrl}}}/x' },
          },
        ],
      },
      source: 'a.json',
    },
    {
      workflow: {
        id: '6501a2b3c4d5e6f708192a62',
        name: 'Callee',
        trigger: { eventName: 'kustomer.workflow.6501a2b3c4d5e6f708192a62.call' },
        steps: [],
      },
      source: 'b.json',
    },
  ]);
  expect(lines).toEqual([
    'flowchart LR',
    '  w0["Caller"]',
    '  w1["Callee"]',
    '  e0(["when kustomer.conversation.create"])',
    '  k0{{"default.apiBaseUrl"}}',
    '  e0 --> w0',
    '  w0 -->|calls| w1',
    '  w0 -.-> k0',
  ]);
  const many = Array.from({ length: 61 }, (_, i) => ({
    workflow: { name: `w${i}`, trigger: { eventName: 'e' }, steps: [] },
    source: `${i}.json`,
  }));
  expect(overviewChart(many)).toBeUndefined();
});
