// The process edge the CLI talks through: streams, stdin, cwd and environment. Tests pass an in-memory one.

export interface OutStream {
  write(text: string): void;
  /** True when a person is watching (colour, progress bar). */
  readonly isTTY: boolean;
  /** The real terminal stream, for libraries that draw on it (the progress bar); absent in tests. */
  readonly terminal?: NodeJS.WriteStream;
  /** Width of the terminal, when it is one (help is wrapped to it). */
  readonly columns?: number;
}

export interface Io {
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly stdout: OutStream;
  readonly stderr: OutStream;
  /** All of stdin; refused (KwtError) as soon as more than `limit` bytes have arrived. */
  readStdin(limit: number): Promise<Buffer>;
}

/** Set when stdout failed for a reason other than a closed pipe (a full disk): the run then exits 2. */
let stdoutFailure: string | undefined;

/** @lazy: loaded with require() by the command that needs it. */
export function stdoutFailed(): string | undefined {
  return stdoutFailure;
}

/** @lazy: loaded with require() by the command that needs it. */
export function nodeIo(): Io {
  let closed = false;
  // `kwt … | head` closes the pipe early: that is the reader's choice, not an error; stop writing quietly.
  // Anything else (ENOSPC on `> /dev/full`) means the output is incomplete: say so and exit 2.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    closed = true;
    if (error.code === 'EPIPE') return;
    stdoutFailure = `cannot write to stdout (${error.code ?? error.message}); the output is incomplete`;
  });
  return {
    cwd: process.cwd(),
    env: process.env,
    stdout: {
      write: (t) => void (closed || process.stdout.write(t)),
      isTTY: Boolean(process.stdout.isTTY),
      ...(process.stdout.columns ? { columns: process.stdout.columns } : {}),
    },
    stderr: {
      write: (t) => void process.stderr.write(t),
      isTTY: Boolean(process.stderr.isTTY),
      terminal: process.stderr,
    },
    readStdin: async (limit) => {
      if (process.stdin.isTTY)
        process.stderr.write('kwt: reading JSON from stdin (end with Ctrl-D; Ctrl-C cancels)\n');
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of process.stdin) {
        size += (chunk as Buffer).length;
        // Counted while streaming: an endless stdin is refused at the limit, not read into memory.
        if (size > limit) {
          process.stdin.destroy();
          // Loaded here only: every command builds this Io, few read stdin past its limit.
          const { inputTooLarge } =
            require('../json/parse-input') as typeof import('../json/parse-input');
          throw inputTooLarge('-', undefined, limit);
        }
        chunks.push(chunk as Buffer);
      }
      return Buffer.concat(chunks);
    },
  };
}
