// The floors the pipeline is measured against: the same I/O and JSON work with nothing else.
//   node floor.js DIR OUT    reads and parses every file of DIR, stringifies them as one document and writes OUT, as
//                            `kwt transform DIR -o OUT` does;
//   node floor.js FILE OUT   the same for one file (a JSON:API list);
//   node floor.js FILE       reads and parses FILE and stringifies it, writing nothing: what `kwt validate FILE` must do.
import * as fs from 'node:fs';
import * as path from 'node:path';

const [input, outFile] = process.argv.slice(2) as [string, string | undefined];
if (fs.statSync(input).isDirectory()) {
  const values: unknown[] = [];
  for (const name of fs.readdirSync(input).sort()) values.push(JSON.parse(fs.readFileSync(path.join(input, name), 'utf8')));
  fs.writeFileSync(outFile as string, JSON.stringify({ workflows: values }, null, 2) + '\n');
} else {
  const text = JSON.stringify(JSON.parse(fs.readFileSync(input, 'utf8')), null, 2) + '\n';
  if (outFile !== undefined) fs.writeFileSync(outFile, text);
  else if (text.length === 0) process.exitCode = 1;
}
