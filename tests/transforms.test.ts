// Fixture-driven tests for every built-in transform: output, change records, errors, and a second no-op run.
import { BUILT_INS } from '../transforms';
import { serialize, type Json } from '../src/core/json';
import { discoverCases, runOnDocument } from './helpers/fixtures';

for (const transform of BUILT_INS) {
  const cases = discoverCases(transform.id);

  describe(`transform ${transform.id}`, () => {
    test('has fixture cases', () => {
      expect(cases.length).toBeGreaterThan(0);
    });

    for (const c of cases) {
      describe(c.name, () => {
        const first = runOnDocument(c.input, c.config);

        if (c.errors) {
          test('reports the expected errors', () => {
            const messages = first.problems.filter((p) => p.severity === 'error').map((p) => p.message);
            for (const expected of c.errors!) expect(messages.join('\n')).toContain(expected);
            expect(messages.length).toBeGreaterThan(0);
          });
          return;
        }

        test('produces the expected block', () => {
          expect(first.problems.filter((p) => p.severity === 'error')).toEqual([]);
          expect(JSON.parse(first.text)).toEqual(c.output);
          // Byte-level: key order is part of the contract.
          expect(first.text).toBe(serialize(c.output as Json));
        });

        if (c.changes !== undefined) {
          test('records exactly the expected changes', () => {
            expect(first.changes.map((ch) => `${ch.transform} ${ch.op} ${ch.pointer}`)).toEqual(c.changes);
          });
        }

        test('is idempotent: running again over its own output changes nothing', () => {
          const second = runOnDocument(JSON.parse(first.text) as Json, c.config);
          expect(second.changes).toEqual([]);
          expect(second.text).toBe(first.text);
        });
      });
    }
  });
}
