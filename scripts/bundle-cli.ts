// Build step: bundles the CLI's own modules (not its dependencies) into dist/src/cli/main.js, replacing tsc's output of
// that file. Node then reads and resolves one file instead of seventy, which takes a tenth off a one-file run. bin.js
// stays small (`kwt --version` never reads the bundle) and the library (dist/src/index.js) stays as tsc wrote it.
// Packages stay external, so each is still loaded only by the command that needs it.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildSync } from 'esbuild';

const INLINED = new Set(['yargs-parser', 'jsonpath-plus']);
const { dependencies } = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
const main = path.join(__dirname, '..', 'src', 'cli', 'main.js');
const result = buildSync({
  entryPoints: [main],
  outfile: main,
  allowOverwrite: true,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  // Dependencies stay external (each loaded only by what needs it), except the two small ones nearly every run loads:
  // inside the bundle they are compiled through the code cache too.
  external: Object.keys(dependencies)
    .filter((name) => !INLINED.has(name))
    .flatMap((name) => [name, `${name}/*`]),
  // Whitespace and syntax only: this machine reads and hashes ~60 bytes a microsecond, and names stay in stack traces.
  minifyWhitespace: true,
  minifySyntax: true,
  logLevel: 'warning',
  metafile: true,
});
const bytes = Object.values(result.metafile.outputs)[0]?.bytes ?? 0;
console.log(`bundled the CLI: ${Object.keys(result.metafile.inputs).length} modules, ${(bytes / 1024).toFixed(0)} KiB`);
