// Every transform file is registered, its id equals its file name, and the shipped config schema is current.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { BUILT_INS, DEFAULT_PIPELINE } from '../../transforms';
import { configSchema } from '../../src/schema/config-schema';
import { serialize } from '../../src/core/json';
import { ROOT } from '../helpers/cli';

test('each file in transforms/ is registered under its file name, and no two share an id', () => {
  const files = fs
    .readdirSync(path.join(ROOT, 'transforms'))
    .filter((f) => f.endsWith('.ts') && f !== 'index.ts')
    .map((f) => f.replace(/\.ts$/, ''))
    .sort();
  expect(BUILT_INS.map((t) => t.id).sort()).toEqual(files);
  expect(new Set(BUILT_INS.map((t) => t.id)).size).toBe(BUILT_INS.length);
});

test('the default pipeline names only registered transforms', () => {
  for (const id of DEFAULT_PIPELINE) expect(BUILT_INS.map((t) => t.id)).toContain(id);
});

test('schema/kwt.config.schema.json is the generated one (regenerate: npm run generate)', () => {
  expect(fs.readFileSync(path.join(ROOT, 'schema', 'kwt.config.schema.json'), 'utf8')).toBe(
    serialize(configSchema()),
  );
});
