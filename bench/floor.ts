// The floors the pipeline is measured against: the same I/O and JSON work with nothing else.
//   node floor.js DIR OUT    reads and parses every file of DIR, then stringifies them one by one into OUT as one
//                            document, as `kwt transform DIR -o OUT` does (one string of the whole would pass V8's
//                            512 MiB string limit at 50,000 workflows);
//   node floor.js FILE OUT   reads and parses one file (a JSON:API list), then the same;
//   node floor.js FILE       reads and parses FILE and stringifies each workflow, writing nothing: what `kwt validate
//                            FILE` must do at least;
//   --one-string             (with DIR OUT) stringifies the whole document as one string, as the first bench did: slower
//                            and larger, shown for comparison with earlier numbers, and impossible past 512 MiB.
import * as fs from 'node:fs';
import * as path from 'node:path';

function writeInPieces(values: readonly unknown[], outFile: string): void {
  const fd = fs.openSync(outFile, 'w');
  try {
    fs.writeSync(fd, '{\n  "workflows": [\n');
    values.forEach((value, i) =>
      fs.writeSync(fd, (i > 0 ? ',\n' : '') + JSON.stringify(value, null, 2)),
    );
    fs.writeSync(fd, '\n  ]\n}\n');
  } finally {
    fs.closeSync(fd);
  }
}

const oneString = process.argv.includes('--one-string');
const [input, outFile] = process.argv.slice(2).filter((a) => a !== '--one-string') as [
  string,
  string | undefined,
];
if (fs.statSync(input).isDirectory()) {
  const values: unknown[] = [];
  for (const name of fs.readdirSync(input).sort())
    values.push(JSON.parse(fs.readFileSync(path.join(input, name), 'utf8')));
  if (oneString)
    fs.writeFileSync(outFile as string, JSON.stringify({ workflows: values }, null, 2) + '\n');
  else writeInPieces(values, outFile as string);
} else {
  const value = JSON.parse(fs.readFileSync(input, 'utf8')) as {
    data?: unknown[];
    workflows?: unknown[];
  };
  if (outFile !== undefined)
    writeInPieces(Array.isArray(value.data) ? value.data : [value], outFile);
  else {
    // Every workflow of the block stringified on its own (a full walk of each, as validation makes), nothing written.
    let length = 0;
    for (const w of Array.isArray(value.workflows) ? value.workflows : [value])
      length += JSON.stringify(w, null, 2).length;
    if (length === 0) process.exitCode = 1;
  }
}
