// `kwt release`: compare the app definition with the released one, say which bump the changes ask for and why, check
// the version (--check), or set it and add the changelog entry (--write).
import * as path from 'node:path';
import { KwtError } from '../../core/errors';
import { releaseSettings } from '../../core/config';
import { serialize } from '../../core/json';
import { decodeText, MAX_INPUT_BYTES, parseInput } from '../../json/parse-input';
import { readBytes } from '../../io/read-inputs';
import { checkStreamsApart } from '../../io/std-streams';
import { loadConfig } from '../../io/load-config';
import { parseGitSpec, readGitFile } from '../../io/git-file';
import { writeFiles } from '../../io/write-output';
import type { Io } from '../../io/io';
import { planRelease, type ReadDocument } from '../../plan/release-plan';
import { releaseJson, releaseMarkdown, releaseText } from '../../report/release-report';
import type { ReleaseArgs } from '../commands/release';

/** A JSON file (or stdin), with its text kept for a rewrite in its own style. */
async function readDocument(label: string, io: Io, limit: number): Promise<ReadDocument> {
  const git = parseGitSpec(label);
  if (git !== undefined) {
    const bytes = readGitFile(git, io.cwd, limit);
    return { label, value: parseInput(bytes, label, limit).value };
  }
  const absolute = path.resolve(io.cwd, label);
  if (label !== '-') checkStreamsApart([{ path: absolute, label, what: 'the definition' }]);
  const bytes = await readBytes(
    label === '-' ? { label } : { label, absolute },
    (l) => io.readStdin(l),
    limit,
  );
  const { value } = parseInput(bytes, label, limit);
  const text = decodeText(bytes);
  return {
    label,
    value,
    ...(label !== '-' ? { path: absolute } : {}),
    ...(text !== undefined ? { text } : {}),
  };
}

/** The date for the changelog entry: SOURCE_DATE_EPOCH when set (reproducible builds), else now. */
function releaseDate(env: Readonly<Record<string, string | undefined>>): Date {
  const epoch = env['SOURCE_DATE_EPOCH'];
  if (epoch === undefined || epoch === '') return new Date();
  if (!/^\d+$/.test(epoch))
    throw new KwtError(
      'usage',
      `SOURCE_DATE_EPOCH=${JSON.stringify(epoch)}: expected seconds since 1970`,
    );
  return new Date(Number(epoch) * 1000);
}

/** @lazy: loaded with require() by the command's handler. */
export async function runRelease(args: ReleaseArgs, io: Io): Promise<number> {
  if (args.check === true && args.write === true)
    throw new KwtError('usage', '--check writes nothing and --write writes: give one of them');
  if (args.write === true && args.app === '-')
    throw new KwtError('usage', '--write needs the app definition as a file, not stdin');
  if (args.preid !== undefined && !/^[0-9A-Za-z-]+$/.test(args.preid))
    throw new KwtError(
      'usage',
      `--preid ${JSON.stringify(args.preid)}: letters, digits and dashes only (beta, rc)`,
    );
  const limit = args.maxInputSize ?? MAX_INPUT_BYTES;
  const loaded = await loadConfig(args.config, io.cwd);
  const { policy } = releaseSettings(loaded.raw, loaded.label);
  const next = await readDocument(args.app, io, limit);
  const base = args.base !== undefined ? await readDocument(args.base, io, limit) : undefined;
  if (base?.path !== undefined && base.path === next.path)
    throw new KwtError(
      'usage',
      `--base ${args.base} is the app definition itself; give the released version (a file, or git:REF:PATH)`,
    );
  let config: ReadDocument | undefined;
  // The config as loadConfig read it: read once, so --write rewrites exactly what the policy came from.
  if (args.write === true && loaded.file !== undefined && loaded.text !== undefined) {
    config = { label: loaded.label, value: loaded.raw, path: loaded.file, text: loaded.text };
  }
  const plan = planRelease(
    { ...(base ? { base } : {}), next, ...(config ? { config } : {}), policy },
    {
      write: args.write === true,
      ...(args.preid !== undefined ? { preid: args.preid } : {}),
      now: releaseDate(io.env),
    },
  );
  if (plan.writes.length > 0) writeFiles(plan.writes);
  const report = args.report ?? 'pretty';
  if (report === 'json') io.stdout.write(serialize(releaseJson(plan) as never));
  else if (report === 'markdown') io.stdout.write(releaseMarkdown(plan));
  else if (args.quiet !== true || (args.check === true && !plan.verdict.ok))
    io.stdout.write(releaseText(plan));
  if (args.write === true && args.quiet !== true && report !== 'pretty' && plan.written) {
    io.stderr.write(
      `kwt: wrote version ${plan.written.version} to ${plan.writes.map((w) => w.label).join(' and ') || '(nothing changed)'}\n`,
    );
  }
  return args.check === true && !plan.verdict.ok ? 1 : 0;
}
