// `kwt validate`: check blocks, app definitions and workflows offline, every problem with a code; exit 1 on errors.
import * as path from 'node:path';
import type { Problem } from '../../core/transform';
import { KwtError } from '../../core/errors';
import { resolveConfig } from '../../core/config';
import { CATALOG } from '../../catalog';
import { Redactor } from '../../core/secrets';
import { packageInfo } from '../../core/version';
import { expandInputs, readBytes } from '../../io/read-inputs';
import { loadConfig } from '../../io/load-config';
import { MAX_INPUT_BYTES, parseInput } from '../../json/parse-input';
import { type FileText, fileTextOfBytes } from '../../json/locate-problems';
import type { Io } from '../../io/io';
import { plural } from '../../report/summary';
import { validateDocument } from '../../validate/validate';
import {
  REPORT_FORMAT,
  computeTotals,
  type ReportInput,
  type RunReport,
} from '../../report/run-report';
import { checkReportArgs, emitReport } from '../report-output';
import { pushAll } from '../../core/lists';
import type { ValidateArgs } from '../commands/validate';

/**
 * A reading warning as a finding: `file:line:col: text` or `file: text`, as parse-input words them. Its position is
 * taken from the text, which is where the reader found it (a repeated key), not re-found from a pointer.
 */
function readingWarning(text: string, label: string): Problem {
  const rest = text.startsWith(label) ? text.slice(label.length) : undefined;
  const m = rest === undefined ? null : /^:(\d+):(\d+): ([^]*)$/.exec(rest);
  if (m)
    return {
      severity: 'warning',
      code: 'input/reading',
      file: label,
      line: Number(m[1]),
      column: Number(m[2]),
      message: m[3] as string,
    };
  return {
    severity: 'warning',
    code: 'input/reading',
    file: label,
    message: rest?.startsWith(': ') ? rest.slice(2) : text,
  };
}

/** @lazy: loaded with require() by the command's handler. */
export async function runValidate(args: ValidateArgs, io: Io): Promise<number> {
  checkReportArgs(args, { stdoutTaken: false });
  const loaded = await loadConfig(args.config, io.cwd);
  // Only the validate section matters here; the pipeline is not run, so app/transform checks are skipped.
  const settings = resolveConfig(loaded.raw, loaded.label, CATALOG, { only: [] }).validate;
  // The config and the report file found in a folder are not documents to validate.
  const own = new Map<string, string>();
  if (loaded.file !== undefined) own.set(loaded.file, 'the config');
  if (args.reportFile !== undefined)
    own.set(path.resolve(io.cwd, args.reportFile), 'the report file');
  const files = await expandInputs(args.files, io.cwd, {
    own,
    ...(args.ignore ? { ignore: args.ignore } : {}),
  });
  const inputs: ReportInput[] = [];
  const limit = args.maxInputSize ?? MAX_INPUT_BYTES;
  const notes: string[] = [];
  const texts = new Map<string, FileText | undefined>();
  // Every credential found masks every channel (messages are masked where they are made; this covers the rest).
  const redactor = new Redactor();
  const onCredential = (value: string): void => redactor.add(value);
  for (const file of files) {
    let problems: Problem[];
    try {
      const bytes = await readBytes(file, (limit) => io.readStdin(limit), limit);
      const { value, warnings } = parseInput(bytes, file.label, limit);
      problems = validateDocument(value, file.label, {
        allowAppKeys: settings.allowAppKeys,
        rules: settings.rules,
        onCredential,
      });
      // What reading noticed (a repeated key, a byte-order mark, a dropped prototype key) is a note, as for transform;
      // under --strict a finding like any warning, so a file Kustomer would read differently fails the check.
      if (args.strict)
        pushAll(
          problems,
          warnings.map((w) => readingWarning(w, file.label)),
        );
      else pushAll(notes, warnings);
      // Kept only for files with findings: their lines and columns are found when the report is emitted.
      if (problems.length > 0) texts.set(file.label, fileTextOfBytes(bytes, { parsed: true }));
    } catch (error) {
      if (!(error instanceof KwtError)) throw error;
      inputs.push({
        file: file.label,
        status: 'error',
        workflows: [],
        problems: [{ severity: 'error', code: 'input', message: error.message }],
      });
      continue;
    }
    inputs.push({
      file: file.label,
      status: problems.some((p) => p.severity === 'error') ? 'error' : 'ok',
      workflows: [],
      problems,
    });
  }
  const unreadable = inputs.some((i) => i.problems.some((p) => p.code === 'input'));
  const base: Omit<RunReport, 'totals'> = {
    format: REPORT_FORMAT,
    tool: { name: 'kwt', version: packageInfo().version },
    command: 'validate',
    exitCode: 0,
    inputs,
    problems: [],
    outputs: [],
    notes: [...loaded.warnings, ...(files.skipped ?? []), ...notes],
    messages: [],
  };
  const totals = computeTotals(base);
  const exitCode = unreadable
    ? 2
    : totals.errors > 0 || (args.strict && totals.warnings > 0)
      ? 1
      : 0;
  const messages = args.quiet
    ? []
    : [
        `${plural(files.length, 'file')}, ${plural(totals.errors, 'error')}, ${plural(totals.warnings, 'warning')}`,
      ];
  return emitReport({ ...base, exitCode, messages, totals }, args, io, redactor, {
    textOf: (file) => texts.get(file),
    findingsOnStdout: true,
  });
}
