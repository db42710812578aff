// Serialize an edited document so that every value it did not change keeps the exact text it had in the source file.
// What changed is written as `serialize` writes it (in the file's style); a one-line array stays on one line.

import { isObject, withLineStyle, type Json, type TextStyle } from '../core/json';
import { elementStarts, memberStarts, skipWs, valueEnd } from './text';

/** Where a value starts in the source, and the source with the value it parses to. */
interface Source {
  text: string;
  value: Json;
  start: number;
}

/**
 * Equal values with keys in the same order. Not json.ts's deepEqual, which ignores key order: text kept for a
 * reordered object would bring back the old order.
 */
function sameInOrder(a: Json | undefined, b: Json | undefined): boolean {
  if (a === b) return true;
  if (Array.isArray(a))
    return Array.isArray(b) && a.length === b.length && a.every((x, i) => sameInOrder(x, b[i]));
  if (isObject(a) && isObject(b)) {
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    return ka.length === kb.length && ka.every((k, i) => k === kb[i] && sameInOrder(a[k], b[k]));
  }
  return false;
}

/**
 * `value` as JSON in `style`, reusing the source text of each subtree equal to the source's value at the same place
 * (same keys in the same order). The parts that differ are exactly what JSON.stringify would write at that depth.
 */
export function serializePreserving(
  value: Json,
  sourceText: string,
  sourceValue: Json,
  style: TextStyle,
): string {
  const unit = typeof style.indent === 'number' ? ' '.repeat(style.indent) : style.indent;
  const source: Source = { text: sourceText, value: sourceValue, start: skipWs(sourceText, 0) };
  const out: string[] = [];
  // An explicit stack instead of recursion: app definitions from other tools may nest deeper than the call stack.
  type Task = { value: Json; source: Source | undefined; depth: number } | string;
  const stack: Task[] = [{ value, source, depth: 0 }];
  while (stack.length > 0) {
    const task = stack.pop()!;
    if (typeof task === 'string') {
      out.push(task);
      continue;
    }
    const { value: v, source: src, depth } = task;
    if (src !== undefined && sameInOrder(v, src.value)) {
      out.push(src.text.slice(src.start, valueEnd(src.text, src.start)));
      continue;
    }
    const isArray = Array.isArray(v);
    if (!isArray && !isObject(v)) {
      out.push(JSON.stringify(v));
      continue;
    }
    const entries: [string | undefined, Json][] = isArray
      ? v.map((x) => [undefined, x])
      : Object.entries(v);
    if (entries.length === 0) {
      out.push(isArray ? '[]' : '{}');
      continue;
    }
    const inner = unit === '' ? '' : '\n' + unit.repeat(depth + 1);
    const close = unit === '' ? '' : '\n' + unit.repeat(depth);
    const sameKind =
      src !== undefined && (isArray ? Array.isArray(src.value) : isObject(src.value));
    const members = sameKind && !isArray ? memberStarts(src.text, src.start) : undefined;
    const elements = sameKind && isArray ? elementStarts(src.text, src.start) : undefined;
    const tasks: Task[] = [isArray ? '[' : '{'];
    entries.forEach(([key, child], index) => {
      tasks.push(
        (index === 0 ? '' : ',') +
          inner +
          (key === undefined ? '' : JSON.stringify(key) + (unit === '' ? ':' : ': ')),
      );
      let childSource: Source | undefined;
      if (src !== undefined && key !== undefined && members?.has(key) && isObject(src.value)) {
        childSource = { text: src.text, value: src.value[key] as Json, start: members.get(key)! };
      } else if (
        src !== undefined &&
        key === undefined &&
        elements !== undefined &&
        index < elements.length &&
        Array.isArray(src.value)
      ) {
        childSource = { text: src.text, value: src.value[index] as Json, start: elements[index]! };
      }
      tasks.push({ value: child, source: childSource, depth: depth + 1 });
    });
    tasks.push(close + (isArray ? ']' : '}'));
    for (let k = tasks.length - 1; k >= 0; k--) stack.push(tasks[k]!);
  }
  return withLineStyle(out.join(''), style);
}
