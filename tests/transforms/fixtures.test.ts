// Fixture-driven tests for every built-in transform: output, change records, errors, and a second no-op run.
import { BUILT_INS } from '../../transforms';
import { serialize, type Json } from '../../src/core/json';
import { discoverCases, runOnDocument } from '../helpers/fixtures';
import { transform } from '../../src/index';

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
            const messages = first.problems
              .filter((p) => p.severity === 'error')
              .map((p) => p.message);
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
            expect(first.changes.map((ch) => `${ch.transform} ${ch.op} ${ch.pointer}`)).toEqual(
              c.changes,
            );
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

describe('messages about many workflows name ten and count the rest', () => {
  const many = (n: number, workflow: (i: number) => Json): { label: string; document: Json }[] =>
    Array.from({ length: n }, (_, i) => ({
      label: `w${String(i).padStart(2, '0')}.json`,
      document: workflow(i),
    }));

  test('an unmapped hook event used by 25 workflows', () => {
    const inputs = many(25, (i) => ({
      name: `Hooked ${i}`,
      trigger: {
        id: '1',
        eventName: 'kustomer.hooks.web.6501a2b3c4d5e6f708192a3c.receive',
        transitions: [],
      },
      steps: [],
    }));
    const result = transform(
      inputs,
      { app: 'acme', version: '1.0.0', transforms: ['swap-hook-events'] },
      { validate: false },
    );
    const messages = result.problems
      .filter((p) => p.code === 'transform/swap-hook-events')
      .map((p) => p.message);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toContain(
      `(used by ${inputs
        .slice(0, 10)
        .map((i) => i.label)
        .join(', ')} and 15 more)`,
    );
  });

  test('a private app of the source org used by 25 workflows', () => {
    const inputs = many(25, (i) => ({
      name: `Billing ${i}`,
      trigger: { id: '1', eventName: 'kustomer.conversation.create', transitions: [] },
      steps: [
        {
          id: 's',
          action: 'kustomer.app.billing_5f0e1d2c3b4a59687a6b5c4d.charge',
          appVersion: 'billing_5f0e1d2c3b4a59687a6b5c4d-^1.0.0',
        },
      ],
    }));
    const result = transform(
      inputs,
      {
        app: 'acme',
        version: '1.0.0',
        transforms: ['denamespace'],
        options: { denamespace: { namespaces: ['billing'] } },
      },
      { validate: false },
    );
    const messages = result.problems
      .filter((p) => p.code === 'transform/denamespace')
      .map((p) => p.message);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toContain(
      `(${inputs
        .slice(0, 10)
        .map((_, i) => `Billing ${i}`)
        .join(', ')} and 15 more)`,
    );
  });
});
