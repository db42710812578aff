// Reading never changes a number without a word: every literal JSON.parse would read (and kwt would write back) as
// another number is an error at its line and column; literals that survive as written pass, whatever their form.
import { parseText } from '../../src/json/parse-text';
import { parseInput } from '../../src/json/parse-input';

const changed = (literal: string): string | undefined => {
  try {
    parseText(`{"name": "x",\n "v": ${literal}}`, 'n.json');
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
};

test.each([
  ['18446744073709551616', 'is an integer beyond 2^53'],
  ['-18446744073709551616', 'is an integer beyond 2^53'],
  ['0.100000000000000000000000000001', 'would be read as 0.1'],
  ['0.1000000000000000055511151231257827021181583404541015625', 'would be read as 0.1'],
  ['12.340000000000000001', 'would be read as 12.34'],
  ['-0', 'would be read as 0'],
  ['-0.0', 'would be read as 0'],
  ['-0e10', 'would be read as 0'],
  ['[1, 2.000000000000000000000001]', 'the number 2.000000000000000000000001 would be read as 2'],
  ['1e400', 'is out of the range'],
])('%s is refused at its place: %s', (literal, message) => {
  const text = changed(literal);
  expect(text).toContain(message);
  expect(text).toMatch(/^n\.json:2:\d+: /);
});

test.each([
  '9007199254740992',
  '9007199254740991',
  '1.5000000000000000',
  '1e5',
  '1E21',
  '0.5',
  '-0.5',
  '123456789012345.6',
  '0',
  '1.0',
  '2.50e-3',
])('%s is kept: it reads as what it says', (literal) => {
  expect(changed(literal)).toBeUndefined();
});

test('a changed number inside a string is not a number', () => {
  expect(
    changed('"18446744073709551616 and -0 and 0.100000000000000000000000000001"'),
  ).toBeUndefined();
});

test('the same holds in a list file, at the line of the item', () => {
  const items = Array.from(
    { length: 3 },
    (_, i) =>
      `{"name": "w${i}", "trigger": {"eventName": "kustomer.conversation.create"}, "steps": [], "n": ${i === 2 ? '-0' : i}}`,
  );
  expect(() => parseInput(Buffer.from(`[${items.join(',\n')}]`), 'list.json', Infinity)).toThrow(
    /list\.json:3:\d+: the number -0 would be read as 0/,
  );
});
