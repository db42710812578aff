// Wide inputs never overflow the stack: a step with 200,000 transitions, a chain of 200,000 steps, read, validated
// and drawn. push(...list) overflowed past about 100,000 items (the lint forbids it now); queue.shift() was quadratic.
import { mermaidDocument } from '../../src/graph/mermaid';
import { validateDocument } from '../../src/validate/validate';
import type { JsonObject } from '../../src/core/json';

// Past the ~125,000 arguments a spread push takes on Node 20's default stack.
const N = 150_000;

function fan(): JsonObject {
  const transitions = Array.from({ length: N }, (_, i) => ({
    target: `s${i + 2}`,
    condition: { op: 'and', values: [{ field: 'a', op: 'eq', value: 1 }] },
  }));
  const steps: JsonObject[] = [{ id: 's1', action: 'kustomer.rest-api.json', transitions }];
  for (let i = 0; i < N; i++) steps.push({ id: `s${i + 2}`, action: 'kustomer.rest-api.json' });
  return { name: 'fan', trigger: { eventName: 'kustomer.conversation.create' }, steps };
}

function chain(): JsonObject {
  const steps: JsonObject[] = Array.from({ length: N }, (_, i) => ({
    id: `c${i}`,
    action: 'kustomer.rest-api.json',
    transitions: [{ target: `c${i + 1}` }],
  }));
  steps.push({ id: `c${N}`, action: 'kustomer.rest-api.json' });
  return { name: 'chain', trigger: { eventName: 'kustomer.conversation.create' }, steps };
}

test.each([
  ['one step with 150,000 transitions', fan],
  ['a chain of 150,000 steps', chain],
])(
  '%s is validated and drawn',
  (_what, make) => {
    const workflow = make();
    expect(() => validateDocument(workflow, 'wide.json', {})).not.toThrow();
    const text = mermaidDocument([{ workflow, source: 'wide.json' }], [], Infinity);
    expect(text.split('\n').length).toBeGreaterThan(N);
  },
  60_000,
);
