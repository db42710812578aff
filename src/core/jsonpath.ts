// JSONPath as the selector syntax users write (jsonpath-plus, never evaluating scripts): selections as JSON Pointers.
import { errorMessage } from './errors';
import type { Json } from './json';

/** Keys that must never be named in a user path: they would reach an object prototype. */
export const UNSAFE_PATH = /__proto__|constructor|prototype/;

/**
 * The JSON Pointers a JSONPath selects in `doc`, deduplicated, in document order.
 * Throws an Error with a plain message for bad syntax or disabled script/filter expressions.
 */
export function selectPointers(doc: Json, path: string): string[] {
  if (UNSAFE_PATH.test(path)) throw new Error(`JSONPath ${JSON.stringify(path)} names __proto__, constructor or prototype`);
  const { JSONPath } = require('jsonpath-plus') as typeof import('jsonpath-plus');
  try {
    // eval: false: selectors are data, never code (script and filter evaluation has had RCE fixes).
    const found: string[] = JSONPath<string[]>({ path, json: doc as object, resultType: 'pointer', eval: false, wrap: true });
    return [...new Set(found)];
  } catch (error) {
    const reason = errorMessage(error);
    const hint = /eval/i.test(reason) ? 'filter and script expressions ([?(...)], (...)) are disabled for safety; select by names and indexes' : reason;
    throw new Error(`cannot use JSONPath ${JSON.stringify(path)}: ${hint}`, { cause: error });
  }
}
