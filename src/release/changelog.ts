// The `changelog` entry of a new version, in the form Kustomer's app-definition docs show: the month and year first, then
// the changes in words (reference section 9). Breaking changes come first and say so.
import type { AppChange } from './app-diff';

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** `December 2026`, in UTC so the entry does not depend on the machine's time zone. */
export function monthYear(date: Date): string {
  return `${MONTHS[date.getUTCMonth()] as string} ${date.getUTCFullYear()}`;
}

/** A markdown text: the month and year, a blank line, and one bullet per change (breaking ones first). */
export function changelogEntry(changes: readonly AppChange[], date: Date): string {
  const breaking = changes.filter((c) => c.bump === 'major');
  const rest = changes.filter((c) => c.bump !== 'major');
  const bullet = (c: AppChange, prefix = ''): string => `- ${prefix}${capitalise(c.text)}`;
  const lines = [
    ...breaking.map((c) => bullet(c, '**Breaking:** ')),
    ...rest.map((c) => bullet(c)),
  ];
  return `${monthYear(date)}\n\n${lines.length > 0 ? lines.join('\n') : '- No changes an installed org sees.'}`;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
