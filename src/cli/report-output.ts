// Where a run's report goes: the pretty text to stderr, and with --report json the JSON document to stdout or --report-file.
import * as path from 'node:path';
import { KwtError } from '../core/errors';
import type { Redactor } from '../core/secrets';
import type { Io } from '../io/io';
import { formatPretty } from '../report/pretty';
import { escapeControls } from '../report/terminal-text';
import { serializeReport, type RunReport } from '../report/run-report';

export interface ReportArgs {
  report?: 'pretty' | 'json';
  reportFile?: string;
  quiet?: boolean;
}

/** Refuses a JSON report on stdout when stdout already carries the block or a diff. */
export function checkReportArgs(args: ReportArgs, options: { stdoutTaken: boolean }): void {
  if (args.reportFile !== undefined && args.report !== 'json') throw new KwtError('usage', '--report-file needs --report json');
  if (args.report === 'json' && args.reportFile === undefined && options.stdoutTaken) {
    throw new KwtError(
      'usage',
      '--report json prints on stdout, which already carries the block or the diff: give --out, --out-dir or --into, or --report-file FILE',
    );
  }
}

/** Emits the report and returns its exit code, so every command ends through here. */
export function emitReport(report: RunReport, args: ReportArgs, io: Io, redactor: Redactor): number {
  io.stderr.write(escapeControls(formatPretty(report, redactor, Boolean(args.quiet))));
  if (args.report === 'json') {
    const text = serializeReport(report, redactor);
    if (args.reportFile === undefined) io.stdout.write(text);
    else {
      const { inspectTarget, writeAll } = require('../io/write-output') as typeof import('../io/write-output');
      const file = path.resolve(io.cwd, args.reportFile);
      writeAll([{ path: file, label: args.reportFile, content: text }], { expected: new Map([[file, inspectTarget(file, args.reportFile)]]) });
    }
  }
  return report.exitCode;
}
