// Counting changes (the pretty summary) must give what recording them gives (the JSON report), change for change.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import { countChanges, diffRecords } from '../../src/core/change-records';
import { recognise } from '../../src/core/input-shapes';
import { resolveConfig } from '../../src/core/config';
import type { Json, JsonObject } from '../../src/core/json';
import { CATALOG } from '../../src/catalog';
import { planTransform } from '../../src/plan/plan';
import { BUILT_INS } from '../../transforms';
import { discoverCases } from '../helpers/fixtures';

const ROOT = path.resolve(__dirname, '..', '..');

/** A value and an edited copy of it: most branches shared (as transforms leave them), some replaced, added or removed. */
const edited: fc.Arbitrary<[Json, Json]> = fc
  .tuple(
    fc.jsonValue({ maxDepth: 4 }) as fc.Arbitrary<Json>,
    fc.array(
      fc.tuple(fc.nat(), fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json>, fc.boolean()),
      { maxLength: 4 },
    ),
  )
  .map(([value, edits]) => {
    const edit = (node: Json, [pick, replacement, remove]: [number, Json, boolean]): Json => {
      if (node === null || typeof node !== 'object') return replacement;
      const keys = Array.isArray(node) ? node.map((_, i) => i) : Object.keys(node);
      if (keys.length === 0) return Array.isArray(node) ? [replacement] : { added: replacement };
      const key = keys[pick % keys.length] as string | number;
      if (Array.isArray(node)) {
        const copy = [...node];
        if (remove) copy.splice(key as number, 1);
        else
          copy[key as number] = edit(node[key as number] as Json, [
            Math.floor(pick / 7),
            replacement,
            remove,
          ]);
        return copy;
      }
      const copy: JsonObject = { ...node };
      if (remove) delete copy[key as string];
      else
        copy[key as string] = edit(node[key as string] as Json, [
          Math.floor(pick / 7),
          replacement,
          remove,
        ]);
      return copy;
    };
    return [value, edits.reduce(edit, value)];
  });

test('countChanges equals the number of records diffRecords makes, on edited and unrelated values', () => {
  fc.assert(
    fc.property(
      fc.oneof(
        edited,
        fc.tuple(fc.jsonValue() as fc.Arbitrary<Json>, fc.jsonValue() as fc.Arbitrary<Json>),
      ),
      ([before, after]) => {
        expect(countChanges(before, after)).toBe(diffRecords('t', before, after).length);
      },
    ),
    { numRuns: 2000, seed: 3 },
  );
});

/** Per workflow, the counts a plan keeps when it records changes and when it only counts them. */
function counts(
  document: Json,
  config: JsonObject,
  mode: true | 'count',
): Record<string, number>[] {
  const parsed = recognise(document, 'input.json', 'input');
  const plan = planTransform(
    [{ label: 'input.json', parsed }],
    resolveConfig(config, 'config', CATALOG),
    { kind: 'stdout' },
    { validate: false, recordChanges: mode },
  );
  return plan.batch.inputs.flatMap((i) =>
    i.results.map((r) => {
      if (mode === 'count') expect(r.changes).toEqual([]);
      return r.changeCounts;
    }),
  );
}

test('every fixture and sample: counted changes equal recorded ones, transform by transform', () => {
  const cases = BUILT_INS.flatMap((t) => discoverCases(t.id));
  const samples = fs.readdirSync(path.join(ROOT, 'samples', 'exports')).map((f) => ({
    input: JSON.parse(fs.readFileSync(path.join(ROOT, 'samples', 'exports', f), 'utf8')) as Json,
    config: JSON.parse(
      fs.readFileSync(path.join(ROOT, 'samples', 'kwt.config.json'), 'utf8'),
    ) as JsonObject,
  }));
  let compared = 0;
  for (const c of [...cases.map((k) => ({ input: k.input, config: k.config })), ...samples]) {
    let recorded: Record<string, number>[];
    try {
      recorded = counts(c.input, c.config, true);
    } catch {
      continue; // a case whose config is refused (it expects that): nothing to count
    }
    expect(counts(c.input, c.config, 'count')).toEqual(recorded);
    compared += recorded.length;
  }
  expect(compared).toBeGreaterThan(20);
});

test('the built CLI (the bundle) prints the same change totals whether it counts them (summary) or records them (JSON report)', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kwt-counts-'));
  try {
    const bin = path.join(ROOT, 'dist', 'src', 'cli', 'bin.js');
    const base = ['transform', 'samples/exports', '-c', 'samples/kwt.config.json', '--dry-run'];
    const counted = spawnSync(process.execPath, [bin, ...base], { cwd: ROOT, encoding: 'utf8' });
    const report = path.join(dir, 'report.json');
    const recorded = spawnSync(
      process.execPath,
      [bin, ...base, '--report', 'json', '--report-file', report],
      { cwd: ROOT, encoding: 'utf8' },
    );
    expect([counted.status, recorded.status]).toEqual([0, 0]);
    const line = (stderr: string): string | undefined =>
      stderr.split('\n').find((l) => l.startsWith('changes:'));
    expect(line(counted.stderr)).toBeDefined();
    expect(line(counted.stderr)).toBe(line(recorded.stderr));
    const totals = (
      JSON.parse(fs.readFileSync(report, 'utf8')) as {
        totals: { changesByTransform: Record<string, number> };
      }
    ).totals;
    const printed = Object.entries(totals.changesByTransform)
      .map(([id, n]) => `${id} ${n}`)
      .join(', ');
    expect(line(counted.stderr)).toBe(`changes: ${printed}`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
