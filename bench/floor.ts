// The floor the pipeline is measured against: read, JSON.parse, JSON.stringify and write the same files, nothing else.
import * as fs from 'node:fs';
import * as path from 'node:path';

const [inDir, outDir] = process.argv.slice(2) as [string, string];
fs.mkdirSync(outDir, { recursive: true });
for (const name of fs.readdirSync(inDir).sort()) {
  const value: unknown = JSON.parse(fs.readFileSync(path.join(inDir, name), 'utf8'));
  fs.writeFileSync(path.join(outDir, name), JSON.stringify(value, null, 2) + '\n');
}
