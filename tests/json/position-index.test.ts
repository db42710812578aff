// One position index per file (issue 25): the same places as navigating the text from its start, at the cost of one pass.
import fc from 'fast-check';
import { PositionIndex } from '../../src/json/position-index';
import { valueEnd } from '../../src/json/text';
import { lineColumn } from '../../src/json/syntax';
import { pushAll } from '../../src/core/lists';

/** Every pointer of a value, to its leaves. */
function pointersOf(value: unknown, base = ''): string[] {
  if (value === null || typeof value !== 'object') return [base];
  const keys = Array.isArray(value) ? value.map((_, i) => String(i)) : Object.keys(value);
  return [
    base,
    ...keys.flatMap((k) =>
      pointersOf(
        (value as Record<string, unknown>)[k],
        `${base}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`,
      ),
    ),
  ];
}

/** The value a pointer names in the parsed document (the oracle: no text navigation involved). */
function valueAt(value: unknown, pointer: string): unknown {
  if (pointer === '') return value;
  return pointer
    .slice(1)
    .split('/')
    .map((k) => k.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<unknown>((v, k) => (v as Record<string, unknown>)[k], value);
}

/** Line and column of an offset, by a scan from the start. */
function scanPlace(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = 0; i < offset; i++) {
    if (text[i] === '\n') {
      line++;
      start = i + 1;
    }
  }
  return { line, column: offset - start + 1 };
}

/** The index places `pointer` at the text of exactly the value it names, at the line and column a scan finds. */
function expectPlaced(index: PositionIndex, text: string, pointer: string): void {
  const offset = index.offsetOf(pointer);
  expect(JSON.parse(text.slice(offset, valueEnd(text, offset)))).toEqual(
    valueAt(JSON.parse(text), pointer),
  );
  expect(index.locate(pointer)).toEqual(scanPlace(text, offset));
}

test('places every pointer at the text of the value it names, at the line and column a scan finds (property, indented and compact JSON, odd keys)', () => {
  fc.assert(
    fc.property(fc.jsonValue({ maxDepth: 4 }), fc.constantFrom(0, 2, '\t'), (value, indent) => {
      const text = JSON.stringify(value, null, indent);
      const index = new PositionIndex(text);
      for (const pointer of pointersOf(JSON.parse(text))) expectPlaced(index, text, pointer);
      // A pointer past what the text holds lands on its deepest existing ancestor: here the root.
      const rootHasIt =
        typeof value === 'object' &&
        value !== null &&
        Object.prototype.hasOwnProperty.call(value, 'no');
      if (!rootHasIt) expect(index.offsetOf('/no/such/place')).toBe(index.offsetOf(''));
    }),
    { numRuns: 300, seed: 25 },
  );
});

test('places pointers asked in any order: a container read in part is read on from where it stopped (property)', () => {
  const document = fc
    .jsonValue({ maxDepth: 5 })
    .map((value) => ({ a: value, b: [value, { c: value }], d: 1 }));
  fc.assert(
    fc.property(
      document,
      fc.constantFrom(0, 2),
      fc.array(fc.nat(), { maxLength: 40 }),
      fc.boolean(),
      (value, indent, picks, uniqueKeys) => {
        const text = JSON.stringify(value, null, indent);
        const pointers = pointersOf(JSON.parse(text));
        const index = new PositionIndex(text, { uniqueKeys });
        // Deep pointers first, then their containers' later members: every reading is resumed at some depth.
        for (const pick of picks)
          expectPlaced(index, text, pointers[pick % pointers.length] as string);
        for (const pointer of [...pointers].reverse()) expectPlaced(index, text, pointer);
      },
    ),
    { numRuns: 300, seed: 7 },
  );
});

test('lineColumn answers like a scan, for offsets anywhere in the text and past its end', () => {
  const text = 'a\nbc\n\ndef\n';
  for (let offset = 0; offset <= text.length + 2; offset++) {
    expect(lineColumn(text, offset)).toEqual(scanPlace(text, offset));
  }
});

test('10,000 findings in one list file of 2,000 workflows are placed in well under a second', () => {
  const workflows = Array.from({ length: 2000 }, (_, i) => ({
    name: `wf-${i}`,
    steps: Array.from({ length: 5 }, (__, k) => ({
      id: `s${k}`,
      params: { body: 'x'.repeat(500) },
    })),
  }));
  const text = JSON.stringify({ workflows }, null, 2);
  const index = new PositionIndex(text);
  const start = process.hrtime.bigint();
  for (let i = 0; i < 2000; i++)
    for (let k = 0; k < 5; k++) index.locate(`/workflows/${i}/steps/${k}/params/body`);
  expect(Number(process.hrtime.bigint() - start) / 1e6).toBeLessThan(1000);
  expectPlaced(index, text, '/workflows/1999/steps/4/params/body');
});

test('pushAll appends 600,000 findings where push(...items) overflows the stack', () => {
  const items = Array.from({ length: 600_000 }, (_, i) => i);
  const target: number[] = [];
  pushAll(target, items);
  expect(target.length).toBe(600_000);
});

test('a repeated key is placed at its last occurrence, whichever pointer came first', () => {
  const text = '{"a": 1, "b": {"a": 0}, "a": 3}';
  const last = text.lastIndexOf('3');
  // Asked after another member was read: the reading stopped before the second "a", and must go on to it.
  const afterB = new PositionIndex(text);
  expect(afterB.offsetOf('/b/a')).toBe(text.indexOf('0'));
  expect(afterB.offsetOf('/a')).toBe(last);
  expect(new PositionIndex(text).offsetOf('/a')).toBe(last);
  // A parse that saw no repeated key lets the first occurrence stand at once.
  const unique = '{"a": 1, "b": {"a": 0}}';
  expect(new PositionIndex(unique, { uniqueKeys: true }).offsetOf('/a')).toBe(unique.indexOf('1'));
});
