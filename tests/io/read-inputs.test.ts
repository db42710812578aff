// Reading inputs (issue 25): a large input's text is kept from its parse to place findings in, within a budget.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { KeptTexts, readInput } from '../../src/io/read-inputs';
import { runCli, tempDir } from '../helpers/cli';
import { goodWorkflow } from '../helpers/documents';

const MiB = 2 ** 20;

/** A JSON:API list of `count` workflows, the last one calling for a warning (a step nothing reaches). */
function listText(count: number): string {
  const data = Array.from({ length: count }, (_, i) => {
    const workflow = { ...goodWorkflow(), name: `acme-flow-${i}`, description: 'x'.repeat(400) };
    if (i === count - 1)
      workflow.steps = [
        ...workflow.steps,
        {
          id: 'lonely',
          action: 'kustomer.conversation.update',
          params: { id: '/#steps.1.id' },
          transitions: [],
        },
      ];
    return { type: 'workflow', id: String(i).padStart(24, '0'), attributes: workflow };
  });
  return JSON.stringify({ data }, null, 2) + '\n';
}

test('KeptTexts keeps texts of 1 MiB and more, within its budget, and no smaller ones', () => {
  const keep = new KeptTexts(3 * MiB);
  expect(keep.take('small')).toBeUndefined();
  expect(keep.take(undefined)).toBeUndefined();
  const large = 'x'.repeat(2 * MiB);
  expect(keep.take(large)).toBe(large);
  // 1 MiB of budget is left: a second text of 2 MiB is read again later instead.
  expect(keep.take('y'.repeat(2 * MiB))).toBeUndefined();
  const fits = 'z'.repeat(MiB);
  expect(keep.take(fits)).toBe(fits);
});

test('readInput hands back the text it parsed for a large file only, and never for stdin', async () => {
  const dir = tempDir();
  const bigText = listText(3000);
  expect(bigText.length).toBeGreaterThan(MiB);
  const big = path.join(dir, 'all.json');
  fs.writeFileSync(big, bigText);
  const small = path.join(dir, 'one.json');
  fs.writeFileSync(small, JSON.stringify(goodWorkflow()));
  const keep = new KeptTexts();
  const noStdin = (): Promise<Buffer> => Promise.resolve(Buffer.from(bigText));
  const read = await readInput({ label: 'all.json', absolute: big }, noStdin, 64 * MiB, keep);
  expect(read.text).toBe(bigText);
  expect(read.parsed?.items).toHaveLength(3000);
  const one = await readInput({ label: 'one.json', absolute: small }, noStdin, 64 * MiB, keep);
  expect(one.text).toBeUndefined();
  const piped = await readInput({ label: '-' }, noStdin, 64 * MiB, keep);
  expect(piped.text).toBeUndefined();
  expect(piped.parsed?.items).toHaveLength(3000);
});

test('a finding in a large list file is placed at its line and column, from the text kept at its parse', async () => {
  const dir = tempDir();
  const text = listText(3000);
  fs.writeFileSync(path.join(dir, 'all.json'), text);
  const run = await runCli(['transform', 'all.json', '--app', 'acme', '-o', 'block.json'], {
    cwd: dir,
  });
  const line = /all\.json:(\d+):(\d+) #\/data\/2999\/attributes\/steps\/1: .*never reached/.exec(
    run.stderr,
  );
  expect(line).not.toBeNull();
  // The oracle: where the lonely step's object starts in the text, by a plain search.
  const at = text.indexOf('{', text.lastIndexOf('"id": "lonely"') - 20);
  const before = text.slice(0, at);
  const expected = [before.split('\n').length, at - before.lastIndexOf('\n')];
  expect([Number(line?.[1]), Number(line?.[2])]).toEqual(expected);
});
