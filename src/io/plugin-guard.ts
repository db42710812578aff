// While a custom transform runs: its console output goes to stderr (stdout may carry the block), and process.exit
// becomes an error reported with the transform's id instead of ending the run with nothing written and exit 0; a
// property it adds to Object.prototype is taken back and reported.
import { format } from 'node:util';

class ExitCalled extends Error {
  constructor(code: unknown) {
    super(
      `called process.exit(${code === undefined ? '' : JSON.stringify(code)}); a transform cannot end the run (throw an Error instead)`,
    );
  }
}

/**
 * What a transform added to Object.prototype, taken back, as the message that reports it (undefined: nothing). kwt's
 * walkers rely on a plain Object.prototype (see assertPlainPrototype): an enumerable property there would show up as a
 * key of every workflow object. Taken back even when the transform threw, and reported in place of what it threw.
 * The guard here and the plugin thread (plugin-host.ts) both use it.
 */
export function takeBackPrototype(): string | undefined {
  const added = Object.keys(Object.prototype);
  for (const key of added) delete (Object.prototype as Record<string, unknown>)[key];
  return added.length > 0
    ? `added ${added.map((k) => JSON.stringify(k)).join(', ')} to Object.prototype; a transform must not change built-in prototypes`
    : undefined;
}

export function pluginGuard(writeStderr: (text: string) => void): <T>(run: () => T) => T {
  return <T>(run: () => T): T => {
    // Saved to be put back as they were, never called here.
    const saved = {
      log: console.log,
      info: console.info,
      debug: console.debug,
      warn: console.warn,
      error: console.error,
      // eslint-disable-next-line @typescript-eslint/unbound-method -- put back, never called
      exit: process.exit,
    };
    const toStderr = (...args: unknown[]): void => writeStderr(format(...args) + '\n');
    console.log = console.info = console.debug = console.warn = console.error = toStderr;
    process.exit = (code?: unknown) => {
      throw new ExitCalled(code);
    };
    // Puts console and process.exit back; says what the plugin added to Object.prototype, taken back (see below).
    const restore = (): Error | undefined => {
      Object.assign(console, {
        log: saved.log,
        info: saved.info,
        debug: saved.debug,
        warn: saved.warn,
        error: saved.error,
      });
      process.exit = saved.exit;
      const added = takeBackPrototype();
      return added !== undefined ? new Error(added) : undefined;
    };
    let result: T;
    try {
      result = run();
    } catch (error) {
      throw restore() ?? error;
    }
    const polluted = restore();
    if (polluted) throw polluted;
    return result;
  };
}
