// Runs the CLI entry in-process with captured streams (the in-memory I/O), in a temporary working folder.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { main } from '../../src/cli/main';
import type { Io } from '../../src/io/io';
import { KwtError } from '../../src/core/errors';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export async function runCli(
  argv: string[],
  options: {
    cwd: string;
    stdin?: string;
    env?: Record<string, string>;
    tty?: boolean;
    stdoutTty?: boolean;
  },
): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const io: Io = {
    cwd: options.cwd,
    env: options.env ?? {},
    stdout: { write: (t) => void (stdout += t), isTTY: options.stdoutTty ?? options.tty ?? false },
    stderr: { write: (t) => void (stderr += t), isTTY: options.tty ?? false },
    readStdin: async (limit) => {
      const bytes = Buffer.from(options.stdin ?? '', 'utf8');
      if (bytes.length > limit)
        throw new KwtError('input', `-: stdin is larger than the input limit`);
      return bytes;
    },
  };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

export function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'kwt-test-'));
}

export const ROOT = path.join(__dirname, '..', '..');
export const SAMPLES = path.join(ROOT, 'samples');
export const CORPUS = path.join(ROOT, '..', 'shared', 'corpus');
