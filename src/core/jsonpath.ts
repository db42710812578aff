// JSONPath as the selector syntax users write (jsonpath-plus, never evaluating scripts): selections as JSON Pointers.
import { errorMessage } from './errors';
import type { Json } from './json';

/** Keys that must never be named in a user path: they would reach an object prototype. */
export const UNSAFE_PATH = /__proto__|constructor|prototype/;

const NAME = /^(?:\*|[^.[\]'"\s()?@$]+)/;
const BRACKET_ITEM =
  /^\s*(?:\*|-?\d+|'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|-?\d*:-?\d*(?::-?\d*)?)\s*$/;

/**
 * What is wrong with a JSONPath's syntax, or undefined when it is well formed. jsonpath-plus itself is lenient
 * (`$.description[` silently selects `$.description`), so paths are checked here, at config time.
 */
export function jsonPathSyntaxError(path: string): string | undefined {
  if (!path.startsWith('$')) return 'must start with $';
  let i = 1;
  while (i < path.length) {
    const rest = path.slice(i);
    if (rest.startsWith('..')) {
      i += 2;
      if (path[i] === '[') continue;
      const m = NAME.exec(path.slice(i));
      if (!m) return `expected a name, * or [ after .. at character ${i + 1}`;
      i += m[0].length;
    } else if (rest.startsWith('.')) {
      const m = NAME.exec(path.slice(i + 1));
      if (!m) return `expected a name or * after . at character ${i + 1}`;
      i += 1 + m[0].length;
    } else if (rest.startsWith('[')) {
      const close = findClose(path, i);
      if (close < 0) return `the [ at character ${i + 1} is never closed`;
      const inner = path.slice(i + 1, close);
      if (/^\s*\??\(/.test(inner))
        return 'filter and script expressions ([?(...)], (...)) are disabled for safety; select by names and indexes';
      if (
        inner.trim() === '' ||
        !inner.split(/,(?=(?:[^'"]|'[^']*'|"[^"]*")*$)/).every((part) => BRACKET_ITEM.test(part))
      ) {
        return `[${inner}] is not an index, a quoted name, *, a slice or a list of those`;
      }
      i = close + 1;
    } else return `unexpected ${JSON.stringify(path[i])} at character ${i + 1}`;
  }
  return undefined;
}

/** Index of the ] that closes the [ at `open`, skipping quoted names; -1 when there is none. */
function findClose(path: string, open: number): number {
  let quote: string | undefined;
  for (let i = open + 1; i < path.length; i++) {
    const c = path[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = undefined;
    } else if (c === "'" || c === '"') quote = c;
    else if (c === ']') return i;
    else if (c === '[') return -1;
  }
  return -1;
}

/**
 * The JSON Pointers a JSONPath selects in `doc`, deduplicated, in document order.
 * Throws an Error with a plain message for bad syntax or disabled script/filter expressions.
 */
export function selectPointers(doc: Json, path: string): string[] {
  if (UNSAFE_PATH.test(path))
    throw new Error(`JSONPath ${JSON.stringify(path)} names __proto__, constructor or prototype`);
  const { JSONPath } = require('jsonpath-plus') as typeof import('jsonpath-plus');
  try {
    // eval: false: selectors are data, never code (script and filter evaluation has had RCE fixes).
    const found: string[] = JSONPath<string[]>({
      path,
      json: doc as object,
      resultType: 'pointer',
      eval: false,
      wrap: true,
    });
    return [...new Set(found)];
  } catch (error) {
    const reason = errorMessage(error);
    const hint = /eval/i.test(reason)
      ? 'filter and script expressions ([?(...)], (...)) are disabled for safety; select by names and indexes'
      : reason;
    throw new Error(`cannot use JSONPath ${JSON.stringify(path)}: ${hint}`, { cause: error });
  }
}
