// One position index per file (issue 25): the same places as navigating the text from its start, at the cost of one pass.
import fc from 'fast-check';
import { PositionIndex } from '../src/core/position-index';
import { locatePointer } from '../src/core/json-text';
import { lineColumn } from '../src/io/json-syntax';
import { pushAll } from '../src/core/lists';

/** Every pointer of a value, to its leaves. */
function pointersOf(value: unknown, base = ''): string[] {
  if (value === null || typeof value !== 'object') return [base];
  const keys = Array.isArray(value) ? value.map((_, i) => String(i)) : Object.keys(value);
  return [base, ...keys.flatMap((k) => pointersOf((value as Record<string, unknown>)[k], `${base}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`))];
}

/** The plain reference: scan from the start for every question. */
function reference(text: string, pointer: string): { line: number; column: number } {
  const offset = locatePointer(text, pointer);
  let line = 1;
  let start = 0;
  for (let i = 0; i < offset; i++)
    if (text[i] === '\n') {
      line++;
      start = i + 1;
    }
  return { line, column: offset - start + 1 };
}

test('places every pointer where a scan from the start does (property, indented and compact JSON, odd keys)', () => {
  fc.assert(
    fc.property(fc.jsonValue({ maxDepth: 4 }), fc.constantFrom(0, 2, '\t'), (value, indent) => {
      const text = JSON.stringify(value, null, indent);
      const index = new PositionIndex(text);
      for (const pointer of pointersOf(JSON.parse(text))) expect(index.locate(pointer)).toEqual(reference(text, pointer));
      // A pointer past what the text holds lands on its deepest existing ancestor.
      expect(index.locate('/no/such/place')).toEqual(reference(text, '/no/such/place'));
    }),
    { numRuns: 300, seed: 25 },
  );
});

test('lineColumn answers like a scan, for offsets anywhere in the text and past its end', () => {
  const text = 'a\nbc\n\ndef\n';
  for (let offset = 0; offset <= text.length + 2; offset++) {
    let line = 1;
    let start = 0;
    for (let i = 0; i < Math.min(offset, text.length); i++)
      if (text[i] === '\n') {
        line++;
        start = i + 1;
      }
    expect(lineColumn(text, offset)).toEqual({ line, column: offset - start + 1 });
  }
});

test('10,000 findings in one list file of 2,000 workflows are placed in well under a second', () => {
  const workflows = Array.from({ length: 2000 }, (_, i) => ({
    name: `wf-${i}`,
    steps: Array.from({ length: 5 }, (__, k) => ({ id: `s${k}`, params: { body: 'x'.repeat(500) } })),
  }));
  const text = JSON.stringify({ workflows }, null, 2);
  const index = new PositionIndex(text);
  const start = process.hrtime.bigint();
  for (let i = 0; i < 2000; i++) for (let k = 0; k < 5; k++) index.locate(`/workflows/${i}/steps/${k}/params/body`);
  expect(Number(process.hrtime.bigint() - start) / 1e6).toBeLessThan(1000);
  expect(index.locate('/workflows/1999/steps/4/params/body')).toEqual(reference(text, '/workflows/1999/steps/4/params/body'));
});

test('pushAll appends 600,000 findings where push(...items) overflows the stack', () => {
  const items = Array.from({ length: 600_000 }, (_, i) => i);
  const target: number[] = [];
  pushAll(target, items);
  expect(target.length).toBe(600_000);
});
