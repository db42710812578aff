// The one shared walker: visit every node, or rebuild a document with some strings replaced, tracking the path.
import { type Json, type JsonObject, type Path, isObject, setOwn } from './json';

/** Called for every node, parents first. Return 'skip' to not descend into this node. */
export type Visitor = (value: Json, path: Path) => void | 'skip';

export function visit(value: Json, visitor: Visitor, path: (string | number)[] = []): void {
  if (visitor(value, path) === 'skip') return;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      path.push(i);
      visit(value[i] as Json, visitor, path);
      path.pop();
    }
  } else if (isObject(value)) {
    for (const key of Object.keys(value)) {
      path.push(key);
      visit(value[key] as Json, visitor, path);
      path.pop();
    }
  }
}

/**
 * Rebuild `value` with every leaf passed through `fn`. Branches where nothing changed are returned
 * as the same object (structural sharing), so callers can test `result === value` for "no change"
 * and the input is never mutated. `path` is live: copy it if you keep it.
 */
export function mapLeaves(value: Json, fn: (leaf: Json, path: Path) => Json, path: (string | number)[] = []): Json {
  if (Array.isArray(value)) {
    let out: Json[] | undefined;
    for (let i = 0; i < value.length; i++) {
      path.push(i);
      const item = value[i] as Json;
      const next = mapLeaves(item, fn, path);
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
    for (const key of Object.keys(value)) {
      path.push(key);
      const item = value[key] as Json;
      const next = mapLeaves(item, fn, path);
      path.pop();
      if (next !== item) {
        out ??= { ...value };
        setOwn(out, key, next);
      }
    }
    return out ?? value;
  }
  return fn(value, path);
}

/** mapLeaves restricted to string leaves. */
export function mapStrings(value: Json, fn: (text: string, path: Path) => string): Json {
  return mapLeaves(value, (leaf, path) => (typeof leaf === 'string' ? fn(leaf, path) : leaf));
}
