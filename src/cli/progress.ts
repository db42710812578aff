// Progress bar on stderr for big batches: only on a terminal, never in pipes, CI (`CI` set) or with -q.
import type { Io } from '../io/io';

export interface Progress {
  /** True when a bar is drawn (callers may then yield to let it redraw). */
  readonly active: boolean;
  tick(label: string): void;
  stop(): void;
}

/** Below this many inputs a run is over before a bar would be worth drawing. */
export const PROGRESS_MIN_FILES = 8;

const NONE: Progress = { active: false, tick: () => undefined, stop: () => undefined };

export function wantsProgress(total: number, io: Io, quiet: boolean): boolean {
  return (
    !quiet &&
    total >= PROGRESS_MIN_FILES &&
    io.stderr.isTTY &&
    io.stderr.terminal !== undefined &&
    !io.env['CI']
  );
}

export function startProgress(total: number, io: Io, quiet: boolean, unit = 'inputs'): Progress {
  if (!wantsProgress(total, io, quiet)) return NONE;
  // Loaded here only: a pipe, CI or a small run never pays for it.
  const { SingleBar } = require('cli-progress') as typeof import('cli-progress');
  const bar = new SingleBar({
    stream: io.stderr.terminal,
    format: `kwt {bar} {value}/{total} ${unit} | {duration_formatted} | {file}`,
    hideCursor: true,
    clearOnComplete: true,
    etaBuffer: 50,
  });
  bar.start(total, 0, { file: '' });
  let done = 0;
  return {
    active: true,
    tick(label: string) {
      done++;
      bar.update(done, { file: label.length > 50 ? `…${label.slice(-49)}` : label });
    },
    stop() {
      bar.stop();
    },
  };
}
