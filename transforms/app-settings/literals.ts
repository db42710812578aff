// app-settings, its literals: where a literal may be replaced, what type and default its setting gets, and the one
// scan that tells whether any literal of the options occurs in a string.
import type { Json } from '../../src/core/json';
import { HEX24_EXACT, ORG_HOST, SETTING_ANY_REF } from '../../src/core/kustomer';
import { escapeRegExp } from '../../src/core/app-names';
import type { Options, SettingType } from './options';
import { matchesOf } from '../../src/core/matches';
import { encodedForms } from '../../src/core/secrets';
import { readString, spanOf } from '../../src/core/string-reading';

export /** A 24-hex id (queue, team, user, tag, sub-status) or a Kustomer org host: values no other org shares. */
function isOrgSpecific(literal: Json): boolean {
  return typeof literal === 'string' && (HEX24_EXACT.test(literal) || ORG_HOST.test(literal));
}

export function replaceOutsideReferences(text: string, match: string, replacement: string): string {
  if (!text.includes(match)) return text;
  let out = '';
  let last = 0;
  // A `{{{settings.…}}}` reference is already final: literals inside it are never replaced (idempotence).
  for (const m of matchesOf(SETTING_ANY_REF, text)) {
    out += text.slice(last, m.index).split(match).join(replacement) + m[0];
    last = (m.index ?? 0) + m[0].length;
  }
  return out + text.slice(last).split(match).join(replacement);
}

/** Keys whose values are the workflow's structure, never org data: replacing them would break the workflow. */
export const STRUCTURAL_KEYS: ReadonlySet<string | number> = new Set([
  'id',
  'target',
  'op',
  'action',
  'eventName',
  'appVersion',
  'name',
  'callable',
  'type',
]);

export function insideParams(path: readonly (string | number)[]): boolean {
  return path.includes('params');
}

export function typeOfLiteral(value: Json): SettingType {
  return typeof value === 'number' ? 'number' : typeof value === 'boolean' ? 'boolean' : 'string';
}

/** The literal as a setting default: scalars as they are, arrays and objects as their JSON text. */
export function defaultOf(value: Json): Json {
  return typeof value === 'object' && value !== null ? JSON.stringify(value) : value;
}

export type ValueSpec = Options['values'][number];

export interface MatchPlan {
  /** Matches when a string contains any string literal of `values`, in any of its encoded forms. */
  anyString: RegExp | undefined;
  /** anyString, or what may spell a literal in another layer (see maySpellHidden): the one test most strings get. */
  anyOrHidden: RegExp | undefined;
  strings: ValueSpec[];
  /**
   * For each of `strings`, the forms the literal takes inside other text, as written first (encodedForms): each is
   * replaced where it stands, so the string keeps its own encoding and an escaped body still parses.
   */
  forms: string[][];
  scalars: ValueSpec[];
}

/** Splits `values` by kind (once per step, through ctx.memo: the options are the same for every workflow). */
export function matchPlan(options: Options): MatchPlan {
  const strings = options.values.filter((v) => typeof v.match === 'string');
  const forms = strings.map((v) => encodedForms(v.match as string));
  const any = forms.flat().map(escapeRegExp).join('|');
  return {
    anyString: strings.length > 0 ? new RegExp(any) : undefined,
    anyOrHidden: strings.length > 0 ? new RegExp(`${any}|${SPELLING.source}`) : undefined,
    strings,
    forms,
    scalars: options.values.filter((v) => typeof v.match !== 'string'),
  };
}

/**
 * Layers that spell a literal where its encoded forms (as written, JSON-escaped, `\/`-escaped, percent-encoded) do
 * not: a Handlebars comment inside it, a `\uXXXX` escape, a character reference, another percent-encoding. Base64 is
 * left out: a reference inside it would decode to garbage.
 */
const SPELLING_LAYERS: ReadonlySet<string> = new Set([
  'handlebars',
  'unescaped',
  'json',
  'html',
  'percent',
  'pair',
]);

/** What a string holds when a layer may spell a literal its encoded forms miss (see SPELLING_LAYERS). */
const SPELLING = /\{\{!|\\u|[&%]/;

export function maySpellHidden(value: string): boolean {
  return SPELLING.test(value);
}

/**
 * Each place a literal of `plan` is spelled in a layer of `value` (the string's one reading, as the rules read it):
 * the literal's index in `plan.strings` and its span as written, which covers the escapes or the comment around it.
 * What a rule finds in a decoded layer is then rewritten too, so a config made from the rules' proposals transforms
 * clean.
 */
export function hiddenLiterals(
  value: string,
  plan: MatchPlan,
): { rule: number; secret: string; start: number; end: number }[] {
  const found: { rule: number; secret: string; start: number; end: number }[] = [];
  // A `{{{settings.…}}}` reference is final, as in replaceOutsideReferences: nothing inside one is rewritten.
  const references = [...matchesOf(SETTING_ANY_REF, value)].map(
    (m) => [m.index ?? 0, (m.index ?? 0) + m[0].length] as const,
  );
  const inReference = (start: number, end: number): boolean =>
    references.some(([from, to]) => start < to && end > from);
  for (const part of readString(value)) {
    if (part.root || !SPELLING_LAYERS.has(part.layer) || part.opaque) continue;
    plan.strings.forEach((spec, rule) => {
      const match = spec.match as string;
      for (let at = part.text.indexOf(match); at >= 0; at = part.text.indexOf(match, at + 1)) {
        const [start, end] = spanOf(part, at, at + match.length);
        if (!inReference(start, end)) found.push({ rule, secret: match, start, end });
      }
    });
  }
  return found;
}
