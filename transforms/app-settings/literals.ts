// app-settings, its literals: where a literal may be replaced, what type and default its setting gets, and the one
// scan that tells whether any literal of the options occurs in a string.
import type { Json } from '../../src/core/json';
import { HEX24_EXACT, ORG_HOST, SETTING_ANY_REF } from '../../src/core/kustomer';
import { escapeRegExp } from '../../src/core/app-names';
import type { Options, SettingType } from './options';
import { matchesOf } from '../../src/core/matches';
import { encodedForms } from '../../src/core/secrets';

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
  return {
    anyString:
      strings.length > 0 ? new RegExp(forms.flat().map(escapeRegExp).join('|')) : undefined,
    strings,
    forms,
    scalars: options.values.filter((v) => typeof v.match !== 'string'),
  };
}
