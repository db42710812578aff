// The shape of the code that keeps it easy to change: layers import downwards only, registries are the single source.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { RULES } from '../src/validate/rules';
import { NEEDLE_PREFILTER, ORG_PREFILTER, STRING_RULES } from '../src/validate/string-rules';
import { runCli, tempDir } from './helpers/cli';

const ROOT = path.join(__dirname, '..');

function tsFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return tsFiles(full);
    return e.name.endsWith('.ts') && !e.name.endsWith('.generated.ts') ? [full] : [];
  });
}

/** The folder (layer) of every relative module a file imports or requires. */
function importedLayers(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  const specs = [...text.matchAll(/(?:from|require\(|import\()\s*'(\.[^']+)'/g)].map((m) => m[1] as string);
  return specs.map((s) =>
    path
      .relative(ROOT, path.resolve(path.dirname(file), s))
      .split(path.sep)
      .slice(0, 2)
      .join('/'),
  );
}

/** What each layer may import besides itself. */
const ALLOWED: Record<string, readonly string[]> = {
  'src/core': [],
  transforms: ['src/core'],
  'src/validate': ['src/core'],
  'src/io': ['src/core', 'src/plan'],
  'src/plan': ['src/core', 'src/validate', 'src/release'],
  'src/release': ['src/core'],
  'src/init': ['src/core'],
  'src/graph': ['src/core'],
};

describe('layers', () => {
  test.each(Object.entries(ALLOWED))('%s imports only %j (and itself)', (layer, allowed) => {
    const bad: string[] = [];
    for (const file of tsFiles(path.join(ROOT, layer))) {
      for (const target of importedLayers(file)) {
        const targetLayer = target.startsWith('transforms') ? 'transforms' : target;
        if (targetLayer !== layer && !allowed.includes(targetLayer) && !targetLayer.endsWith('package.json')) {
          bad.push(`${path.relative(ROOT, file)} -> ${target}`);
        }
      }
    }
    expect(bad).toEqual([]);
  });
});

describe('rule registry', () => {
  test('codes are unique', () => {
    expect(new Set(RULES.map((r) => r.code)).size).toBe(RULES.length);
  });

  test('the rule table in docs/rules.md is the registry, row for row', () => {
    const readme = fs.readFileSync(path.join(ROOT, 'docs', 'rules.md'), 'utf8');
    const rows = [...readme.matchAll(/^\| `([a-z0-9-]+)` \| (error|warning)(?: \/ warning)? \| (.+) \|$/gm)]
      .filter((m) => RULES.some((r) => r.code === m[1]) || /^[a-z0-9]+(?:-[a-z0-9]+)+$/.test(m[1] as string))
      .map((m) => ({ code: m[1], severity: m[2], description: m[3] }));
    const table = rows.filter((r) => readme.indexOf(`| \`${r.code}\` |`) > readme.indexOf('# Validation rules'));
    expect(table).toEqual(RULES.map((r) => ({ code: r.code, severity: r.severity, description: r.description })));
  });

  test('every source file reports only registered codes', () => {
    const codes = new Set<string>(RULES.map((r) => r.code));
    const used = tsFiles(path.join(ROOT, 'src', 'validate')).flatMap((f) =>
      [...fs.readFileSync(f, 'utf8').matchAll(/report\(\s*'([a-z0-9-]+)'/g)].map((m) => m[1] as string),
    );
    expect(used.filter((c) => !codes.has(c))).toEqual([]);
    // And every registered code is reported somewhere.
    expect([...codes].filter((c) => !used.includes(c))).toEqual([]);
  });

  test('the prefilter is the union of the needled rules: a string with a needle always reaches its rule', () => {
    for (const rule of STRING_RULES) {
      for (const needle of rule.needles ?? []) expect(NEEDLE_PREFILTER.test(`x${needle}y`) || ORG_PREFILTER.test(`x${needle}y`)).toBe(true);
    }
    expect(NEEDLE_PREFILTER.test('plain text with no reference at all') || ORG_PREFILTER.test('plain text with no reference at all')).toBe(false);
  });

  test('a typo in a rule code is a config error (exit 2) naming it, with a suggestion', async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'kwt.config.json'), JSON.stringify({ validate: { rules: { 'hex-idd': 'off' } } }));
    fs.writeFileSync(path.join(dir, 'w.json'), JSON.stringify({ workflows: [] }));
    const r = await runCli(['validate', 'w.json'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('validate.rules: "hex-idd" is not a rule code; did you mean "hex-id"?');
  });

  test('a typo in a transform id suggests the built-in', async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'kwt.config.json'), JSON.stringify({ app: 'acme', transforms: ['strip-metdata'] }));
    fs.writeFileSync(path.join(dir, 'w.json'), JSON.stringify({ name: 'x', trigger: { eventName: 'e' }, steps: [] }));
    const r = await runCli(['transform', 'w.json'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown transform "strip-metdata"');
    expect(r.stderr).toContain(`did you mean "strip-metadata"?`);
  });
});
