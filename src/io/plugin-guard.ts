// While a custom transform runs: its console output goes to stderr (stdout may carry the block), and process.exit
// becomes an error reported with the transform's id instead of ending the run with nothing written and exit 0.
import { format } from 'node:util';

class ExitCalled extends Error {
  constructor(code: unknown) {
    super(`called process.exit(${code === undefined ? '' : JSON.stringify(code)}); a transform cannot end the run (throw an Error instead)`);
  }
}

export function pluginGuard(writeStderr: (text: string) => void): <T>(run: () => T) => T {
  return <T>(run: () => T): T => {
    // eslint-disable-next-line @typescript-eslint/unbound-method -- saved to be put back as they were, never called here
    const saved = { log: console.log, info: console.info, debug: console.debug, warn: console.warn, error: console.error, exit: process.exit };
    const toStderr = (...args: unknown[]): void => writeStderr(format(...args) + '\n');
    console.log = console.info = console.debug = console.warn = console.error = toStderr;
    process.exit = (code?: unknown) => {
      throw new ExitCalled(code);
    };
    try {
      return run();
    } finally {
      Object.assign(console, { log: saved.log, info: saved.info, debug: saved.debug, warn: saved.warn, error: saved.error });
      process.exit = saved.exit;
    }
  };
}
