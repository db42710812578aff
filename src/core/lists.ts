// Lists of names: grouped by a key in linear time, and shown in messages as the first few and a count, so one message
// stays readable (and its size bounded) however many workflows of an org share the cause.

/** Adds `value` to the list of `key`, in place: rebuilding the list for each value made grouping quadratic. */
export function appendTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** How many names a message lists before it counts the rest. */
const SHOWN = 10;

/** `a, b, c` or, past SHOWN names, `a, b, …, j and 4,990 more`. */
export function someOf(names: readonly string[], shown: number = SHOWN): string {
  if (names.length <= shown) return names.join(', ');
  return `${names.slice(0, shown).join(', ')} and ${(names.length - shown).toLocaleString('en-US')} more`;
}

/** Appends every item in place. `target.push(...items)` passes each item as an argument: past ~100,000 it overflows the stack. */
export function pushAll<T>(target: T[], items: readonly T[]): void {
  for (let i = 0; i < items.length; i++) target.push(items[i] as T);
}
