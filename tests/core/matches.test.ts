// matchesOf stands in for String.prototype.matchAll on the hot paths: it must find exactly what matchAll finds.
import fc from 'fast-check';
import { matchesOf } from '../../src/core/matches';
import {
  ORG_NAMESPACE_ANY,
  SETTING_ANY_REF,
  STEP_REF,
  VARIABLE_PATH,
  VARIABLE_REF,
  WORKFLOW_CALL,
} from '../../src/core/kustomer';

const FRAGMENTS = [
  '{{{settings.default.apiToken}}}',
  '/#settings.routing.queue',
  '/#fn:lower,settings.a_b.c',
  '{{{variables.6501a2b3c4d5e6f708192a40}}}',
  '/#fn:x,variables.abc123',
  'kustomer.workflow.5f0e1d2c3b4a59687a6b5c4d.call',
  'kustomer.app.billing_5f0e1d2c3b4a59687a6b5c4d.charge',
  ' steps.step_1.output',
  '{{steps.a-b}}',
  '{{{ settings.x.y }}}',
  'settings.',
  'variables.',
  '{{{',
  '}}}',
  ' ',
  'a',
  '.',
];
const EXPRESSIONS = {
  SETTING_ANY_REF,
  STEP_REF,
  VARIABLE_PATH,
  VARIABLE_REF,
  WORKFLOW_CALL,
  ORG_NAMESPACE_ANY,
};

describe('matchesOf', () => {
  test('finds what matchAll finds (index and groups) for every expression the walkers use', () => {
    const text = fc
      .array(fc.oneof(fc.constantFrom(...FRAGMENTS), fc.string({ maxLength: 6 })), {
        maxLength: 12,
      })
      .map((parts) => parts.join(''));
    fc.assert(
      fc.property(text, (value) => {
        for (const re of Object.values(EXPRESSIONS)) {
          const ours = matchesOf(re, value).map((m) => [m.index, ...m]);
          const theirs = [...value.matchAll(re)].map((m) => [m.index, ...m]);
          expect(ours).toEqual(theirs);
          expect(re.lastIndex).toBe(0);
        }
      }),
      { numRuns: 400, seed: 7 },
    );
  });

  test('an expression left mid-scan by another caller is scanned from the start', () => {
    SETTING_ANY_REF.lastIndex = 5;
    expect(matchesOf(SETTING_ANY_REF, '{{{settings.a.b}}} {{{settings.c.d}}}')).toHaveLength(2);
  });

  test('empty matches step on instead of looping, as matchAll does', () => {
    expect(matchesOf(/x*/g, 'ab').map((m) => m.index)).toEqual(
      [...'ab'.matchAll(/x*/g)].map((m) => m.index),
    );
  });

  test('refuses an expression without the global flag (it would match the first place forever)', () => {
    expect(() => matchesOf(/a/, 'aaa')).toThrow(/global/);
  });
});
