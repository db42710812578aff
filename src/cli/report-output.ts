// Where a run's report goes: findings (pretty or GitHub annotations), the summary on stderr, and with --report json or
// sarif the machine-readable document on stdout or in --report-file. Every problem gets its line and column here.
import * as path from 'node:path';
import { KwtError } from '../core/errors';
import type { Problem } from '../core/transform';
import type { Redactor } from '../core/secrets';
import type { Io } from '../io/io';
import { readAgain } from '../io/read-inputs';
import {
  type FileText,
  fileTextOfBytes,
  fileTextOfText,
  locateProblems,
} from '../json/locate-problems';
import { formatPretty } from '../report/pretty';
import { colorEnabled, painter } from '../report/color';
import { allProblems, serializeReport, type RunReport } from '../report/run-report';
import { pieces } from '../core/text';
import { appendTo } from '../core/lists';

export interface ReportArgs {
  report?: 'pretty' | 'json' | 'sarif';
  reportFile?: string;
  /** How findings are shown: pretty lines, or GitHub Actions annotations (the default when GITHUB_ACTIONS is set). */
  format?: 'pretty' | 'github';
  color?: boolean;
  quiet?: boolean;
  verbose?: boolean;
}

/** Refuses a machine-readable report on stdout when stdout already carries the block or a diff. */
export function checkReportArgs(args: ReportArgs, options: { stdoutTaken: boolean }): void {
  const machine = args.report === 'json' || args.report === 'sarif';
  if (args.reportFile !== undefined && !machine)
    throw new KwtError('usage', '--report-file needs --report json or --report sarif');
  if (machine && args.reportFile === undefined && options.stdoutTaken) {
    throw new KwtError(
      'usage',
      `--report ${args.report} prints on stdout, which already carries the block or the diff: give --out, --out-dir or --into, or --report-file FILE`,
    );
  }
}

export interface EmitOptions {
  /** The text of a file a problem names, for its line and column (undefined when it cannot be had). */
  textOf?: (file: string) => FileText | undefined;
  /** validate: findings go to stdout, as ESLint's do; transform keeps stdout for the block. */
  findingsOnStdout?: boolean;
}

/** A file findings may be placed in: where it is, and what kwt knew of it when it read it. */
export interface SourceFile {
  absolute: string;
  /** From the first read (see stampOf): the same stamp now means the same bytes, already parsed. */
  stamp?: string;
  uniqueKeys?: boolean;
  /** The text parsed at the first read, when the run kept it (a large file): findings are placed there. */
  text?: string;
}

/**
 * A file named by a problem, for positions: the text the run kept, else the file read again; stdin and unreadable
 * files have none. A file that changed since it was read is checked again and, when it is not valid JSON any more,
 * has none rather than wrong ones.
 */
export function fileTextOf(
  sources: ReadonlyMap<string, SourceFile>,
): (file: string) => FileText | undefined {
  // Not kept: located() asks once per file and lets each go before the next.
  return (file) => {
    const source = sources.get(file);
    return source === undefined ? undefined : textAgain(source);
  };
}

/** A file's text as findings are placed in it; a file changed since its first read is checked for syntax again. */
function textAgain(source: SourceFile): FileText | undefined {
  if (source.text !== undefined)
    return fileTextOfText(source.text, { uniqueKeys: source.uniqueKeys === true });
  const now = readAgain(source.absolute);
  if (now === undefined) return undefined;
  const unchanged = source.stamp !== undefined && now.stamp === source.stamp;
  const uniqueKeys = unchanged && source.uniqueKeys === true;
  return fileTextOfBytes(now.bytes, { parsed: unchanged, uniqueKeys });
}

/**
 * Every finding with its line and column, placed file by file: each file's text is read and indexed once, for its
 * transform problems and its validation problems together, and let go before the next file's (600,000 findings over
 * 30,000 files held every text at once).
 */
function located(
  report: RunReport,
  textOf: ((file: string) => FileText | undefined) | undefined,
  shown: (p: Problem) => boolean,
): RunReport {
  if (textOf === undefined) return report;
  const byFile = new Map<string, Problem[]>();
  for (const p of [...report.inputs.flatMap((i) => i.problems), ...report.problems]) {
    if (p.file !== undefined && p.pointer !== undefined && p.line === undefined && shown(p))
      appendTo(byFile, p.file, p);
  }
  const placed = new Map<Problem, Problem>();
  for (const [file, problems] of byFile) {
    const text = textOf(file);
    if (text === undefined) continue;
    const done = locateProblems(problems, () => text);
    problems.forEach((p, i) => placed.set(p, done[i] as Problem));
  }
  const place = (problems: readonly Problem[]): Problem[] =>
    byPlace(problems.map((p) => placed.get(p) ?? p));
  return {
    ...report,
    inputs: report.inputs.map((i) => ({ ...i, problems: place(i.problems) })),
    problems: place(report.problems),
  };
}

const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Findings in the order of their places, in every format: by file, then line, then column (unplaced ones first, as they came). */
function byPlace(problems: Problem[]): Problem[] {
  return problems
    .map((p, i) => ({ p, i }))
    .sort(
      (a, b) =>
        compareText(a.p.file ?? '', b.p.file ?? '') ||
        (a.p.line ?? 0) - (b.p.line ?? 0) ||
        (a.p.column ?? 0) - (b.p.column ?? 0) ||
        a.i - b.i,
    )
    .map((x) => x.p);
}

/** Emits the report and returns its exit code, so every command ends through here. */
export function emitReport(
  raw: RunReport,
  args: ReportArgs,
  io: Io,
  redactor: Redactor,
  options: EmitOptions = {},
): number {
  const machine = args.report === 'json' || args.report === 'sarif';
  // Quiet, with no machine-readable report, shows errors only: warnings need no place (thousands of them cost seconds).
  const shown = args.quiet && !machine ? (p: Problem) => p.severity === 'error' : () => true;
  const report = located(raw, options.textOf, shown);
  const machineOnStdout =
    (args.report === 'json' || args.report === 'sarif') && args.reportFile === undefined;
  const findingsStream = options.findingsOnStdout && !machineOnStdout ? io.stdout : io.stderr;
  const github =
    (args.format ?? (io.env['GITHUB_ACTIONS'] === 'true' ? 'github' : 'pretty')) === 'github';
  // Each stream is coloured by whether a person watches it: `kwt validate x.json > findings.txt` stays plain.
  const pretty = formatPretty(report, redactor, {
    quiet: Boolean(args.quiet),
    verbose: Boolean(args.verbose),
    paint: painter(colorEnabled(args.color, io.env, io.stderr.isTTY)),
    findingsPaint: painter(colorEnabled(args.color, io.env, findingsStream.isTTY)),
    withoutFindings: github,
  });
  if (github) {
    const { formatGithub } = require('../report/github') as typeof import('../report/github');
    findingsStream.write(
      formatGithub(
        allProblems(report).filter((p) => !args.quiet || p.severity === 'error'),
        redactor,
        io.cwd,
      ),
    );
  } else findingsStream.write(pretty.findings);
  io.stderr.write(pretty.rest);
  if (args.report === 'json' || args.report === 'sarif') {
    const text =
      args.report === 'json'
        ? serializeReport(report, redactor)
        : (require('../report/sarif') as typeof import('../report/sarif')).toSarif(
            report,
            redactor,
            io.cwd,
          );
    if (args.reportFile === undefined) for (const piece of pieces(text)) io.stdout.write(piece);
    else {
      const { writeFiles } = require('../io/write-output') as typeof import('../io/write-output');
      writeFiles([
        { path: path.resolve(io.cwd, args.reportFile), label: args.reportFile, content: text },
      ]);
    }
  }
  return report.exitCode;
}
