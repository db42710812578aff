// The internal-error report: where it broke, with kwt's folder as kwt/ and no other absolute path of the machine.
import * as path from 'node:path';
import { shortStack } from '../../src/cli/main';

test('an internal error shows kwt/ for the package and hides the machine paths, ten frames at most', () => {
  const root = path.join('/home', 'alice', 'work', 'kwt');
  const error = new Error('boom');
  error.stack = [
    'RangeError: boom',
    `    at walk (${root}/dist/src/core/walk.js:10:5)`,
    `    at Object.<anonymous> (/home/alice/work/app/node_modules/yargs/index.cjs:3:1)`,
    `    at run (/home/alice/plugins/mine.js:4:2)`,
    '    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)',
    ...Array.from({ length: 20 }, (_, i) => `    at frame${i} (${root}/dist/src/x.js:${i}:1)`),
  ].join('\n');
  const text = shortStack(error, root);
  expect(text).toContain('at walk (kwt/dist/src/core/walk.js:10:5)');
  expect(text).toContain('node_modules/yargs/index.cjs:3:1');
  expect(text).toContain('at run (…:4:2)');
  expect(text).toContain('node:internal/process/task_queues:95:5');
  expect(text).not.toContain('/home/alice');
  expect(text.split('\n').filter((l) => l.trim().startsWith('at '))).toHaveLength(10);
});
