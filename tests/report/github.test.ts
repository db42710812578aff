// src/report/github.ts: the GitHub annotation formatter is the last guard before a workflow command reaches the log
// (GitHub shows annotations on the pull request to everyone who can read it), so it masks on its own, whatever the
// message's maker did, and it masks before escaping, which could split a secret.
import { formatGithub } from '../../src/report/github';
import { Redactor } from '../../src/core/secrets';
import type { Problem } from '../../src/core/transform';

const SECRET = ['sk', 'live', 'a1b2c3d4e5f6a7b8c9d0'].join('_');

function problem(over: Partial<Problem>): Problem {
  return { severity: 'error', code: 'secret', message: 'a finding', ...over };
}

test('a secret the redactor knows is masked in the message, the pointer and the file name', () => {
  const out = formatGithub(
    [
      problem({
        message: `token ${SECRET} in the body`,
        pointer: `/steps/0/params/${SECRET}`,
        file: `exports/${SECRET}.json`,
        line: 3,
        column: 5,
      }),
      problem({ severity: 'warning', message: `two lines\n${SECRET}\nthen more` }),
    ],
    new Redactor([SECRET]),
    '/work',
  );
  expect(out).not.toContain(SECRET);
  // Not even split by escaping (`%0A` between two halves) or by the property escaping of `:` and `,`.
  expect(out.replace(/%0A|%0D|%25|%3A|%2C/g, '')).not.toContain(SECRET.slice(4, 20));
  expect(out).toMatch(
    /^::error file=exports\/.+\.json,line=3,col=5,title=kwt secret::token .+ in the body/,
  );
  expect(out.split('\n').filter(Boolean)).toHaveLength(2);
});

test('masking comes before escaping: a secret with a percent sign is still found', () => {
  const secret = 'p%ss-w0rd-9f8e7d6c5b4a';
  const out = formatGithub(
    [problem({ message: `password ${secret}` })],
    new Redactor([secret]),
    '/work',
  );
  expect(out).not.toContain(secret);
  expect(out).not.toContain(secret.replace(/%/g, '%25'));
});
