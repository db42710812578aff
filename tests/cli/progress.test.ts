// The progress bar shows only for a person watching a big batch: a terminal, not CI, not -q, enough inputs.
import { startProgress, wantsProgress, PROGRESS_MIN_FILES } from '../../src/cli/progress';
import type { Io } from '../../src/io/io';

function fakeTerminal(): { stream: NodeJS.WriteStream; written: () => string } {
  let out = '';
  const stream = {
    isTTY: true,
    columns: 100,
    rows: 30,
    write: (t: string) => {
      out += t;
      return true;
    },
    cursorTo: () => true,
    moveCursor: () => true,
    clearLine: () => true,
    clearScreenDown: () => true,
    on: () => stream,
    once: () => stream,
    removeListener: () => stream,
    off: () => stream,
  };
  return { stream: stream as unknown as NodeJS.WriteStream, written: () => out };
}

function io(options: {
  tty: boolean;
  terminal?: NodeJS.WriteStream;
  env?: Record<string, string>;
}): Io {
  const sink = {
    write: () => undefined,
    isTTY: options.tty,
    ...(options.terminal ? { terminal: options.terminal } : {}),
  };
  return {
    cwd: '/',
    env: options.env ?? {},
    stdout: sink,
    stderr: sink,
    readStdin: async () => Buffer.alloc(0),
  };
}

test('only on a terminal, outside CI, without -q, for a batch of at least PROGRESS_MIN_FILES', () => {
  const { stream } = fakeTerminal();
  expect(wantsProgress(PROGRESS_MIN_FILES, io({ tty: true, terminal: stream }), false)).toBe(true);
  expect(wantsProgress(PROGRESS_MIN_FILES - 1, io({ tty: true, terminal: stream }), false)).toBe(
    false,
  );
  expect(wantsProgress(100, io({ tty: false, terminal: stream }), false)).toBe(false);
  expect(wantsProgress(100, io({ tty: true }), false)).toBe(false);
  expect(wantsProgress(100, io({ tty: true, terminal: stream, env: { CI: 'true' } }), false)).toBe(
    false,
  );
  expect(wantsProgress(100, io({ tty: true, terminal: stream }), true)).toBe(false);
});

test('draws the count and the current file, and clears itself when done', () => {
  const { stream, written } = fakeTerminal();
  const progress = startProgress(10, io({ tty: true, terminal: stream }), false);
  for (let i = 1; i <= 10; i++) progress.tick(`exports/workflow-${i}.json`);
  progress.stop();
  expect(written()).toContain('10/10 inputs');
  expect(written()).toContain('exports/workflow-10.json');
});
