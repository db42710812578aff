// How a workflow's name is matched by a glob, for every command that chooses workflows by name (transform --only and
// --exclude, pull --name and --exclude): picomatch, ignoring case, `*` matching a leading dot too.

/** A test of one name glob (`Order *`, `*refund*`). picomatch is loaded only when a glob is given. */
export function nameGlob(glob: string): (name: string) => boolean {
  const picomatch = require('picomatch') as typeof import('picomatch');
  return picomatch(glob, { nocase: true, dot: true });
}
