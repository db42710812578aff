// A credential pattern's repetition is bounded: a greedy run over a 12 MB token makes V8's regular expression engine
// overflow its backtracking stack ("Maximum call stack size exceeded"), which ended a run with an internal error.
import { CREDENTIAL_RULES, readCredentials } from '../../src/core/credentials';
import { validateDocument } from '../../src/validate/validate';

const SIZE = 12 * 1024 * 1024;

/** The literal alternatives of a needle's source (`sk\.eyj|ops_` -> `sk.eyJ`, `ops_`); those with a class are skipped. */
function literals(needle: string): string[] {
  return needle
    .split('|')
    .filter((alt) => !/[[(?*+{]/.test(alt.replace(/\\./g, '')))
    .map((alt) => alt.replace(/\\(.)/g, '$1'));
}

test('every repetition in a credential pattern is bounded (an unbounded one overflows on a long enough token)', () => {
  for (const rule of CREDENTIAL_RULES) {
    // A class or group followed by +, * or {n,}: each is a backtracking loop as long as the text.
    expect([rule.id, rule.pattern.source.match(/(?<!\\)[\])](?:\+|\*|\{\d+,\})/g)]).toEqual([
      rule.id,
      null,
    ]);
  }
});

test('no credential pattern overflows on a 12 MB run of token characters after its needle', () => {
  const run = 'Aa0-_'.repeat(SIZE / 5);
  for (const rule of CREDENTIAL_RULES) {
    for (const literal of literals(rule.needle)) {
      rule.pattern.lastIndex = 0;
      expect(() => rule.pattern.exec(literal.replace(/eyj/, 'eyJ') + run)).not.toThrow();
    }
  }
});

test.each([
  ['a JWT-looking run', 'eyJ'],
  ['a bearer header', 'Bearer '],
  ['a 1Password token', 'ops_eyJ'],
  ['a Slack webhook path', 'https://hooks.slack.com/services/T0/B0/'],
])('%s of 12 MB is read without an internal error', (_what, prefix) => {
  const value = prefix + 'A'.repeat(SIZE);
  expect(() => readCredentials(value, { key: 'Authorization' })).not.toThrow();
  const doc = {
    name: 'x',
    trigger: { eventName: 'kustomer.conversation.create' },
    steps: [{ id: 's1', action: 'kustomer.rest-api.json', params: { body: value } }],
  };
  expect(() => validateDocument(doc, 'big.json', {})).not.toThrow();
});
