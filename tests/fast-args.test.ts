// The fast argument path must give exactly what yargs gives, or step aside: generated command lines, compared one by one.
import fc from 'fast-check';
import { fastParse, recordOptions } from '../src/cli/fast-args';
import { parseWithYargs, STDIN_TOKEN } from '../src/cli/main';
import { COMMANDS } from '../src/cli/options';

/** One token group for an option of a command: the usual spellings, and some yargs reads in its own way. */
function optionTokens(name: string, spec: ReturnType<typeof recordOptions> extends Map<string, infer S> ? S : never): fc.Arbitrary<string[]> {
  const value = fc.oneof(
    fc.constantFrom('x.json', 'out/block.json', '123', '0', '-', '--', 'true', 'false', '', 'a b', '-x', '1e3', 'NaN'),
    ...(spec.choices ? [fc.constantFrom(...spec.choices)] : []),
    fc.string({ maxLength: 6 }),
  );
  // Mostly the usual spelling, sometimes the alias or the camel-case one yargs also reads.
  const flag = fc.oneof(
    { weight: 6, arbitrary: fc.constant(`--${name}`) },
    { weight: spec.alias ? 3 : 0, arbitrary: fc.constant(`-${spec.alias ?? 'x'}`) },
    { weight: 1, arbitrary: fc.constant(`--${name.replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase())}`) },
  );
  if (spec.type === 'boolean') {
    return fc.oneof(
      flag.map((f) => [f]),
      fc.constant(`--no-${name}`).map((f) => [f]),
      fc.tuple(flag, fc.constantFrom('true', 'false', 'yes')).map(([f, v]) => [`${f}=${v}`]),
      fc.tuple(flag, fc.constantFrom('true', 'false')).map(([f, v]) => [f, v]),
    );
  }
  return fc.oneof(
    fc.tuple(flag, value).map(([f, v]) => [f, v]),
    fc.tuple(flag, value).map(([f, v]) => [`${f}=${v}`]),
    flag.map((f) => [f]),
  );
}

const positional = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom('exports', 'a.json', '-', '012', 'x y', 'list') },
  { weight: 1, arbitrary: fc.constantFrom('help', '--', '-q', '--unknown', '--unknown=1', '-Z', '-qh') },
);

/** main() hands both parsers a bare `-` as STDIN_TOKEN (yargs-parser would drop it): so does the test. */
const asMain = (argv: string[]): string[] => argv.map((a) => (a === '-' ? STDIN_TOKEN : a));

function commandLine(command: (typeof COMMANDS)[number]): fc.Arbitrary<string[]> {
  const options = [...recordOptions(command.builder)];
  const groups = options.map(([name, spec]) => optionTokens(name, spec));
  const group =
    groups.length > 0
      ? fc.oneof(
          ...groups,
          positional.map((p) => [p]),
        )
      : positional.map((p) => [p]);
  // What the command needs (an input, --app, --out-dir) is usually there, so most lines are ones a user would type.
  const needed = [
    ...(/<\w+(\.\.)?>/.test(command.usage) ? ['exports'] : []),
    ...options.flatMap(([name, spec]) => (spec.demandOption ? [`--${name}`, 'value'] : [])),
  ];
  return fc
    .tuple(fc.boolean(), fc.boolean(), fc.array(group, { maxLength: 6 }))
    .map(([withNeeded, first, parts]) =>
      asMain([command.name, ...(withNeeded && first ? needed : []), ...parts.flat(), ...(withNeeded && !first ? needed : [])]),
    );
}

/** What yargs parses, with its `$0` as the CLI sees it. */
async function viaYargs(argv: string[]): Promise<Record<string, unknown> | undefined> {
  const { args, output, error } = await parseWithYargs(argv);
  return error || output ? undefined : args;
}

describe('fastParse', () => {
  test.each(COMMANDS.map((c) => [c.name, c] as const))('%s: equal to yargs on every line it accepts', async (_name, command) => {
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(commandLine(command), async (argv) => {
        const fast = fastParse(argv);
        if (fast === undefined) return;
        accepted++;
        expect(fast).toEqual(await viaYargs(argv));
      }),
      { numRuns: 500, seed: 7 },
    );
    // The property is not vacuous: a good share of the generated lines take the fast path.
    expect(accepted).toBeGreaterThan(command.builder ? 100 : 20);
  });

  test('the README and help examples take the fast path and parse as yargs does', async () => {
    const lines = [
      ['transform', 'samples/exports', '--config', 'samples/kwt.config.json'],
      ['transform', 'exports', '-c', 'kwt.config.json', '-o', 'block.json'],
      ['transform', 'exports', '--into', 'app.json', '--check'],
      ['transform', 'exports/**/*.json', '!**/draft-*', '--dry-run', '--diff'],
      ['transform', 'exports', '--only', 'Order*', '--only', 'Refund*', '--exclude', '*draft*', '--no-validate', '-q'],
      ['transform', '-', '--report', 'json', '--max-input-size', '100M'],
      ['validate', 'app.json', '--report', 'sarif', '--report-file', 'kwt.sarif', '--strict'],
      ['init', 'exports', '--app', 'acme_orders', '--write'],
      ['graph', 'samples/exports', '-c', 'samples/kwt.config.json', '--format', 'html', '-o', 'review.html'],
      ['pull', '--out-dir', 'exports', '--name', 'Order*', '--dry-run', '--timeout', '5'],
      ['list'],
      ['schema'],
    ];
    for (const argv of lines.map(asMain)) {
      const fast = fastParse(argv);
      expect(fast).toBeDefined();
      expect(fast).toEqual(await viaYargs(argv));
    }
  });

  test.each([
    [['transform']],
    [['transform', 'x', '--help']],
    [['transform', 'x', 'help']],
    [['transform', 'x', '--bogus']],
    [['transform', 'x', '--report', 'xml']],
    [['release']],
    [['pull']],
    [['pull', '--out-dir', 'x', '--timeout', 'soon']],
    [['list', 'extra']],
    [['completion']],
    [['nope']],
    [['--version']],
    [['transform', 'x', '--', '--y']],
  ])('%j goes to yargs, which explains or answers', (argv) => {
    expect(fastParse(argv)).toBeUndefined();
  });
});

test('a file named like a number stays its name on both paths (yargs once read validate 012 as 12)', async () => {
  expect(fastParse(['validate', '012'])?.['files']).toEqual(['012']);
  expect((await parseWithYargs(['validate', '012', '--bogus'])).error).toBeDefined();
  expect((await parseWithYargs(['validate', '012'])).args?.['files']).toEqual(['012']);
});
