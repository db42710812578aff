// `kwt list`: every built-in transform with its one-line description, default pipeline marked.
import { BUILT_INS, DEFAULT_PIPELINE } from '../../../transforms';
import type { Io } from '../../io/io';

/** @lazy: loaded with require() by the command that needs it. */
export function runList(io: Io): number {
  const width = Math.max(...BUILT_INS.map((t) => t.id.length));
  for (const t of BUILT_INS) {
    const position = DEFAULT_PIPELINE.indexOf(t.id);
    const tag = position >= 0 ? `${position + 1}.` : '- ';
    io.stdout.write(`${tag.padEnd(3)} ${t.id.padEnd(width)}  ${t.description}\n`);
  }
  io.stdout.write(
    '\nNumbers give the default pipeline order; "-" marks transforms you add yourself in kwt.config.json.\n',
  );
  return 0;
}
