// The process edge the CLI talks through: streams, stdin, cwd and environment. Tests pass an in-memory one.

export interface OutStream {
  write(text: string): void;
  /** True when a person is watching (colour, progress bar). */
  readonly isTTY: boolean;
  /** The real terminal stream, for libraries that draw on it (the progress bar); absent in tests. */
  readonly terminal?: NodeJS.WriteStream;
}

export interface Io {
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly stdout: OutStream;
  readonly stderr: OutStream;
  readStdin(): Promise<Buffer>;
}

export function nodeIo(): Io {
  return {
    cwd: process.cwd(),
    env: process.env,
    stdout: { write: (t) => void process.stdout.write(t), isTTY: Boolean(process.stdout.isTTY) },
    stderr: { write: (t) => void process.stderr.write(t), isTTY: Boolean(process.stderr.isTTY), terminal: process.stderr },
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks);
    },
  };
}
