// Bad input gets its own plain message naming the file, exit 2, and nothing is written; prototypes stay untouched.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runCli, tempDir, SAMPLES } from '../helpers/cli';
import { parseInput } from '../../src/json/parse-input';

const config = path.join(SAMPLES, 'kwt.config.json');
const good = fs.readFileSync(path.join(SAMPLES, 'exports', 'order-posted.json'), 'utf8');

async function transformOne(
  name: string,
  content: string | Buffer,
): Promise<{ code: number; stderr: string; dir: string }> {
  const dir = tempDir();
  fs.writeFileSync(path.join(dir, name), content);
  const r = await runCli(['transform', name, '-c', config, '-o', 'out.json'], { cwd: dir });
  expect(fs.existsSync(path.join(dir, 'out.json'))).toBe(false);
  return { code: r.code, stderr: r.stderr, dir };
}

test.each([
  ['number.json', '42', 'number.json: expected a workflow export'],
  ['null.json', 'null', 'null.json: expected a workflow export'],
  ['string.json', '"hello"', 'string.json: expected a workflow export'],
  [
    'binary.json',
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01, 0x02]),
    'binary.json: binary file',
  ],
  ['latin1.json', Buffer.from('{"name":"caf\xe9"}', 'latin1'), 'latin1.json: not UTF-8'],
  ['truncated.json', good.slice(0, 200), 'truncated.json:'],
  ['trailing.json', good + '\n{}', 'trailing.json:'],
])('%s is refused with its own message', async (name, content, message) => {
  const { code, stderr } = await transformOne(name, content);
  expect(code).toBe(2);
  expect(stderr).toContain(message);
});

test('a file cut inside a UTF-8 sequence is refused without spoiling the next file (one decoder serves every file)', () => {
  const cut = Buffer.concat([
    Buffer.from('{"name": "caf'),
    Buffer.from('é', 'utf8').subarray(0, 1),
  ]);
  expect(() => parseInput(cut, 'cut.json')).toThrow('cut.json: not UTF-8');
  expect(parseInput(Buffer.from('{"name": "café"}'), 'next.json').value).toEqual({ name: 'café' });
});

test('a BOM is accepted with a warning', async () => {
  const dir = tempDir();
  fs.writeFileSync(path.join(dir, 'bom.json'), '\ufeff' + good);
  const r = await runCli(['transform', 'bom.json', '-c', config], { cwd: dir });
  expect(r.code).toBe(0);
  expect(r.stderr).toContain('warning bom.json: starts with a UTF-8 byte-order mark; ignored it');
});

test('a folder with no JSON file, a missing file and a dangling link are refused by name', async () => {
  const dir = tempDir();
  fs.mkdirSync(path.join(dir, 'empty'));
  fs.writeFileSync(path.join(dir, 'empty', 'notes.txt'), 'not json');
  const empty = await runCli(['transform', 'empty', '-c', config], { cwd: dir });
  expect(empty.code).toBe(2);
  expect(empty.stderr).toContain('empty');
  expect(empty.stderr).toContain('empty: folder has no *.json file');
  const missing = await runCli(['transform', 'nope.json', '-c', config], { cwd: dir });
  expect(missing.code).toBe(2);
  expect(missing.stderr).toContain('nope.json');
  fs.symlinkSync(path.join(dir, 'gone'), path.join(dir, 'link.json'));
  const dangling = await runCli(['transform', 'link.json', '-c', config], { cwd: dir });
  expect(dangling.code).toBe(2);
  expect(dangling.stderr).toContain('link.json');
});

test('too deep and too large inputs are refused before they can exhaust the stack or memory', async () => {
  const deep = await transformOne('deep.json', '['.repeat(100_000) + ']'.repeat(100_000));
  expect(deep.code).toBe(2);
  expect(deep.stderr).toContain('deep.json: nested more than 200 levels deep');
  const big = await transformOne(
    'big.json',
    `{"name":"x","pad":"${'a'.repeat(64 * 1024 * 1024)}"}`,
  );
  expect(big.code).toBe(2);
  expect(big.stderr).toContain('big.json:');
  expect(big.stderr).toContain('64 MiB input limit');
});

test('__proto__, constructor and prototype keys never reach a prototype', async () => {
  const dir = tempDir();
  const hostile = good
    .replace(
      '"name": "Order Posted",',
      '"name": "Order Posted", "__proto__": {"polluted": "yes"}, "constructor": {"prototype": {"polluted": "yes"}},',
    )
    .replace('"params": {', '"params": { "__proto__": { "isAdmin": true },');
  expect(hostile).toContain('__proto__');
  fs.writeFileSync(path.join(dir, 'hostile.json'), hostile);
  const r = await runCli(['transform', 'hostile.json', '-c', config], { cwd: dir });
  expect(r.code).toBe(0);
  expect(r.stderr).toContain('__proto__');
  expect(r.stdout).not.toContain('__proto__');
  expect(r.stdout).not.toContain('polluted');
  expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  expect(({} as Record<string, unknown>)['isAdmin']).toBeUndefined();
  expect(Object.prototype).not.toHaveProperty('polluted');
});

test('a config may not name __proto__ in a JSONPath', async () => {
  const dir = tempDir();
  fs.writeFileSync(
    path.join(dir, 'kwt.config.json'),
    JSON.stringify({
      app: 'acme',
      transforms: [['jsonpath', { set: [{ path: '$.__proto__.polluted', value: 1 }] }]],
    }),
  );
  fs.writeFileSync(path.join(dir, 'w.json'), good);
  const r = await runCli(['transform', 'w.json'], { cwd: dir });
  expect(r.code).toBe(2);
  expect(r.stderr).toContain('kwt.config.json');
  expect(Object.prototype).not.toHaveProperty('polluted');
});
