// What `kwt release` prints: the bump, then each change in words with its class and reason, as text for a terminal, JSON
// for scripts, or Markdown for a pull request.
import type { ReleasePlan } from '../plan/release-plan';
import { escapeControls } from './terminal-text';
import { markdownText } from '../core/text';

/** The JSON report: `bump` and `changes` as documented, with the versions and the verdict around them. */
export function releaseJson(plan: ReleasePlan): Record<string, unknown> {
  return {
    app: plan.app ?? null,
    base: plan.baseVersion ?? null,
    version: plan.version ?? null,
    bump: plan.bump,
    versionOk: plan.verdict.ok,
    ...(plan.verdict.ok ? {} : { versionProblem: plan.verdict.message }),
    ...(plan.written ? { written: plan.written } : {}),
    changes: plan.changes.map((c) => ({
      kind: c.kind,
      name: c.name,
      bump: c.bump,
      reason: c.reason,
      text: c.text,
    })),
  };
}

function heading(plan: ReleasePlan, arrow = '->'): string {
  const version =
    typeof plan.version === 'string' ? plan.version : JSON.stringify(plan.version ?? null);
  const versions =
    plan.baseVersion !== undefined
      ? `${plan.baseVersion} ${arrow} ${version}`
      : `${version} (no base: a first release)`;
  const asks =
    plan.bump === 'none'
      ? 'nothing an installed org sees changed'
      : `the changes ask for a ${plan.bump} bump`;
  return `${plan.app ?? '(no app name)'} ${versions}: ${asks}`;
}

function verdictLine(plan: ReleasePlan): string {
  if (!plan.verdict.ok) return `version: ${plan.verdict.message}`;
  return plan.baseVersion === undefined
    ? 'version: a valid first version'
    : `version: ok (a ${plan.verdict.step} step)`;
}

/** Text for a terminal: each change with its bump, and its reason beneath it. */
export function releaseText(plan: ReleasePlan): string {
  const lines = [heading(plan)];
  const width = Math.max(0, ...plan.changes.map((c) => c.bump.length));
  for (const c of plan.changes) {
    lines.push(`  ${c.bump.padEnd(width)}  ${c.text}`);
    lines.push(`  ${' '.repeat(width)}  ${c.reason}`);
  }
  lines.push(verdictLine(plan));
  if (plan.written)
    lines.push(
      `wrote version ${plan.written.version}${plan.written.changelog === 'added' ? ' with its changelog entry' : ' (its changelog entry was kept as written)'}`,
    );
  return escapeControls(lines.join('\n')) + '\n';
}

/** Markdown for a pull request: the verdict, then a table of changes. */
export function releaseMarkdown(plan: ReleasePlan): string {
  const lines = [
    `### Release: ${markdownText(heading(plan, '→'))}`,
    '',
    verdictLine(plan).replace(/^version: /, '**Version:** '),
    '',
  ];
  if (plan.changes.length > 0) {
    lines.push('| Bump | Change | Why |', '| --- | --- | --- |');
    for (const c of plan.changes)
      lines.push(`| ${c.bump} | ${markdownText(c.text)} | ${markdownText(c.reason)} |`);
    lines.push('');
  }
  return escapeControls(lines.join('\n'));
}
