// Error classes that carry an exit code to the CLI's single funnel, plus "this is a bug" reporting.

export type ErrorKind = 'usage' | 'config' | 'input' | 'transform' | 'write';

/** An expected failure the user can fix: exits 2 with its message, never a stack trace. */
export class KwtError extends Error {
  readonly kind: ErrorKind;
  /** Several problems found at once (config validation lists every one). */
  readonly details: readonly string[];
  /** The first line alone; `message` carries the details too, so a library caller that logs it sees every problem. */
  readonly summary: string;
  /** Exits without a word: where stderr itself is a file the run must not write into. */
  readonly silent: boolean;
  constructor(
    kind: ErrorKind,
    message: string,
    details: readonly string[] = [],
    options: { silent?: boolean } = {},
  ) {
    super(
      details.length > 0 ? `${message}\n${details.map((d) => `  - ${d}`).join('\n')}` : message,
    );
    this.name = 'KwtError';
    this.kind = kind;
    this.details = details;
    this.summary = message;
    this.silent = options.silent === true;
  }
}

export function isKwtError(error: unknown): error is KwtError {
  return error instanceof KwtError;
}

/** A message for anything thrown, even a value with no toString (`Object.create(null)`) or a throwing one. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  try {
    return String(error);
  } catch {
    try {
      return JSON.stringify(error) ?? Object.prototype.toString.call(error);
    } catch {
      return Object.prototype.toString.call(error);
    }
  }
}
