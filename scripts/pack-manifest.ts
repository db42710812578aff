// npm pack: the published package.json has no `prepare` script. In the checkout, `prepare` builds kwt on `npm install`
// (the Quick start); in the tarball dist/ is already built, and npm warns about every install script of a package
// installed from a tarball. `strip` (prepack) keeps the original beside it and drops the script; `restore` (postpack)
// puts the original back.
import * as fs from 'node:fs';
import * as path from 'node:path';

const root = path.join(__dirname, '..', '..');
const manifest = path.join(root, 'package.json');
const saved = path.join(root, '.package.json.packing');

if (process.argv[2] === 'strip') {
  const text = fs.readFileSync(manifest, 'utf8');
  fs.writeFileSync(saved, text);
  const pkg = JSON.parse(text) as { scripts?: Record<string, string> };
  delete pkg.scripts?.['prepare'];
  // Renamed into place: a kwt running meanwhile (a test) reads either manifest whole, never half of one.
  fs.writeFileSync(`${manifest}.tmp`, JSON.stringify(pkg, null, 2) + '\n');
  fs.renameSync(`${manifest}.tmp`, manifest);
} else if (process.argv[2] === 'restore') {
  if (fs.existsSync(saved)) fs.renameSync(saved, manifest);
} else {
  console.error('usage: pack-manifest strip|restore');
  process.exitCode = 2;
}
