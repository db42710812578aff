// Whether a stream gets colour, and the styles kwt uses: decided once per run here (so styleText's own stream check is off).
import { styleText } from 'node:util';

export type Paint = (style: 'red' | 'yellow' | 'green' | 'dim' | 'bold', text: string) => string;

/**
 * --color/--no-color wins; then FORCE_COLOR (set and not 0/false turns colour on); then NO_COLOR (set and not empty
 * turns it off, https://no-color.org); then whether a person is watching the stream.
 */
export function colorEnabled(
  flag: boolean | undefined,
  env: Readonly<Record<string, string | undefined>>,
  isTTY: boolean,
): boolean {
  if (flag !== undefined) return flag;
  const force = env['FORCE_COLOR'];
  if (force !== undefined) return force !== '0' && force !== 'false';
  if (env['NO_COLOR'] !== undefined && env['NO_COLOR'] !== '') return false;
  return isTTY;
}

export function painter(on: boolean): Paint {
  return on
    ? (style, text) => styleText(style, text, { validateStream: false })
    : (_style, text) => text;
}
