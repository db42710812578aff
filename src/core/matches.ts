// Every match of a global regular expression, without String.prototype.matchAll: matchAll clones the expression for
// each call (about four times the cost of the matching itself), and the walkers call it for millions of strings.

/** Every match of `re` (which must be global) in `text`, in order; `re.lastIndex` is left at 0. */
export function matchesOf(re: RegExp, text: string): RegExpExecArray[] {
  if (!re.global) throw new TypeError(`matchesOf needs a global expression: ${String(re)}`);
  const found: RegExpExecArray[] = [];
  re.lastIndex = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    found.push(m);
    // An empty match would match again at the same place forever: step past it, as matchAll does.
    if (m[0] === '') re.lastIndex++;
  }
  re.lastIndex = 0;
  return found;
}
