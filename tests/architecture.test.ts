// The shape of the code that keeps it easy to change: layers import downwards only, registries are the single source.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { RULES } from '../src/validate/rules';
import { NEEDLE_PREFILTER, ORG_OR_ENCODED, STRING_RULES } from '../src/validate/string-rules';
import { runCli, tempDir } from './helpers/cli';

const ROOT = path.join(__dirname, '..');

function tsFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return tsFiles(full);
    return e.name.endsWith('.ts') && !e.name.endsWith('.generated.ts') ? [full] : [];
  });
}

/** A file's layer: its folder under src/ (`src/core`), a top-level file of src/ (`src/index`), or its top folder. */
function layerOf(relative: string): string {
  const parts = relative.split('/');
  if (parts[0] === 'src')
    return parts.length > 2
      ? `src/${parts[1]}`
      : `src/${(parts[1] as string).replace(/\.(ts|js|json)$/, '')}`;
  return parts[0] as string;
}

const IMPORT = /(?:from|require\(|import\()\s*'(\.[^']+)'/g;

/** Every relative module a file imports or requires (type-only imports too), as paths from the root, no extension. */
function importsOf(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  return [...text.matchAll(IMPORT)].map((m) =>
    path
      .relative(ROOT, path.resolve(path.dirname(file), m[1] as string))
      .split(path.sep)
      .join('/'),
  );
}

const EVERYTHING_BELOW_CLI = [
  'src/core',
  'src/json',
  'src/validate',
  'src/io',
  'src/plan',
  'src/report',
  'src/init',
  'src/graph',
  'src/release',
  'src/schema',
];

/** What each layer may import besides itself. Every folder and top-level file of src/, and every other source folder, is here. */
const ALLOWED: Record<string, readonly string[]> = {
  'src/core': [],
  // JSON text: parsing with every check, positions, style-preserving rewrites. Pure, like core.
  'src/json': ['src/core'],
  transforms: ['src/core'],
  'src/validate': ['src/core'],
  'src/release': ['src/core'],
  'src/init': ['src/core'],
  'src/graph': ['src/core'],
  'src/plan': ['src/core', 'src/json', 'src/validate', 'src/release', 'src/init'],
  // The io layer carries out plans, so it knows their types.
  'src/io': ['src/core', 'src/json', 'src/plan'],
  // SARIF describes each rule from the registry; the release report prints a release plan.
  'src/report': ['src/core', 'src/validate', 'src/plan'],
  'src/schema': ['src/core', 'src/validate', 'transforms'],
  'src/catalog': ['src/core', 'src/validate', 'transforms'],
  'src/types': ['src/core', 'src/validate', 'transforms'],
  'src/cli': [...EVERYTHING_BELOW_CLI, 'src/catalog', 'transforms'],
  // The library entry: everything the CLI has but the CLI itself.
  'src/index': [...EVERYTHING_BELOW_CLI, 'src/catalog', 'src/types', 'transforms'],
  scripts: ['src/core', 'src/schema', 'transforms', 'package'],
  // The bench measures the library entry as users call it.
  bench: ['src/index', 'src/core', 'src/io', 'src/plan', 'src/validate', 'transforms', 'package'],
};

describe('layers', () => {
  test('every source folder and top-level file has a row (a new folder must say what it may import)', () => {
    const src = fs.readdirSync(path.join(ROOT, 'src')).map((name) => layerOf(`src/${name}`));
    for (const layer of [...src, 'transforms', 'scripts', 'bench'])
      expect(Object.keys(ALLOWED)).toContain(layer);
  });

  test.each(Object.entries(ALLOWED))('%s imports only %j (and itself)', (layer, allowed) => {
    const root =
      layer.startsWith('src/') && !fs.existsSync(path.join(ROOT, layer))
        ? path.join(ROOT, `${layer}.ts`)
        : path.join(ROOT, layer);
    const files = fs.statSync(root).isDirectory() ? tsFiles(root) : [root];
    expect(files.length).toBeGreaterThan(0);
    const bad: string[] = [];
    for (const file of files) {
      for (const target of importsOf(file)) {
        const targetLayer = layerOf(target);
        if (targetLayer !== layer && !allowed.includes(targetLayer))
          bad.push(`${path.relative(ROOT, file)} -> ${target}`);
      }
    }
    expect(bad).toEqual([]);
  });

  test('no module imports itself through others, not even for a type (a cycle is two modules that are really one)', () => {
    const files = ['src', 'transforms']
      .flatMap((d) => tsFiles(path.join(ROOT, d)))
      .filter((f) => !f.includes(`${path.sep}examples${path.sep}`));
    const known = new Set(files.map((f) => path.relative(ROOT, f).split(path.sep).join('/')));
    const resolve = (target: string): string | undefined =>
      [`${target}.ts`, `${target}/index.ts`].find((c) => known.has(c));
    const edges = new Map(
      [...known].map((f) => [f, importsOf(path.join(ROOT, f)).flatMap((t) => resolve(t) ?? [])]),
    );
    // Tarjan's strongly connected components: any component of more than one module is a cycle.
    const index = new Map<string, number>();
    const low = new Map<string, number>();
    const stack: string[] = [];
    const cycles: string[][] = [];
    const visit = (v: string): void => {
      index.set(v, index.size);
      low.set(v, index.get(v)!);
      stack.push(v);
      for (const w of edges.get(v) ?? []) {
        if (!index.has(w)) {
          visit(w);
          low.set(v, Math.min(low.get(v)!, low.get(w)!));
        } else if (stack.includes(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
      }
      if (low.get(v) === index.get(v)) {
        const component: string[] = [];
        for (let w = stack.pop(); w !== undefined; w = w === v ? undefined : stack.pop())
          component.push(w);
        if (component.length > 1) cycles.push(component.sort());
      }
    };
    for (const v of known) if (!index.has(v)) visit(v);
    expect(cycles).toEqual([]);
  });
});

describe('rule registry', () => {
  test('codes are unique', () => {
    expect(new Set(RULES.map((r) => r.code)).size).toBe(RULES.length);
  });

  test('the rule table in docs/rules.md is the registry, row for row', () => {
    const readme = fs.readFileSync(path.join(ROOT, 'docs', 'rules.md'), 'utf8');
    const rows = [
      ...readme.matchAll(/^\| `([a-z0-9-]+)` \| (error|warning)(?: \/ warning)? \| (.+) \|$/gm),
    ]
      .filter(
        (m) =>
          RULES.some((r) => r.code === m[1]) || /^[a-z0-9]+(?:-[a-z0-9]+)+$/.test(m[1] as string),
      )
      .map((m) => ({ code: m[1], severity: m[2], description: m[3] }));
    const table = rows.filter(
      (r) => readme.indexOf(`| \`${r.code}\` |`) > readme.indexOf('# Validation rules'),
    );
    expect(table).toEqual(
      RULES.map((r) => ({ code: r.code, severity: r.severity, description: r.description })),
    );
  });

  test('every source file reports only registered codes', () => {
    const codes = new Set<string>(RULES.map((r) => r.code));
    const used = tsFiles(path.join(ROOT, 'src', 'validate')).flatMap((f) =>
      [...fs.readFileSync(f, 'utf8').matchAll(/report\(\s*'([a-z0-9-]+)'/g)].map(
        (m) => m[1] as string,
      ),
    );
    expect(used.filter((c) => !codes.has(c))).toEqual([]);
    // And every registered code is reported somewhere.
    expect([...codes].filter((c) => !used.includes(c))).toEqual([]);
  });

  test('the prefilter is the union of the needled rules: a string with a needle always reaches its rule', () => {
    for (const rule of STRING_RULES) {
      for (const needle of rule.needles ?? [])
        expect(NEEDLE_PREFILTER.test(`x${needle}y`) || ORG_OR_ENCODED.test(`x${needle}y`)).toBe(
          true,
        );
    }
    expect(
      NEEDLE_PREFILTER.test('plain text with no reference at all') ||
        ORG_OR_ENCODED.test('plain text with no reference at all'),
    ).toBe(false);
  });

  test('a typo in a rule code is a config error (exit 2) naming it, with a suggestion', async () => {
    const dir = tempDir();
    fs.writeFileSync(
      path.join(dir, 'kwt.config.json'),
      JSON.stringify({ validate: { rules: { 'hex-idd': 'off' } } }),
    );
    fs.writeFileSync(path.join(dir, 'w.json'), JSON.stringify({ workflows: [] }));
    const r = await runCli(['validate', 'w.json'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      'validate.rules: "hex-idd" is not a rule code; did you mean "hex-id"?',
    );
  });

  test('a typo in a transform id suggests the built-in', async () => {
    const dir = tempDir();
    fs.writeFileSync(
      path.join(dir, 'kwt.config.json'),
      JSON.stringify({ app: 'acme', transforms: ['strip-metdata'] }),
    );
    fs.writeFileSync(
      path.join(dir, 'w.json'),
      JSON.stringify({ name: 'x', trigger: { eventName: 'e' }, steps: [] }),
    );
    const r = await runCli(['transform', 'w.json'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown transform "strip-metdata"');
    expect(r.stderr).toContain(`did you mean "strip-metadata"?`);
  });
});
