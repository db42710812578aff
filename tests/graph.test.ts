// kwt graph --format mermaid: the samples' charts against a reviewed fixture, every chart line against the small
// grammar kwt writes (so no name or value can break a diagram or inject a link), conditions in words, and the CLI.
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { runCli, tempDir, SAMPLES, ROOT } from './helpers/cli';
import { conditionText, mermaidDocument, mermaidText } from '../src/graph/mermaid';
import type { JsonObject } from '../src/core/json';

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
];

function chartLines(markdown: string): string[] {
  return [...markdown.matchAll(/```mermaid\n([\s\S]*?)```/g)].flatMap((m) => (m[1] as string).split('\n').filter((l) => l !== ''));
}

function expectGrammar(markdown: string): void {
  const bad = chartLines(markdown).filter((l) => !GRAMMAR.some((g) => g.test(l)));
  expect(bad).toEqual([]);
}

test('the samples, as they will ship, match the reviewed fixture and the grammar', async () => {
  const r = await runCli(['graph', path.join(SAMPLES, 'exports'), '-c', path.join(SAMPLES, 'kwt.config.json')], { cwd: ROOT });
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
    trigger: { eventName: evil, transitions: [{ target: 's', condition: { op: 'eq', values: ['/#steps.1.attributes.data.x', evil] } }, { target: evil }] },
    steps: [{ id: 's', action: evil, meta: { displayName: evil }, transitions: [], errorCases: [{ errorAction: { type: evil } }] }],
  };
  const markdown = mermaidDocument([{ workflow, source: 'a`b.json' }]);
  expectGrammar(markdown);
  // The name stays text: the only links are kwt's own anchors, and no HTML tag comes through.
  expect([...markdown.matchAll(/\]\(([^)]*)\)/g)].map((m) => m[1])).toEqual(['#wf-1-x-click-s0-href-javascript-alert-1-script-end']);
  expect(markdown).not.toContain('<script>');
  // One chart, two fences: the name's backticks did not open or close one.
  expect(markdown.match(/^```/gm)).toHaveLength(2);
  fc.assert(
    fc.property(fc.string({ unit: 'binary' }), (text) => {
      expect(mermaidText(text)).toMatch(new RegExp(`^${SAFE}$`));
    }),
  );
});

test('conditions read as words: and/or folded, exists without an empty operand, always for op true', () => {
  expect(conditionText({ op: 'contains', values: ['/#steps.1.attributes.data.subject', 'URGENT'] })).toBe('data.subject contains "URGENT"');
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
  ).toBe('id exists and (data.n eq 1 or data.n lt 0)');
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
