// The one shared walker: visit every node, or rebuild a document with some strings replaced, tracking the path.
import {
  type Json,
  type JsonObject,
  type Path,
  assertPlainPrototype,
  isObject,
  setOwn,
} from './json';

/** Called for every node, parents first. Return 'skip' to not descend into this node. */
export type Visitor = (value: Json, path: Path) => void | 'skip';

export function visit(value: Json, visitor: Visitor, path: (string | number)[] = []): void {
  assertPlainPrototype();
  visitNodes(value, visitor, path);
}

function visitNodes(value: Json, visitor: Visitor, path: (string | number)[]): void {
  if (visitor(value, path) === 'skip') return;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      path.push(i);
      visitNodes(value[i] as Json, visitor, path);
      path.pop();
    }
  } else if (isObject(value)) {
    // for…in: own keys only while the prototype is plain (asserted above), without allocating a key array.
    for (const key in value) {
      path.push(key);
      visitNodes(value[key] as Json, visitor, path);
      path.pop();
    }
  }
}

/**
 * Rebuild `value` with every leaf passed through `fn`. Branches where nothing changed are returned
 * as the same object (structural sharing), so callers can test `result === value` for "no change"
 * and the input is never mutated. `path` is live: copy it if you keep it.
 */
export function mapLeaves(
  value: Json,
  fn: (leaf: Json, path: Path) => Json,
  path: (string | number)[] = [],
): Json {
  assertPlainPrototype();
  return rebuild(value, fn, path, false);
}

/** mapLeaves restricted to string leaves: numbers, booleans and null are passed over without a call. */
export function mapStrings(
  value: Json,
  fn: (text: string, path: Path) => string,
  path: (string | number)[] = [],
): Json {
  assertPlainPrototype();
  return rebuild(value, fn as (leaf: Json, path: Path) => Json, path, true);
}

/** The one rebuilding walk behind mapLeaves and mapStrings. */
function rebuild(
  value: Json,
  fn: (leaf: Json, path: Path) => Json,
  path: (string | number)[],
  stringsOnly: boolean,
): Json {
  if (Array.isArray(value)) {
    let out: Json[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const item = value[i] as Json;
      const branch = item !== null && typeof item === 'object';
      if (stringsOnly && !branch && typeof item !== 'string') continue;
      path.push(i);
      // A leaf goes to fn here, not through another call of rebuild: most nodes are leaves.
      const next = branch ? rebuild(item, fn, path, stringsOnly) : fn(item, path);
      path.pop();
      if (next !== item) {
        out ??= value.slice();
        out[i] = next;
      }
    }
    return out ?? value;
  }
  if (isObject(value)) {
    let out: JsonObject | undefined;
    for (const key in value) {
      const item = value[key] as Json;
      const branch = item !== null && typeof item === 'object';
      if (stringsOnly && !branch && typeof item !== 'string') continue;
      path.push(key);
      const next = branch ? rebuild(item, fn, path, stringsOnly) : fn(item, path);
      path.pop();
      if (next !== item) {
        out ??= { ...value };
        setOwn(out, key, next);
      }
    }
    return out ?? value;
  }
  // A root that is a leaf: mapStrings hands fn strings only, whatever it is given.
  return stringsOnly && typeof value !== 'string' ? value : fn(value, path);
}

/** Calls `fn` for every string in `value` (not for other nodes): the common case of the walkers, without a call per node. */
export function visitStrings(
  value: Json,
  fn: (text: string, path: Path) => void,
  path: (string | number)[] = [],
): void {
  assertPlainPrototype();
  walkStrings(value, fn, path);
}

function walkStrings(
  value: Json,
  fn: (text: string, path: Path) => void,
  path: (string | number)[],
): void {
  if (typeof value === 'string') {
    fn(value, path);
    return;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const item = value[i] as Json;
      // A string goes to fn here, not through another call: most nodes are strings.
      if (typeof item === 'string') {
        path.push(i);
        fn(item, path);
        path.pop();
      } else if (item !== null && typeof item === 'object') {
        path.push(i);
        walkStrings(item, fn, path);
        path.pop();
      }
    }
  } else if (isObject(value)) {
    for (const key in value) {
      const item = value[key] as Json;
      if (typeof item === 'string') {
        path.push(key);
        fn(item, path);
        path.pop();
      } else if (item !== null && typeof item === 'object') {
        path.push(key);
        walkStrings(item, fn, path);
        path.pop();
      }
    }
  }
}
