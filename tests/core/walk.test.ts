// The walkers loop with for…in (no key array per object): they must visit exactly what an Object.keys walk visits, in
// the same order, on any JSON, including the keys JSON.parse makes own properties (`__proto__`) and index-like keys.
import fc from 'fast-check';
import type { Json } from '../../src/core/json';
import { mapLeaves, mapStrings, visit, visitStrings } from '../../src/core/walk';

/** The reference: every node, parents first, with Object.keys. */
function reference(
  value: unknown,
  path: (string | number)[],
  out: string[],
  stringsOnly: boolean,
): void {
  if (!stringsOnly || typeof value === 'string')
    out.push(JSON.stringify([path, typeof value === 'object' && value !== null ? '#' : value]));
  if (Array.isArray(value)) value.forEach((v, i) => reference(v, [...path, i], out, stringsOnly));
  else if (value !== null && typeof value === 'object')
    for (const k of Object.keys(value))
      reference((value as Record<string, unknown>)[k], [...path, k], out, stringsOnly);
}

const key = fc.oneof(
  fc.constantFrom('__proto__', 'constructor', '0', '10', '2', 'a', 'b', 'params'),
  fc.string({ maxLength: 4 }),
);
/** A JSON text: objects as key-value lists, so keys may repeat and may be `__proto__`. */
const text: fc.Arbitrary<string> = fc.letrec<{ value: string; array: string; object: string }>(
  (tie) => ({
    value: fc.oneof(
      { depthSize: 'small' },
      fc.string({ maxLength: 5 }).map((s) => JSON.stringify(s)),
      fc.integer().map(String),
      fc.constantFrom('true', 'false', 'null'),
      tie('array'),
      tie('object'),
    ),
    array: fc.array(tie('value'), { maxLength: 4 }).map((items) => `[${items.join(',')}]`),
    object: fc
      .array(fc.tuple(key, tie('value')), { maxLength: 5 })
      .map((pairs) => `{${pairs.map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(',')}}`),
  }),
).value;
// Parsed, as inputs are: JSON.parse makes `__proto__` an own key.
const document = text.map((t) => JSON.parse(t) as Json);

describe('walkers', () => {
  test('visit and visitStrings see every node (every string) in Object.keys order, with its path', () => {
    fc.assert(
      fc.property(document, (doc) => {
        const nodes: string[] = [];
        visit(
          doc,
          (v, p) =>
            void nodes.push(JSON.stringify([p, typeof v === 'object' && v !== null ? '#' : v])),
        );
        const expected: string[] = [];
        reference(doc, [], expected, false);
        expect(nodes).toEqual(expected);
        const strings: string[] = [];
        visitStrings(doc, (v, p) => void strings.push(JSON.stringify([p, v])));
        const expectedStrings: string[] = [];
        reference(doc, [], expectedStrings, true);
        expect(strings).toEqual(expectedStrings);
      }),
      { numRuns: 300, seed: 3 },
    );
  });

  test('mapStrings and mapLeaves change exactly the leaves asked, share the rest, and never touch the input', () => {
    fc.assert(
      fc.property(document, (doc) => {
        const before = JSON.stringify(doc);
        expect(mapStrings(doc, (s) => s)).toBe(doc);
        expect(mapLeaves(doc, (l) => l)).toBe(doc);
        const upper = mapStrings(doc, (s) => s.toUpperCase());
        expect(JSON.stringify(upper)).toBe(
          JSON.stringify(
            JSON.parse(before, (_k, v: unknown) => (typeof v === 'string' ? v.toUpperCase() : v)),
          ),
        );
        const negated = mapLeaves(doc, (l) => (typeof l === 'number' ? -l : l));
        expect(JSON.stringify(negated)).toBe(
          JSON.stringify(JSON.parse(before, (_k, v: unknown) => (typeof v === 'number' ? -v : v))),
        );
        expect(JSON.stringify(doc)).toBe(before);
      }),
      { numRuns: 300, seed: 4 },
    );
  });
});
