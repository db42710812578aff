// Output text that may be larger than one JavaScript string can hold (about 512 MiB, some 29,000 workflows): a string,
// or its pieces in order. A planned block is a lazy sequence of pieces, made from the planned value each time it is
// read: writers, comparisons and stdout take it piece by piece, so the whole text never sits in memory (only a diff
// and the library's `text` join it).
import { Buffer } from 'node:buffer';

export type Text = string | Iterable<string>;

export function pieces(text: Text): Iterable<string> {
  return typeof text === 'string' ? [text] : text;
}

/** One string, for what needs it whole (a diff, the library's `text`); a RangeError when it is too large for one. */
export function joined(text: Text): string {
  return typeof text === 'string' ? text : Array.from(text).join('');
}

/** Whether `bytes` (a file as read) are exactly the UTF-8 of `text`, compared piece by piece without joining. */
export function sameBytes(bytes: Buffer | undefined, text: Text): boolean {
  if (bytes === undefined) return false;
  let offset = 0;
  for (const piece of pieces(text)) {
    const encoded = Buffer.from(piece, 'utf8');
    if (
      offset + encoded.length > bytes.length ||
      !encoded.equals(bytes.subarray(offset, offset + encoded.length))
    )
      return false;
    offset += encoded.length;
  }
  return offset === bytes.length;
}

/**
 * Text for one line of Markdown (a heading, a list item, a table cell): its syntax characters escaped, HTML made inert,
 * and every line break (a lone `\r` too) a space, so a name can never start a heading or a raw HTML block.
 */
/**
 * Text shown as inline code (a file name): one line, no backtick to close the span early, control characters as
 * spaces, so a file name with blank lines or HTML in it stays text.
 */
export function markdownCode(text: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are what must not reach the page
  return '`' + text.replace(/`/g, "'").replace(/[\u0000-\u001f\u007f]+/g, ' ') + '`';
}

export function markdownText(text: string): string {
  return text
    .replace(/[\\`*_[\]|~]/g, (c) => `\\${c}`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[\r\n]+/g, ' ');
}
