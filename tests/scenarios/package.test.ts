// The packed package, installed the way a user installs it: in an empty project from the tarball, with no npm
// warning, carrying what the README shows (docs, samples), and running.
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT, tempDir } from '../helpers/cli';

test('npm pack, then npm install of the tarball in a new project: no warning, docs and samples inside, kwt runs', () => {
  const before = fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8');
  const out = tempDir();
  const packed = JSON.parse(
    execFileSync('npm', ['pack', '--json', '--pack-destination', out], {
      cwd: ROOT,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }),
  ) as {
    filename: string;
    files: { path: string }[];
  }[];
  // postpack put the checkout's manifest back exactly.
  expect(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).toBe(before);
  const files = packed[0]!.files.map((f) => f.path);
  for (const wanted of [
    'README.md',
    'docs/commands.md',
    'docs/graph-samples.png',
    'samples/exports/order-posted.json',
    'samples/kwt.config.json',
    'dist/src/io/plugin-host.js',
  ])
    expect(files).toContain(wanted);
  const tarball = path.join(out, packed[0]!.filename);
  const manifest = JSON.parse(
    execFileSync('tar', ['xzf', tarball, 'package/package.json', '-O'], { encoding: 'utf8' }),
  ) as { scripts: Record<string, string> };
  expect(manifest.scripts['prepare']).toBeUndefined();
  const project = tempDir();
  fs.writeFileSync(
    path.join(project, 'package.json'),
    '{"name": "consumer", "version": "1.0.0", "private": true}\n',
  );
  const install = spawnSync(
    'npm',
    ['install', '--prefer-offline', '--no-audit', '--no-fund', tarball],
    { cwd: project, encoding: 'utf8', timeout: 180_000 },
  );
  expect(install.status).toBe(0);
  expect(install.stderr).not.toMatch(/npm warn/i);
  const kwt = path.join(project, 'node_modules', '.bin', 'kwt');
  const samples = path.join(project, 'node_modules', 'kustomer-workflow-transformer', 'samples');
  const run = spawnSync(
    kwt,
    ['transform', path.join(samples, 'exports'), '-c', path.join(samples, 'kwt.config.json'), '-q'],
    { encoding: 'utf8' },
  );
  expect(run.status).toBe(0);
  expect(run.stdout).toBe(fs.readFileSync(path.join(samples, 'expected-block.json'), 'utf8'));
}, 240_000);
