// app-settings, part 4: credentials become secret settings, matched by shape or by the header that holds them, so a
// config never has to contain the credential itself. Batch-wide checks: a rule that matches nothing, a rule that would fold
// different credentials into one setting.
import { type Path, isObject } from '../../src/core/json';
import { credentialContext, detectCredentials } from '../../src/core/credentials';
import type { BatchEntry } from '../../src/core/transform';
import { visitStrings } from '../../src/core/walk';

export interface CredentialSpec {
  setting: string;
  /** Whatever this request header holds (case-insensitive), minus an auth scheme. */
  header?: string;
  /** Only credentials of this kind (a detector id such as `stripe-key`), anywhere in step params. */
  kind?: string;
  description?: string;
  displayName?: string;
}

export interface CredentialMatch {
  /** Index of the rule in `credentials`. */
  rule: number;
  /** The secret part, decoded (never printed). */
  secret: string;
  /** Where it is in the string as written ([start, end) may cover escapes or percent-encoding): the span to rewrite. */
  start: number;
  end: number;
}

const SCHEME = /^\s*(?:bearer|token|basic)\s+/i;

/** The header name when `path` is a request header (`…params.headers.<name>`), lower-cased. */
function headerAt(path: Path): string | undefined {
  const i = path.lastIndexOf('headers');
  return i >= 0 && i === path.length - 2 ? String(path[path.length - 1]).toLowerCase() : undefined;
}

/** The credentials in one string of step params, each with the rule that takes it. */
export function matchCredentials(
  value: string,
  path: Path,
  specs: readonly CredentialSpec[],
): CredentialMatch[] {
  const header = headerAt(path);
  const byHeader =
    header === undefined
      ? -1
      : specs.findIndex((c) => c.header !== undefined && c.header.toLowerCase() === header);
  if (byHeader >= 0) {
    // A rule naming a header takes whatever the header holds: its shape does not matter.
    const secret = value.replace(SCHEME, '').trim();
    const start = value.indexOf(secret);
    return secret.length > 0 && !secret.includes('{{')
      ? [{ rule: byHeader, secret, start, end: start + secret.length }]
      : [];
  }
  const out: CredentialMatch[] = [];
  for (const found of detectCredentials(value, credentialContext(path))) {
    const rule = specs.findIndex(
      (c) => c.header === undefined && (c.kind === undefined || c.kind === found.rule),
    );
    if (rule >= 0) out.push({ rule, secret: found.value, start: found.start, end: found.end });
  }
  return out;
}

/**
 * `value` with each match's span replaced by its reference: the span is the credential as written, so an escaped body
 * stays escaped and still parses (a reference holds no character JSON or a URL would escape). Overlapping spans are
 * replaced once, by the first.
 */
export function replaceSpans(
  value: string,
  matches: readonly CredentialMatch[],
  referenceOf: (m: CredentialMatch) => string,
): string {
  const ordered = [...matches].sort((a, b) => a.start - b.start);
  let out = '';
  let last = 0;
  for (const m of ordered) {
    if (m.start < last) continue;
    out += value.slice(last, m.start) + referenceOf(m);
    last = m.end;
  }
  return out + value.slice(last);
}

export interface CredentialAnalysis {
  /** Rules that matched nothing in the whole batch. */
  unmatched: number[];
  /** Rules without header or kind that matched more than one distinct credential, with the kinds seen. */
  folded: { rule: number; count: number }[];
}

/** Looks at every workflow of the batch once (through ctx.memo): what each rule matches across the whole run. */
export function analyzeCredentials(
  batch: readonly BatchEntry[],
  specs: readonly CredentialSpec[],
): CredentialAnalysis {
  const distinct = specs.map(() => new Set<string>());
  // Rules that name a header look at headers only: the common case costs a look at each step's headers, not a walk.
  const headersOnly = specs.every((s) => s.header !== undefined);
  const take = (value: string, path: Path): void => {
    for (const m of matchCredentials(value, path, specs)) distinct[m.rule]!.add(m.secret);
  };
  for (const entry of batch) {
    if (!headersOnly) {
      visitStrings(entry.workflow, (value, path) => path.includes('params') && take(value, path));
      continue;
    }
    const steps = Array.isArray(entry.workflow['steps']) ? entry.workflow['steps'] : [];
    steps.forEach((step, i) => {
      const headers =
        isObject(step) && isObject(step['params']) ? step['params']['headers'] : undefined;
      if (!isObject(headers)) return;
      for (const [name, value] of Object.entries(headers))
        if (typeof value === 'string') take(value, ['steps', i, 'params', 'headers', name]);
    });
  }
  return {
    unmatched: distinct.flatMap((set, i) => (set.size === 0 ? [i] : [])),
    folded: distinct.flatMap((set, i) =>
      set.size > 1 && specs[i]!.header === undefined && specs[i]!.kind === undefined
        ? [{ rule: i, count: set.size }]
        : [],
    ),
  };
}
