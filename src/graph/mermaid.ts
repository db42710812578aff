// Workflows as Mermaid flowcharts in Markdown (GitHub renders them in pull requests): the trigger, each step, end
// states, transitions labelled with their condition in words, error cases as dashed edges, calls and schedules of other
// workflows of the batch as links between charts. Every text from a workflow is entity-encoded: no name or value can
// end a label, start a directive or inject a link.
import { CONDITION_WORDS } from '../core/kustomer';
import { isObject, type Json, type JsonObject } from '../core/json';
import { slugify } from '../core/app-names';
import { WORKFLOW_CALL, isWorkflowIdParam } from '../core/kustomer';
import { visitStrings } from '../core/walk';
import { matchesOf } from '../core/matches';
import { markdownCode, markdownText } from '../core/text';
import { pushAll } from '../core/lists';

export interface GraphWorkflow {
  workflow: JsonObject;
  /** Where it came from (a file, `file#2`), shown under its title. */
  source: string;
  /** Compared with a previous app definition (--base): what is new or different, by workflow and by step id. */
  change?: 'added' | 'changed' | 'unchanged';
  changedSteps?: ReadonlySet<string>;
  addedSteps?: ReadonlySet<string>;
  /** Steps with a validation finding (the HTML page): outlined red. */
  flaggedSteps?: ReadonlySet<string>;
}

/** One workflow's chart, ready for Markdown or a page. */
export interface Chart {
  name: string;
  anchor: string;
  source: string;
  change?: GraphWorkflow['change'];
  /** The flowchart, line by line (no fences). */
  lines: string[];
  /** Mermaid node id of each step id, for findings shown next to their step. */
  nodes: ReadonlyMap<string, string>;
}

/** Longest label text before it is cut (a chart of 50 steps must stay readable). */
const MAX_LABEL = 90;

/** Mermaid's entity codes (`#35;`) for every character but plain ones: quotes, brackets, pipes and newlines cannot escape a label. */
export function mermaidText(text: string): string {
  const cut = text.length > MAX_LABEL ? text.slice(0, MAX_LABEL - 1) + '…' : text;
  return [...cut]
    .map((c) => (/[A-Za-z0-9 _.,:/+-]/.test(c) ? c : `#${c.codePointAt(0)};`))
    .join('');
}

function nameOf(w: JsonObject): string {
  return typeof w['name'] === 'string' && w['name'] !== '' ? w['name'] : '(unnamed)';
}

/** The anchor of a workflow's chart: letters, digits and dashes only. */
function anchorOf(w: JsonObject, index: number): string {
  return `wf-${index + 1}-${slugify(nameOf(w)).slice(0, 60) || 'workflow'}`;
}

/** `/#steps.1.attributes.data.subject` reads `data.subject`: the part a reviewer recognises. */
function subject(value: Json | undefined): string {
  if (typeof value !== 'string') return JSON.stringify(value ?? null);
  const path = /^\/#(?:fn:[^,]+,)?steps\.[^.]+\.attributes\.(.+)$/.exec(value);
  return path
    ? (path[1] as string)
    : value.startsWith('/#')
      ? value.slice(2)
      : JSON.stringify(value);
}

/** A condition in words: `data.subject contains "URGENT"`, `and`/`or` folded, `always` for op true. */
export function conditionText(condition: Json | undefined): string {
  if (!isObject(condition)) return '';
  const op = typeof condition['op'] === 'string' ? condition['op'] : '?';
  const values = Array.isArray(condition['values']) ? condition['values'] : [];
  if (op === 'true') return 'always';
  if (op === 'and' || op === 'or')
    return values
      .map((v) =>
        isObject(v) && (v['op'] === 'and' || v['op'] === 'or')
          ? `(${conditionText(v)})`
          : conditionText(v),
      )
      .join(` ${op} `);
  // `exists` and `dne` carry an empty operand: words, not `""`.
  const operands = values.slice(1).filter((v) => v !== '');
  return [
    subject(values[0]),
    Object.hasOwn(CONDITION_WORDS, op) ? CONDITION_WORDS[op] : op,
    ...operands.map((v) =>
      typeof v === 'string' && v.startsWith('/#') ? subject(v) : JSON.stringify(v),
    ),
  ].join(' ');
}

/** The short name of an action: `kustomer.rest-api.json` reads `rest-api.json`, an app action its app and action. */
function actionName(action: unknown): string {
  if (typeof action !== 'string') return '(no action)';
  return action.replace(/^kustomer\.app\./, '').replace(/^kustomer\./, '');
}

/** Ids of other workflows this step calls (`kustomer.workflow.<id>.call`) or schedules (`params.workflowId`). */
function calledIds(step: JsonObject): string[] {
  const ids = new Set<string>();
  visitStrings(step, (value, path) => {
    if (isWorkflowIdParam(path[path.length - 1] ?? '', path[path.length - 2])) ids.add(value);
    if (value.includes('kustomer.workflow.'))
      for (const m of matchesOf(WORKFLOW_CALL, value)) ids.add(m[1] as string);
  });
  return [...ids];
}

/** The lines that mark steps: added and changed against --base, and steps with findings. */
function markLines(g: GraphWorkflow, steps: readonly JsonObject[]): string[] {
  const marked = (set: ReadonlySet<string> | undefined): string[] =>
    steps.flatMap((s, i) => (typeof s['id'] === 'string' && set?.has(s['id']) ? [`s${i}`] : []));
  const lines: string[] = [];
  // --base: new steps green, changed steps amber (a legend on the page explains them).
  const added = marked(g.addedSteps);
  if (added.length > 0)
    lines.push('  classDef added fill:#d9f7d9,stroke:#2b8a3e', `  class ${added.join(',')} added`);
  const changed = marked(g.changedSteps);
  if (changed.length > 0)
    lines.push(
      '  classDef changed fill:#fff3bf,stroke:#e67700',
      `  class ${changed.join(',')} changed`,
    );
  const flagged = marked(g.flaggedSteps);
  if (flagged.length > 0)
    lines.push(
      '  classDef finding stroke:#c92a2a,stroke-width:3px',
      `  class ${flagged.join(',')} finding`,
    );
  return lines;
}

/** One step as a node: its action, its display name, and the workflow it calls (a link to that workflow's chart). */
function stepLines(
  s: JsonObject,
  i: number,
  charts: ReadonlyMap<string, { name: string; anchor: string }>,
): string[] {
  const meta =
    isObject(s['meta']) && typeof s['meta']['displayName'] === 'string'
      ? s['meta']['displayName']
      : undefined;
  const called = calledIds(s)
    .map((id) => charts.get(id))
    .find((c) => c !== undefined);
  const label = [actionName(s['action']), meta, called ? `calls ${called.name}` : undefined]
    .filter((x) => x !== undefined)
    .map(mermaidText)
    .join('<br/>');
  return [`  s${i}["${label}"]`, ...(called ? [`  click s${i} href "#${called.anchor}"`] : [])];
}

/** A step's error cases, as dotted edges to what each does. */
function errorCaseLines(s: JsonObject, i: number): string[] {
  const errors = Array.isArray(s['errorCases']) ? s['errorCases'].filter(isObject) : [];
  return errors.flatMap((ec, j) => {
    const action =
      isObject(ec['errorAction']) && typeof ec['errorAction']['type'] === 'string'
        ? ec['errorAction']['type']
        : '?';
    const when = conditionText(ec['condition']);
    return [
      `  s${i}_e${j}{{"${mermaidText(action)}"}}`,
      `  s${i} -.->|"${mermaidText(`on error${when ? `: ${when}` : ''}`)}"| s${i}_e${j}`,
    ];
  });
}

/** Draws transitions as edges (a missing target as its own node); a step that leads nowhere goes to the end node. */
class EdgeDrawer {
  private ghosts = 0;
  ended = false;

  constructor(
    private readonly lines: string[],
    private readonly ids: ReadonlyMap<string, string>,
  ) {}

  edges(from: string, node: JsonObject): void {
    const transitions = Array.isArray(node['transitions'])
      ? node['transitions'].filter(isObject)
      : [];
    for (const t of transitions) {
      let to = typeof t['target'] === 'string' ? this.ids.get(t['target']) : undefined;
      if (to === undefined) {
        to = `missing${this.ghosts++}`;
        const target =
          typeof t['target'] === 'string' ? t['target'] : JSON.stringify(t['target'] ?? null);
        this.lines.push(`  ${to}[/"${mermaidText(`missing step ${target}`)}"/]`);
      }
      const words = conditionText(t['condition']);
      this.lines.push(
        words === '' || words === 'always'
          ? `  ${from} --> ${to}`
          : `  ${from} -->|"${mermaidText(words)}"| ${to}`,
      );
    }
    // A step that leads nowhere ends the workflow: drawn into the chart's one end node.
    if (transitions.length === 0 && from !== 'trigger') {
      this.ended = true;
      this.lines.push(`  ${from} --> done`);
    }
  }
}

function chart(
  g: GraphWorkflow,
  charts: ReadonlyMap<string, { name: string; anchor: string }>,
): { lines: string[]; nodes: Map<string, string> } {
  const w = g.workflow;
  const lines = ['flowchart TD'];
  const trigger = isObject(w['trigger']) ? w['trigger'] : {};
  const event =
    typeof trigger['eventName'] === 'string'
      ? trigger['eventName']
      : trigger['callable'] === true
        ? 'called by another workflow'
        : '(no trigger)';
  lines.push(`  trigger(["${mermaidText(`when ${event}`)}"])`);
  const steps = Array.isArray(w['steps']) ? w['steps'].filter(isObject) : [];
  const ids = new Map<string, string>();
  steps.forEach((s, i) => typeof s['id'] === 'string' && ids.set(s['id'], `s${i}`));
  steps.forEach((s, i) => pushAll(lines, stepLines(s, i, charts)));
  const drawer = new EdgeDrawer(lines, ids);
  drawer.edges('trigger', trigger);
  steps.forEach((s, i) => {
    drawer.edges(`s${i}`, s);
    pushAll(lines, errorCaseLines(s, i));
  });
  if (drawer.ended) lines.push('  done((end))');
  pushAll(lines, markLines(g, steps));
  return { lines, nodes: ids };
}

/** The charts of a batch, in order; calls between its workflows become links between them. */
export function chartsOf(workflows: readonly GraphWorkflow[]): Chart[] {
  const targets = new Map<string, { name: string; anchor: string }>();
  workflows.forEach(({ workflow }, i) => {
    if (typeof workflow['id'] === 'string')
      targets.set(workflow['id'], { name: nameOf(workflow), anchor: anchorOf(workflow, i) });
  });
  return workflows.map((g, i) => {
    const { lines, nodes } = chart(g, targets);
    return {
      name: nameOf(g.workflow),
      anchor: anchorOf(g.workflow, i),
      source: g.source,
      ...(g.change ? { change: g.change } : {}),
      lines,
      nodes,
    };
  });
}

const MARK = { added: ' (added)', changed: ' (changed)', unchanged: '' } as const;

/**
 * The most characters the Markdown may have: under GitHub's 65,536 for a pull-request comment (and far under the
 * 1 MiB of a job summary), with room for what a CI step puts around it.
 */
export const MARKDOWN_BUDGET = 60_000;

/** Past this many workflows the overview would be a hairball nobody reads: it is left out, with a line saying so. */
const OVERVIEW_MAX = 60;

const SETTING_REFERENCE = /\{\{\{?\s*settings\.([A-Za-z_][A-Za-z0-9_]*\.[A-Za-z_][A-Za-z0-9_]*)/g;

/**
 * The app as a whole, for a reviewer: which events start which workflows, which workflows call or schedule which,
 * and which settings each uses. One Mermaid chart, left to right.
 */
export function overviewChart(workflows: readonly GraphWorkflow[]): string[] | undefined {
  if (workflows.length === 0 || workflows.length > OVERVIEW_MAX) return undefined;
  const lines = ['flowchart LR'];
  const byId = new Map<string, number>();
  workflows.forEach(
    ({ workflow }, i) => typeof workflow['id'] === 'string' && byId.set(workflow['id'], i),
  );
  const events = new Map<string, string>();
  const settings = new Map<string, string>();
  const edges: string[] = [];
  workflows.forEach(({ workflow }, i) => {
    lines.push(`  w${i}["${mermaidText(nameOf(workflow))}"]`);
    const trigger = isObject(workflow['trigger']) ? workflow['trigger'] : {};
    const event = typeof trigger['eventName'] === 'string' ? trigger['eventName'] : undefined;
    if (event !== undefined && !/^kustomer\.workflow\.[^.]+\.call$/.test(event)) {
      if (!events.has(event)) events.set(event, `e${events.size}`);
      edges.push(`  ${events.get(event) as string} --> w${i}`);
    }
    const steps = Array.isArray(workflow['steps']) ? workflow['steps'].filter(isObject) : [];
    const called = new Set<number>();
    for (const s of steps)
      for (const id of calledIds(s)) if (byId.has(id)) called.add(byId.get(id) as number);
    for (const j of called) edges.push(`  w${i} -->|calls| w${j}`);
    const used = new Set<string>();
    visitStrings(workflow, (value) => {
      if (value.includes('settings.'))
        for (const m of matchesOf(SETTING_REFERENCE, value)) used.add(m[1] as string);
    });
    for (const name of [...used].sort()) {
      if (!settings.has(name)) settings.set(name, `k${settings.size}`);
      edges.push(`  w${i} -.-> ${settings.get(name) as string}`);
    }
  });
  for (const [event, id] of events) lines.push(`  ${id}(["${mermaidText(`when ${event}`)}"])`);
  for (const [name, id] of settings) lines.push(`  ${id}{{"${mermaidText(name)}"}}`);
  pushAll(lines, edges);
  return lines;
}

/** The text of one chart's section. */
function chartSection(c: Chart): string[] {
  return [
    '',
    `<a id="${c.anchor}"></a>`,
    '',
    `## ${markdownText(c.name)}${MARK[c.change ?? 'unchanged']}`,
    '',
    `From ${markdownCode(c.source)}`,
    '',
  ];
}

/**
 * One Markdown document: an index (with --base, what changed and what was removed), then a chart per workflow. It
 * stays within `budget` characters by itself, so it can go into a job summary or a comment as it is: the changed and
 * added workflows are drawn first, then the others in order while they fit; the rest are listed by name, with a line
 * saying so (the HTML page draws them all).
 */
export function mermaidDocument(
  workflows: readonly GraphWorkflow[],
  removed: readonly string[] = [],
  budget: number = MARKDOWN_BUDGET,
): string {
  const charts = chartsOf(workflows);
  const sizeOf = (c: Chart): number =>
    chartSection(c).join('\n').length + c.lines.reduce((n, l) => n + l.length + 1, 0) + 10;
  const indexLine = (c: Chart, i: number, drawn: boolean): string =>
    `${i + 1}. ${drawn ? `[${markdownText(c.name)}](#${c.anchor})` : markdownText(c.name)}${MARK[c.change ?? 'unchanged']}`;
  // The index takes at most half the budget (changed and added workflows first, then in order); the charts what is left.
  const byPriority = [
    ...charts.filter((c) => c.change === 'added' || c.change === 'changed'),
    ...charts.filter((c) => c.change !== 'added' && c.change !== 'changed'),
  ];
  let used = 400 + removed.reduce((n, r) => n + markdownText(r).length + 20, 0);
  // The app as a whole first, when it takes at most a quarter of the budget.
  const whole = overviewChart(workflows);
  const overviewSize = whole ? whole.reduce((n, l) => n + l.length + 1, 0) + 120 : 0;
  const overview = whole && overviewSize <= budget / 4 ? whole : undefined;
  used += overview ? overviewSize : 0;
  const indexed = new Set<Chart>();
  for (const c of byPriority) {
    const size = indexLine(c, charts.indexOf(c), true).length + 1;
    if (used + size > budget / 2) break;
    indexed.add(c);
    used += size;
  }
  const drawn = new Set<Chart>();
  for (const c of byPriority) {
    if (!indexed.has(c)) break;
    const size = sizeOf(c);
    if (used + size > budget) continue;
    drawn.add(c);
    used += size;
  }
  const out = ['# Workflows', ''];
  if (overview) {
    out.push(
      'Events start workflows; workflows call others; dotted lines lead to the settings each uses.',
      '',
      '```mermaid',
    );
    pushAll(out, overview);
    out.push('```', '');
  } else if (workflows.length > OVERVIEW_MAX)
    out.push(
      `(No overview chart for ${workflows.length} workflows; the index and the charts follow.)`,
      '',
    );
  charts.forEach((c, i) => {
    if (indexed.has(c)) out.push(indexLine(c, i, drawn.has(c)));
  });
  for (const name of removed) out.push(`- ~~${markdownText(name)}~~ (removed)`);
  const unlisted = charts.length - indexed.size;
  const undrawn = charts.length - drawn.size;
  if (undrawn > 0)
    out.push(
      '',
      `${unlisted > 0 ? `${unlisted} more not listed, and ` : ''}${undrawn} of ${charts.length} workflows not drawn here, to keep this page under ` +
        `GitHub's 65,536-character limit for a comment; \`kwt graph --format html\` draws them all.`,
    );
  for (const c of charts) {
    if (!drawn.has(c)) continue;
    pushAll(out, chartSection(c));
    out.push('```mermaid');
    pushAll(out, c.lines);
    out.push('```');
  }
  return out.join('\n') + '\n';
}
