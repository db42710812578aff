// Build step: copies Mermaid's browser bundle (and its licence) into dist/vendor, so `kwt graph --format html` can inline
// it into a page that works offline. Mermaid is a development dependency: installs of kwt never pull its tree.
import * as fs from 'node:fs';
import * as path from 'node:path';

const bundle = require.resolve('mermaid/dist/mermaid.min.js');
const root = path.dirname(path.dirname(bundle));
const out = path.join(__dirname, '..', 'vendor');
fs.mkdirSync(out, { recursive: true });
fs.copyFileSync(bundle, path.join(out, 'mermaid.min.js'));
fs.copyFileSync(path.join(root, 'LICENSE'), path.join(out, 'mermaid.LICENSE'));
const { version } = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  version: string;
};
fs.writeFileSync(path.join(out, 'mermaid.version'), version + '\n');
console.log(`vendored mermaid ${version} for kwt graph --format html`);
