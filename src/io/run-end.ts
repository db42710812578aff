// What must stop when a command ends (the plugin thread): registered by what started it, run once by main.
const ends: (() => void)[] = [];

export function atRunEnd(fn: () => void): void {
  ends.push(fn);
}

/** Runs and forgets every registered end; called by main after the command, however it ended. */
export function endRun(): void {
  for (const fn of ends.splice(0)) {
    try {
      fn();
    } catch {
      // Ending is best effort: the exit code is already decided.
    }
  }
}
