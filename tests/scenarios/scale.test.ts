// Blocks larger than one JavaScript string (about 512 MiB, some 29,000 workflows) are planned, compared and written
// piece by piece: these tests hold the pieces to one workflow each and the joined text to `serialize`, byte for byte.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { constants } from 'node:buffer';
import fc from 'fast-check';
import {
  serialize,
  serializeAlong,
  serializePieces,
  type Json,
  type JsonObject,
  type TextStyle,
} from '../../src/core/json';
import { joined, sameBytes } from '../../src/core/text';
import { inspectTarget, sameContent, writeAll, type WriteFs } from '../../src/io/write-output';
import { runCli, tempDir } from '../helpers/cli';

const styles: TextStyle[] = [
  { indent: 2, eol: '\n', finalNewline: true },
  { indent: '\t', eol: '\r\n', finalNewline: false },
  { indent: 0, eol: '\n', finalNewline: true },
  { indent: 4, eol: '\r\n', finalNewline: true },
];

function block(n: number): JsonObject {
  const workflows = Array.from({ length: n }, (_, i) => ({
    name: `acme-w${i}`,
    trigger: { eventName: 'kustomer.conversation.create', transitions: [{ target: 's' }] },
    steps: [
      {
        id: 's',
        action: 'kustomer.rest-api.json',
        params: { uri: `https://api.acme.example/${i}`, body: 'é'.repeat(i % 7) },
      },
    ],
  }));
  return {
    workflows,
    settings: { default: { apiToken: { type: 'secret', defaultValue: '' } } },
    i18n: { en_us: { 'acme.x': 'X' } },
  };
}

test('the pieces joined are serialize(), byte for byte, in every style and for any JSON around the list (workflows, inputs)', () => {
  fc.assert(
    fc.property(
      fc.array(fc.jsonValue(), { minLength: 1, maxLength: 6 }),
      fc.dictionary(fc.string(), fc.jsonValue()),
      fc.constantFrom(...styles),
      fc.constantFrom('workflows', 'inputs'),
      (list, extra, style, key) => {
        // Along the block's workflows, or along any list (the inputs of a run report).
        const value = { ...extra, [key]: list } as Json;
        const text =
          key === 'workflows' ? serializePieces(value, style) : serializeAlong(value, key, style);
        expect(typeof text).not.toBe('string');
        expect(joined(text)).toBe(serialize(value, style));
      },
    ),
    { numRuns: 500 },
  );
  for (const style of styles)
    expect(joined(serializePieces(block(50), style))).toBe(serialize(block(50), style));
});

test('no piece holds more than one workflow, so the text of a block is never one string', () => {
  const value = block(300);
  const lazy = serializePieces(value);
  expect(typeof lazy).not.toBe('string');
  const pieces = [...(lazy as Iterable<string>)];
  // Made anew on each reading, the same each time.
  expect([...(lazy as Iterable<string>)]).toEqual(pieces);
  const largestWorkflow = Math.max(
    ...(value['workflows'] as Json[]).map((w) => JSON.stringify(w, null, 2).length),
  );
  const longest = Math.max(...pieces.map((p) => p.length));
  expect(longest).toBeLessThan(largestWorkflow * 2 + 200);
  expect(pieces.length).toBeGreaterThanOrEqual(300);
});

test('writing and comparing take the pieces one by one: no write is larger than a chunk or a piece, the file is exact', () => {
  const dir = tempDir();
  const target = path.join(dir, 'block.json');
  const content = serializePieces(block(200));
  const sizes: number[] = [];
  const recording: WriteFs = {
    ...fs,
    writeSync: (fd: number, buffer: Buffer, offset: number, length: number) => {
      sizes.push(length);
      return fs.writeSync(fd, buffer, offset, length);
    },
  };
  writeAll([{ path: target, label: 'block.json', content }], { fs: recording });
  const bytes = fs.readFileSync(target);
  expect(bytes.toString('utf8')).toBe(serialize(block(200)));
  const pieceSizes = [...(content as Iterable<string>)].map((p) => Buffer.byteLength(p));
  // Pieces are gathered into 1 MiB chunks: fewer writes than pieces, none larger than a chunk or the largest piece.
  expect(Math.max(...sizes)).toBeLessThanOrEqual(Math.max(1024 * 1024, ...pieceSizes));
  expect(sizes.length).toBeLessThan(pieceSizes.length);
  expect(sameBytes(bytes, content)).toBe(true);
  expect(sameBytes(Buffer.concat([bytes, Buffer.from(' ')]), content)).toBe(false);
  expect(sameBytes(bytes.subarray(0, bytes.length - 1), content)).toBe(false);
  expect(sameBytes(undefined, content)).toBe(false);
});

test('pieces gathered into chunks are written byte for byte, whatever their sizes and characters', () => {
  const dir = tempDir();
  const target = path.join(dir, 'out.json');
  // Sizes around the 1 MiB chunk, characters of one to four UTF-8 bytes, so pieces straddle every boundary.
  const unit = fc.constantFrom('a', 'é', '€', '😀', '\n');
  const piece = fc
    .tuple(unit, fc.integer({ min: 0, max: 700_000 }))
    .map(([c, n]) => c.repeat(Math.ceil(n / c.length)));
  fc.assert(
    fc.property(fc.array(piece, { maxLength: 6 }), (parts) => {
      fs.rmSync(target, { force: true });
      writeAll([{ path: target, label: 'out.json', content: parts }]);
      expect(fs.readFileSync(target).equals(Buffer.from(parts.join(''), 'utf8'))).toBe(true);
    }),
    { numRuns: 25, seed: 5 },
  );
});

// kwt reads back what it writes: a block past the largest string (about 512 MiB) is validated, parsed piece by piece,
// and what is found deep inside it (a repeated key, a rule's finding) is placed at its line and column of the whole file.
test('kwt validate reads a block larger than one string, and places its findings at their line and column', async () => {
  const dir = tempDir();
  const file = path.join(dir, 'block.json');
  const one = (i: number): string =>
    JSON.stringify(
      {
        name: `acme-w${i}`,
        trigger: { eventName: 'kustomer.conversation.create', transitions: [{ target: 's' }] },
        steps: [
          {
            id: 's',
            action: 'kustomer.rest-api.json',
            params: { uri: `https://api.acme.example/${i}`, body: 'é'.repeat(20_000) },
          },
        ],
      },
      null,
      2,
    ).replace(/^/gm, '    ');
  const size = Buffer.byteLength(one(0));
  const count = Math.ceil((constants.MAX_STRING_LENGTH + 1024 * 1024) / size);
  const fd = fs.openSync(file, 'w');
  let lines = 2;
  let host: { line: number; column: number } | undefined;
  try {
    fs.writeSync(fd, '{\n  "workflows": [\n');
    for (let i = 0; i < count - 1; i++) {
      const text = one(i);
      lines += text.split('\n').length;
      fs.writeSync(fd, text + ',\n');
    }
    // The last workflow names itself twice (a warning that only the text shows) and calls the org's own host.
    const last = one(count - 1)
      .replace('"name": ', '"name": "first",\n      "name": ')
      .replace('https://api.acme.example', 'https://acme.kustomerapp.com');
    const uri = last.split('\n').findIndex((l) => l.includes('"uri"'));
    host = {
      line: lines + 1 + uri,
      column: (last.split('\n')[uri] as string).indexOf('"https') + 1,
    };
    fs.writeSync(fd, last + '\n  ]\n}\n');
  } finally {
    fs.closeSync(fd);
  }
  expect(fs.statSync(file).size).toBeGreaterThan(constants.MAX_STRING_LENGTH);
  const run = await runCli(['validate', 'block.json', '--max-input-size', '2G'], { cwd: dir });
  fs.rmSync(dir, { recursive: true, force: true });
  expect(run.stderr).toContain(
    `block.json:${lines + 3}:7: key "name" appears twice in one object; the last one wins`,
  );
  expect(run.stdout).toContain(
    `block.json:${host?.line}:${host?.column} #/workflows/${count - 1}/steps/0/params/uri: names the Kustomer org host`,
  );
  expect(run.stderr).toContain('1 file, 1 error, 0 warnings');
  expect(run.code).toBe(1);
}, 300_000);

test('a target is compared as a stream, chunk by chunk beside the pieces: the same answer as comparing it whole', () => {
  const dir = tempDir();
  const file = path.join(dir, 'target.json');
  const piece = fc.oneof(
    fc.string({ maxLength: 40 }),
    fc.constantFrom('é🎉', 'x'.repeat(1024 * 1024 + 7), ''),
  );
  fc.assert(
    fc.property(
      fc.array(piece, { maxLength: 8 }),
      fc.nat(),
      fc.constantFrom('same', 'flip', 'cut', 'extra', 'missing'),
      (parts, at, how) => {
        const text = Buffer.from(parts.join(''), 'utf8');
        let bytes = text;
        if (how === 'flip' && text.length > 0) {
          bytes = Buffer.from(text);
          bytes[at % text.length] = bytes[at % text.length]! ^ 1;
        } else if (how === 'cut' && text.length > 0) bytes = text.subarray(0, at % text.length);
        else if (how === 'extra') bytes = Buffer.concat([text, Buffer.from('\n')]);
        fs.rmSync(file, { force: true });
        if (how !== 'missing') fs.writeFileSync(file, bytes);
        const state = inspectTarget(file, 'target.json');
        expect(state.bytes).toBeUndefined();
        const expected = how !== 'missing' && bytes.equals(text);
        expect(sameContent(state, parts, 'target.json')).toBe(expected);
        expect(sameContent(state, parts.join(''), 'target.json')).toBe(expected);
      },
    ),
    { numRuns: 150 },
  );
  fs.rmSync(dir, { recursive: true, force: true });
});

test('a target replaced after it was inspected (edited, or swapped for a FIFO) is not compared: no hang, a clear error', () => {
  const dir = tempDir();
  const file = path.join(dir, 'target.json');
  fs.writeFileSync(file, '{}\n');
  const state = inspectTarget(file, 'target.json');
  fs.rmSync(file);
  execFileSync('mkfifo', [file]);
  expect(() => sameContent(state, '{}\n', 'target.json')).toThrow(
    'target.json: changed while kwt was running',
  );
  fs.rmSync(file);
  fs.writeFileSync(file, '{ }\n');
  expect(() => sameContent(state, '{}\n', 'target.json')).toThrow(
    'target.json: changed while kwt was running',
  );
  fs.rmSync(dir, { recursive: true, force: true });
});
