// The package's own name and version, read from package.json wherever the code runs from (src under ts-jest, dist when built).
import * as fs from 'node:fs';
import * as path from 'node:path';

let cached: { name: string; version: string; root: string } | undefined;

export function packageInfo(): { name: string; version: string; root: string } {
  if (cached) return cached;
  let dir = __dirname;
  for (;;) {
    const candidate = path.join(dir, 'package.json');
    if (fs.existsSync(candidate)) {
      const pkg = JSON.parse(fs.readFileSync(candidate, 'utf8')) as {
        name: string;
        version: string;
      };
      if (pkg.name === 'kustomer-workflow-transformer')
        return (cached = { name: pkg.name, version: pkg.version, root: dir });
    }
    const parent = path.dirname(dir);
    if (parent === dir)
      return (cached = {
        name: 'kustomer-workflow-transformer',
        version: '0.0.0',
        root: __dirname,
      });
    dir = parent;
  }
}
