// `kwt graph --format html`: one self-contained page (Mermaid inlined, a Content-Security-Policy that forbids every
// network request) with a chart per workflow, the findings next to their steps, and the block's settings, hooks and
// triggers. The caller masks secrets in the data before it gets here; every text is HTML-escaped.
import { isObject, type Json, type JsonObject } from '../core/json';
import type { Problem } from '../core/transform';
import type { Chart } from './mermaid';

export interface PageInput {
  title: string;
  charts: readonly Chart[];
  /** Findings per chart (by index), each with the step id it concerns when there is one. */
  findings: readonly { chart: number; step?: string; problem: Problem }[];
  /** Settings, hooks and triggers of the block drawn (with -c), for the tables. */
  block?: JsonObject;
  removed: readonly string[];
  /** The app as a whole (overviewChart), when there is one. */
  overview?: readonly string[];
  /** Mermaid's browser bundle, inlined. */
  mermaid: string;
}

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** A script inlined in a page must not contain `</script` (it would end the element). */
function inlineScript(code: string): string {
  return code.replace(/<\/(script)/gi, '<\\/$1');
}

function table(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  if (rows.length === 0) return '<p class="none">none</p>';
  const head = headers.map((h) => `<th>${escapeHtml(h)}</th>`).join('');
  const body = rows
    .map((r) => `<tr>${r.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`)
    .join('\n');
  return `<table><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

function text(value: Json | undefined): string {
  return value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value);
}

function blockTables(block: JsonObject | undefined): string {
  if (block === undefined) return '';
  const settings: string[][] = [];
  const categories = isObject(block['settings']) ? block['settings'] : {};
  for (const [category, entries] of Object.entries(categories)) {
    if (!isObject(entries)) continue;
    for (const [name, s] of Object.entries(entries)) {
      if (isObject(s))
        settings.push([
          `${category}.${name}`,
          text(s['type']),
          text(s['defaultValue']),
          text(s['required']),
          text(s['description']),
        ]);
    }
  }
  const list = (key: string): JsonObject[] =>
    Array.isArray(block[key]) ? block[key].filter(isObject) : [];
  return [
    '<h2 id="settings">Settings</h2>',
    table(['setting', 'type', 'default', 'required', 'description'], settings),
    '<h2 id="hooks">Hooks</h2>',
    table(
      ['event', 'type', 'description'],
      list('hooks').map((h) => [text(h['eventName']), text(h['type']), text(h['description'])]),
    ),
    '<h2 id="triggers">Triggers</h2>',
    table(
      ['event', 'description'],
      list('triggers').map((t) => [text(t['eventName']), text(t['description'])]),
    ),
  ].join('\n');
}

const STYLE = `body{font:14px/1.45 system-ui,sans-serif;margin:2rem;color:#212529}
.badge{display:inline-block;margin-left:.4rem;padding:0 .4rem;border-radius:.6rem;font-size:.8rem;color:#fff}
.badge.error{background:#c92a2a}.badge.warning{background:#e67700}.filter{margin:.5rem 0}.hidden{display:none}
h1{font-size:1.6rem}h2{margin-top:2.5rem;border-bottom:1px solid #dee2e6}table{border-collapse:collapse;margin:.5rem 0}
td,th{border:1px solid #dee2e6;padding:.25rem .5rem;text-align:left;vertical-align:top}.none{color:#868e96}
.legend span{display:inline-block;padding:0 .5rem;margin-right:.5rem;border:1px solid}.added{background:#d9f7d9;border-color:#2b8a3e}
.changed{background:#fff3bf;border-color:#e67700}.removed{text-decoration:line-through;color:#868e96}
.finding{margin:.2rem 0}.error{color:#c92a2a}.warning{color:#e67700}pre.mermaid{background:#fff}`;

// The page: index, legend, charts with their findings, tables; Mermaid renders the charts when it loads.
/** @lazy: loaded with require() by kwt graph --format html. */
export function htmlPage(input: PageInput): string {
  const mark = (change: Chart['change']): string =>
    change === 'added' || change === 'changed' ? ` <span class="${change}">${change}</span>` : '';
  // Each workflow's findings as badges in the index; the filter below shows only what matches, or only what is flagged.
  const badges = (i: number): string =>
    (['error', 'warning'] as const)
      .map((severity) => {
        const n = input.findings.filter(
          (f) => f.chart === i && f.problem.severity === severity,
        ).length;
        return n > 0
          ? `<span class="badge ${severity}" title="${n} ${severity}${n === 1 ? '' : 's'}">${n}</span>`
          : '';
      })
      .join('');
  const flagged = (i: number, c: Chart): boolean =>
    input.findings.some((f) => f.chart === i) || c.change === 'added' || c.change === 'changed';
  const index = input.charts.map(
    (c, i) =>
      `<li data-name="${escapeHtml(c.name.toLowerCase())}" data-flagged="${flagged(i, c) ? 'yes' : 'no'}" data-anchor="${c.anchor}"><a href="#${c.anchor}">${escapeHtml(c.name)}</a>${mark(c.change)}${badges(i)}</li>`,
  );
  for (const name of input.removed)
    index.push(`<li class="removed">${escapeHtml(name)} (removed)</li>`);
  const sections = input.charts.map((c, i) => {
    const findings = input.findings
      .filter((f) => f.chart === i)
      .map(
        (f) =>
          `<li class="finding ${f.problem.severity}">${escapeHtml(f.problem.severity)}${f.step !== undefined ? ` at step <code>${escapeHtml(f.step)}</code>` : ''}: ${escapeHtml(f.problem.message)} <code>[${escapeHtml(f.problem.code)}]</code></li>`,
      );
    return [
      `<section id="${c.anchor}">`,
      `<h2>${escapeHtml(c.name)}${mark(c.change)}</h2>`,
      `<p>From <code>${escapeHtml(c.source)}</code></p>`,
      findings.length > 0 ? `<ul>${findings.join('')}</ul>` : '',
      // Mermaid reads the text of the element: the chart is HTML-escaped, as any text in a page.
      `<pre class="mermaid">${escapeHtml(c.lines.join('\n'))}</pre>`,
      '</section>',
    ].join('\n');
  });
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; font-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(input.title)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>${escapeHtml(input.title)}</h1>
<p class="legend"><span class="added">added</span><span class="changed">changed</span>compared with the base app definition, when one was given</p>
${input.overview ? `<section id="overview"><h2>The app as a whole</h2><p>Events start workflows; workflows call others; dotted lines lead to the settings each uses.</p>\n<pre class="mermaid">${escapeHtml(input.overview.join('\n'))}</pre></section>` : ''}
<p class="filter"><input id="filter" type="search" placeholder="Filter workflows by name" aria-label="Filter workflows by name"> <label><input id="flagged" type="checkbox"> only with findings or changes</label></p>
<ol id="index">${index.join('\n')}</ol>
${sections.join('\n')}
${blockTables(input.block)}
<script>${inlineScript(input.mermaid)}</script>
<script>(function () {
  var filter = document.getElementById('filter'), only = document.getElementById('flagged');
  function apply() {
    var q = filter.value.toLowerCase();
    document.querySelectorAll('#index li[data-name]').forEach(function (li) {
      var show = li.getAttribute('data-name').indexOf(q) >= 0 && (!only.checked || li.getAttribute('data-flagged') === 'yes');
      li.classList.toggle('hidden', !show);
      var section = document.getElementById(li.getAttribute('data-anchor'));
      if (section) section.classList.toggle('hidden', !show);
    });
  }
  filter.addEventListener('input', apply);
  only.addEventListener('change', apply);
  // A link can carry a filter: review.html#filter=refund (and &flagged to show only what has findings or changes).
  var m = /^#filter=([^&]*)(&flagged)?$/.exec(location.hash);
  if (m) { filter.value = decodeURIComponent(m[1]); only.checked = Boolean(m[2]); apply(); }
})();</script>
<script>mermaid.initialize({ startOnLoad: false, securityLevel: 'strict', flowchart: { htmlLabels: true } });
mermaid.run({ querySelector: 'pre.mermaid' }).then(function () { document.body.setAttribute('data-rendered', 'yes'); }, function (e) { console.error(e); document.body.setAttribute('data-rendered', 'failed'); });</script>
</body>
</html>
`;
}
