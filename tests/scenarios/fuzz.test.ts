// Fuzzing the CLI with mutated and truncated exports (fast-check): every run ends in exit 0, 1 or 2 with a message,
// never an internal error, and a successful run's block always validates.
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { runCli, tempDir, SAMPLES, CORPUS } from '../helpers/cli';
import { validateDocument } from '../../src/validate/validate';
import type { Json } from '../../src/core/json';

const config = path.join(SAMPLES, 'kwt.config.json');
const sources: { name: string; text: string; args: string[] }[] = [
  ...fs
    .readdirSync(path.join(SAMPLES, 'exports'))
    .sort()
    .map((f) => ({
      name: f,
      text: fs.readFileSync(path.join(SAMPLES, 'exports', f), 'utf8'),
      args: ['-c', config],
    })),
  ...(fs.existsSync(CORPUS)
    ? fs
        .readdirSync(CORPUS)
        .filter((f) => f.endsWith('.json'))
        .sort()
    : []
  ).map((f) => ({
    name: f,
    text: fs.readFileSync(path.join(CORPUS, f), 'utf8'),
    args: ['--app', 'fuzz_app', '--app-version', '1.0.0'],
  })),
];

type Mutation =
  | { kind: 'truncate'; at: number }
  | { kind: 'splice'; at: number; remove: number; insert: string }
  | { kind: 'set'; pick: number; value: unknown }
  | { kind: 'delete'; pick: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({
    kind: fc.constant('splice' as const),
    at: fc.nat(),
    remove: fc.nat({ max: 8 }),
    insert: fc.string({
      maxLength: 4,
      unit: fc.constantFrom(
        '{',
        '}',
        '[',
        ']',
        '"',
        ',',
        ':',
        '\\',
        'a',
        '1',
        ' ',
        '\u00e9',
        '\ufeff',
      ),
    }),
  }),
  fc.record({
    kind: fc.constant('set' as const),
    pick: fc.nat(),
    value: fc.jsonValue({ maxDepth: 3 }),
  }),
  fc.record({ kind: fc.constant('delete' as const), pick: fc.nat() }),
);

/** Every [container, key] in the document, so a structural mutation can pick one. */
function slots(
  value: unknown,
  out: [Record<string, unknown> | unknown[], string | number][] = [],
): typeof out {
  if (Array.isArray(value))
    value.forEach((v, i) => {
      out.push([value, i]);
      slots(v, out);
    });
  else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) {
      out.push([value as Record<string, unknown>, k]);
      slots(v, out);
    }
  return out;
}

function apply(text: string, m: Mutation): string {
  if (m.kind === 'truncate') return text.slice(0, m.at % (text.length + 1));
  if (m.kind === 'splice') {
    const at = m.at % (text.length + 1);
    return text.slice(0, at) + m.insert + text.slice(at + m.remove);
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return text; // an earlier mutation broke the text: structural edits have nothing to hold on to
  }
  const all = slots(doc);
  if (all.length === 0) return text;
  const [container, key] = all[m.pick % all.length]!;
  if (m.kind === 'set') (container as Record<string, unknown>)[key as string] = m.value;
  else if (Array.isArray(container)) container.splice(key as number, 1);
  else delete container[key as string];
  return JSON.stringify(doc, null, 2);
}

test('mutated exports never crash the CLI, and what succeeds validates', async () => {
  const dir = tempDir();
  await fc.assert(
    fc.asyncProperty(
      fc.nat({ max: sources.length - 1 }),
      fc.array(mutation, { minLength: 1, maxLength: 3 }),
      async (which, mutations) => {
        const source = sources[which]!;
        const text = mutations.reduce(apply, source.text);
        fs.writeFileSync(path.join(dir, 'input.json'), text);
        const r = await runCli(['transform', 'input.json', ...source.args], { cwd: dir });
        expect([0, 1, 2]).toContain(r.code);
        expect(r.stderr).not.toContain('internal error');
        if (r.code !== 0) expect(r.stderr.trim().length).toBeGreaterThan(0);
        else {
          const problems = validateDocument(JSON.parse(r.stdout) as Json, 'block');
          expect(problems.filter((p) => p.severity === 'error')).toEqual([]);
        }
      },
    ),
    // A fixed seed keeps CI reproducible; FUZZ_RUNS / FUZZ_SEED explore further locally.
    {
      numRuns: Number(process.env['FUZZ_RUNS'] ?? 300),
      seed: Number(process.env['FUZZ_SEED'] ?? 20261125),
    },
  );
}, 600_000);

test('the library entry takes the same mutated documents: a result or a KwtError, never a crash or a polluted prototype', () => {
  const { transform } = require('../../src/index') as typeof import('../../src/index');
  const { KwtError } = require('../../src/core/errors') as typeof import('../../src/core/errors');
  const sampleConfig = JSON.parse(
    fs.readFileSync(config, 'utf8'),
  ) as import('../../src/core/json').JsonObject;
  fc.assert(
    fc.property(
      fc.nat({ max: sources.length - 1 }),
      fc.array(mutation, { minLength: 1, maxLength: 3 }),
      fc.boolean(),
      (which, mutations, proto) => {
        const source = sources[which]!;
        let document: Json;
        try {
          document = JSON.parse(mutations.reduce(apply, source.text)) as Json;
        } catch {
          return; // the library takes parsed documents; broken text is the CLI's case above
        }
        // Half the runs also carry a parsed `__proto__` key, as JSON.parse makes it.
        if (proto && document && typeof document === 'object' && !Array.isArray(document)) {
          const rest = JSON.stringify(document).slice(1);
          document = JSON.parse(
            `{"__proto__": {"polluted": 1}${rest === '}' ? '' : ', '}${rest}`,
          ) as Json;
        }
        try {
          const result = transform(
            [{ label: source.name, document }],
            source.args.includes('-c') ? sampleConfig : {},
            source.args.includes('-c') ? {} : { app: 'fuzz_app', version: '1.0.0' },
          );
          expect(typeof result.ok).toBe('boolean');
          if (result.ok)
            expect(
              validateDocument(JSON.parse(result.text) as Json, 'block').filter(
                (p) => p.severity === 'error',
              ),
            ).toEqual([]);
        } catch (error) {
          expect(error).toBeInstanceOf(KwtError);
        }
        expect(Object.prototype).not.toHaveProperty('polluted');
      },
    ),
    {
      numRuns: Number(process.env['FUZZ_RUNS'] ?? 300),
      seed: Number(process.env['FUZZ_SEED'] ?? 20261125),
    },
  );
});
