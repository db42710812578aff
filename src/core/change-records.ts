// Computes change records by diffing a workflow before and after a transform, so records never disagree with output.
import { type Json, assertPlainPrototype, deepEqual, isObject, toPointer } from './json';
import type { ChangeRecord } from './transform';

/**
 * Structural diff. Shared (===) branches are skipped, so transforms that rebuild only what they change
 * cost little here. Arrays whose length changed are recorded as one replacement: index-by-index records
 * after an insertion would be noise.
 */
export function diffRecords(
  transform: string,
  before: Json,
  after: Json,
  path: (string | number)[] = [],
  out: ChangeRecord[] = [],
): ChangeRecord[] {
  if (before === after) return out;
  if (isObject(before) && isObject(after)) {
    for (const key of Object.keys(before)) {
      path.push(key);
      if (!Object.prototype.hasOwnProperty.call(after, key)) {
        out.push({
          transform,
          op: 'remove',
          pointer: toPointer(path),
          before: before[key] as Json,
        });
      } else {
        diffRecords(transform, before[key] as Json, after[key] as Json, path, out);
      }
      path.pop();
    }
    for (const key of Object.keys(after)) {
      if (!Object.prototype.hasOwnProperty.call(before, key)) {
        path.push(key);
        out.push({ transform, op: 'add', pointer: toPointer(path), after: after[key] as Json });
        path.pop();
      }
    }
    return out;
  }
  if (Array.isArray(before) && Array.isArray(after) && before.length === after.length) {
    for (let i = 0; i < before.length; i++) {
      path.push(i);
      diffRecords(transform, before[i] as Json, after[i] as Json, path, out);
      path.pop();
    }
    return out;
  }
  if (!deepEqual(before, after))
    out.push({ transform, op: 'replace', pointer: toPointer(path), before, after });
  return out;
}

/**
 * How many records diffRecords would make, without making them: the pretty summary shows counts only, and a record
 * holds a pointer string and the values before and after (keeping old subtrees alive). Same walk, same decisions.
 */
export function countChanges(before: Json, after: Json): number {
  assertPlainPrototype();
  return countBetween(before, after);
}

function countBetween(before: Json, after: Json): number {
  if (before === after) return 0;
  if (isObject(before) && isObject(after)) {
    // for…in: own keys only while the prototype is plain (asserted on entry), without a key array per object.
    let n = 0;
    for (const key in before) {
      n += Object.prototype.hasOwnProperty.call(after, key)
        ? countBetween(before[key] as Json, after[key] as Json)
        : 1;
    }
    for (const key in after) if (!Object.prototype.hasOwnProperty.call(before, key)) n++;
    return n;
  }
  if (Array.isArray(before) && Array.isArray(after) && before.length === after.length) {
    let n = 0;
    for (let i = 0; i < before.length; i++) n += countBetween(before[i] as Json, after[i] as Json);
    return n;
  }
  return deepEqual(before, after) ? 0 : 1;
}
