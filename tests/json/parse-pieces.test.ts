// A document too large for one string is parsed piece by piece (parse-pieces.ts): with tiny pieces, every input gives
// exactly what the whole-file parse gives: the value, the warnings, exactness, and the same error with line and column.
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { parseInput } from '../../src/json/parse-input';
import { parseInPieces } from '../../src/json/parse-pieces';
import { pointerLocator } from '../../src/json/bytes';
import { lineColumn } from '../../src/json/syntax';
import { locatePointer } from '../../src/json/position-index';
import { KwtError } from '../../src/core/errors';
import type { ParsedJson } from '../../src/json/parse-text';
import { SAMPLES } from '../helpers/cli';

type Outcome = { ok: ParsedJson } | { error: string };

function outcome(run: () => ParsedJson): Outcome {
  try {
    const ok = run();
    return { ok: { ...ok, warnings: [...ok.warnings].sort() } };
  } catch (error) {
    if (!(error instanceof KwtError)) throw error;
    return { error: error.message };
  }
}

function whole(text: string | Buffer): Outcome {
  return outcome(() => {
    // The whole-file parse also hands back the text it parsed (a run may keep it to place findings): not an outcome.
    const { text: _parsed, ...parsed } = parseInput(
      Buffer.isBuffer(text) ? text : Buffer.from(text),
      'doc.json',
      Infinity,
    );
    return parsed;
  });
}

function pieces(text: string | Buffer, split: number, value = 1e6): Outcome {
  return outcome(() =>
    parseInPieces(Buffer.isBuffer(text) ? text : Buffer.from(text), 'doc.json', { split, value }),
  );
}

/** Pieces of any size give the whole-file outcome: the same value and warnings, or the same error message. */
function sameAsWhole(input: string | Buffer, size: number): void {
  const expected = whole(input);
  const got = pieces(input, size);
  if ('ok' in expected) expect(got).toEqual(expected);
  else expect('error' in got ? got.error : got).toBe(expected.error);
}

/** Arbitrary JSON text: values with keys that repeat and reach prototypes, odd strings, any layout. */
const jsonText = fc
  .tuple(
    fc.jsonValue({ maxDepth: 5 }),
    fc.constantFrom(0, 1, 2, '\t', ' \r\n '),
    fc.array(
      fc.tuple(
        fc.nat(),
        fc.constantFrom('__proto__', 'constructor', 'dup', 'a'),
        fc.jsonValue({ maxDepth: 1 }),
      ),
      { maxLength: 3 },
    ),
  )
  .map(([value, indent, extras]) => {
    let text = JSON.stringify(value, null, indent) ?? 'null';
    // Extra members spliced in after an opening brace: repeated and prototype keys in any object.
    for (const [at, key, extra] of extras) {
      const braces = [...text.matchAll(/\{/g)].map((m) => m.index);
      if (braces.length === 0) break;
      const brace = braces[at % braces.length]!;
      const empty = /^\{\s*\}/.test(text.slice(brace));
      text = `${text.slice(0, brace + 1)}"${key}": ${JSON.stringify(extra)}${empty ? '' : ','}${text.slice(brace + 1)}`;
    }
    return text;
  });

describe('parseInPieces', () => {
  it('parses any JSON exactly as the whole-file parse does, at every piece size', () => {
    fc.assert(
      fc.property(jsonText, fc.integer({ min: 1, max: 64 }), (text, size) => {
        expect(pieces(text, size)).toEqual(whole(text));
      }),
      { numRuns: 400 },
    );
  });

  it('reports broken JSON with the same message, line and column', () => {
    const broken = fc
      .tuple(
        jsonText,
        fc.nat(),
        fc.constantFrom('delete', 'insert', 'truncate'),
        fc.constantFrom(',', '}', ']', '"', ':', '{', '[', 'x', '\n', '\\'),
      )
      .map(([text, at, how, char]) => {
        const i = text.length === 0 ? 0 : at % text.length;
        if (how === 'delete') return text.slice(0, i) + text.slice(i + 1);
        if (how === 'truncate') return text.slice(0, i);
        return text.slice(0, i) + char + text.slice(i);
      });
    fc.assert(fc.property(broken, fc.integer({ min: 1, max: 48 }), sameAsWhole), { numRuns: 600 });
  });

  it('reads the sample exports and a block of them in pieces', () => {
    const dir = path.join(SAMPLES, 'exports');
    const texts = fs
      .readdirSync(dir)
      .sort()
      .map((f) => fs.readFileSync(path.join(dir, f), 'utf8'));
    const block = `{\n  "workflows": [\n${texts.join(',\n')}\n  ]\n}\n`;
    for (const text of [...texts, block]) {
      for (const size of [16, 200, 4096]) expect(pieces(text, size)).toEqual(whole(text));
    }
  });

  it('places errors and warnings after multi-byte text, a byte-order mark and CRLF lines', () => {
    const text =
      '\uFEFF{\r\n  "naïve 🎉": [1, 2],\r\n  "k": {"a": 1, "a": 2},\r\n  "x": [1,, 2]\r\n}';
    for (const size of [1, 4, 10, 30]) expect(pieces(text, size)).toEqual(whole(text));
    const valid = '\uFEFF{"é": [1, {"a": 1, "a": 2}], "🎉": "ü"}';
    for (const size of [1, 4, 10]) expect(pieces(valid, size)).toEqual(whole(valid));
  });

  it('refuses nesting past 200 levels, binary and UTF-16 text, and a value larger than a piece', () => {
    const deep = '['.repeat(201) + ']'.repeat(201);
    expect(pieces(deep, 8)).toEqual(whole(deep));
    const ok = '['.repeat(200) + ']'.repeat(200);
    expect(pieces(ok, 8)).toEqual(whole(ok));
    expect(pieces('{"a": "x\u0000"}', 4)).toEqual({
      error: 'doc.json: binary file (contains NUL bytes); expected JSON text',
    });
    expect(pieces(Buffer.from('\uFEFF[1]', 'utf16le'), 4)).toEqual({
      error: 'doc.json: UTF-16 text this large cannot be read; save it as UTF-8',
    });
    expect(pieces('[1, "abcdefghijkl"]', 4, 8)).toEqual({
      error: 'doc.json:1:5: one JSON value larger than 8 bytes; no string here can hold it',
    });
    expect(pieces(' \n ', 4)).toEqual(whole(' \n '));
  });
});

describe('pointerLocator', () => {
  /** Every pointer in the value, and one more segment past each leaf (a key a transform added: its parent is found). */
  function pointers(value: unknown, at = ''): string[] {
    const escape = (k: string): string => k.replace(/~/g, '~0').replace(/\//g, '~1');
    const own = [at, `${at}/added`];
    if (Array.isArray(value))
      return [...own, ...value.flatMap((v, i) => pointers(v, `${at}/${i}`))];
    if (value !== null && typeof value === 'object')
      return [
        ...own,
        ...Object.entries(value).flatMap(([k, v]) => pointers(v, `${at}/${escape(k)}`)),
      ];
    return own;
  }

  it('places every pointer where the whole-text navigation does, at every piece size', () => {
    fc.assert(
      fc.property(jsonText, fc.integer({ min: 1, max: 64 }), fc.boolean(), (text, size, bom) => {
        const parsed = whole(text);
        fc.pre('ok' in parsed);
        const bytes = Buffer.from((bom ? '\uFEFF' : '') + text);
        const locate = pointerLocator(bytes, { split: size, value: 1e6 });
        for (const pointer of pointers(parsed.ok.value)) {
          expect([pointer, locate(pointer)]).toEqual([
            pointer,
            lineColumn(text, locatePointer(text, pointer)),
          ]);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('places pointers asked in any order as the whole-text navigation does (pieces and places are kept between them)', () => {
    fc.assert(
      fc.property(
        jsonText,
        fc.integer({ min: 1, max: 64 }),
        fc.array(fc.nat(), { maxLength: 30 }),
        (text, size, picks) => {
          const parsed = whole(text);
          fc.pre('ok' in parsed);
          const all = pointers(parsed.ok.value);
          const locate = pointerLocator(Buffer.from(text), { split: size, value: 1e6 });
          for (const pointer of [
            ...picks.map((p) => all[p % all.length] as string),
            ...all.reverse(),
          ])
            expect([pointer, locate(pointer)]).toEqual([
              pointer,
              lineColumn(text, locatePointer(text, pointer)),
            ]);
        },
      ),
      { numRuns: 300 },
    );
  });

  it.each([
    ['an indented', 2],
    ['a minified (one-line)', 0],
  ])('places findings across %s document of several MiB, in any order', (_shape, indent) => {
    const list = {
      data: Array.from({ length: 6000 }, (_, i) => ({
        id: i,
        attributes: { name: `é-${i}`, steps: [{ id: 'a', note: 'x'.repeat(400) }, { id: 'b' }] },
      })),
    };
    const text = JSON.stringify(list, null, indent);
    expect(text.length).toBeGreaterThan(2 * 2 ** 20);
    const locate = pointerLocator(Buffer.from(text), { split: 4096, value: 1e6 });
    const asked = [0, 1, 2999, 3000, 5999, 4000, 10, 5998].map(
      (i) => `/data/${i}/attributes/steps/1`,
    );
    for (const pointer of asked)
      expect([pointer, locate(pointer)]).toEqual([
        pointer,
        lineColumn(text, locatePointer(text, pointer)),
      ]);
  });

  it('places a pointer in a multi-byte, CRLF, minified or one-line document', () => {
    for (const text of [
      '{"é🎉": [1, {"k": "ü"}], "b": [[], {}]}',
      '{\r\n  "a": [\r\n    {"é": 1},\r\n    2\r\n  ]\r\n}',
      '[{"a":[1,2,{"b":"🎉"}]},3]',
    ]) {
      const value = JSON.parse(text) as unknown;
      for (const size of [1, 3, 8, 1000]) {
        const locate = pointerLocator(Buffer.from(text), { split: size, value: 1e6 });
        for (const pointer of pointers(value))
          expect([pointer, locate(pointer)]).toEqual([
            pointer,
            lineColumn(text, locatePointer(text, pointer)),
          ]);
      }
    }
  });
});

describe('parseInPieces on damaged bytes', () => {
  it('gives the whole-file outcome for any byte changed, cut or inserted (invalid UTF-8 included)', () => {
    const damaged = fc
      .tuple(
        jsonText,
        fc.nat(),
        fc.constantFrom('set', 'insert', 'truncate'),
        fc.integer({ min: 1, max: 255 }),
      )
      .map(([text, at, how, byte]) => {
        const bytes = Buffer.from(text);
        const i = bytes.length === 0 ? 0 : at % bytes.length;
        if (how === 'truncate') return bytes.subarray(0, i);
        if (how === 'set' && bytes.length > 0)
          return Buffer.concat([bytes.subarray(0, i), Buffer.from([byte]), bytes.subarray(i + 1)]);
        return Buffer.concat([bytes.subarray(0, i), Buffer.from([byte]), bytes.subarray(i)]);
      });
    fc.assert(fc.property(damaged, fc.integer({ min: 1, max: 48 }), sameAsWhole), {
      numRuns: 1500,
    });
  });
});
