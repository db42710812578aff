// The floor the pipeline is measured against: the same I/O and JSON work with nothing else. It reads and parses
// every input file, stringifies them as one document and writes one file, as `kwt transform DIR -o FILE` does.
import * as fs from 'node:fs';
import * as path from 'node:path';

const [inDir, outFile] = process.argv.slice(2) as [string, string];
const values: unknown[] = [];
for (const name of fs.readdirSync(inDir).sort()) values.push(JSON.parse(fs.readFileSync(path.join(inDir, name), 'utf8')));
fs.writeFileSync(outFile, JSON.stringify({ workflows: values }, null, 2) + '\n');
