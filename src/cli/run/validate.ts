// `kwt validate`: check blocks, app definitions and workflows offline, every problem with a code; exit 1 on errors.
import * as path from 'node:path';
import type { Problem } from '../../core/transform';
import { KwtError } from '../../core/errors';
import { resolveConfig, type ValidateSettings } from '../../core/config';
import { CATALOG } from '../../catalog';
import { Redactor } from '../../core/secrets';
import { packageInfo } from '../../core/version';
import { expandInputs, readBytes, type InputFile } from '../../io/read-inputs';
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

/** What validating one file gave: its report entry, the notes of reading it, and its text when it has findings. */
interface Checked {
  input: ReportInput;
  notes: string[];
  text?: FileText | undefined;
}

/** Reads and validates one file; a file that cannot be read is an input error, not a crash. */
async function checkFile(
  file: InputFile,
  args: ValidateArgs,
  io: Io,
  settings: ValidateSettings,
  onCredential: (value: string) => void,
): Promise<Checked> {
  const limit = args.maxInputSize ?? MAX_INPUT_BYTES;
  let bytes: Buffer;
  let parsed: ReturnType<typeof parseInput>;
  try {
    bytes = await readBytes(file, (n) => io.readStdin(n), limit);
    parsed = parseInput(bytes, file.label, limit);
  } catch (error) {
    if (!(error instanceof KwtError)) throw error;
    const problems: Problem[] = [{ severity: 'error', code: 'input', message: error.message }];
    return { input: { file: file.label, status: 'error', workflows: [], problems }, notes: [] };
  }
  const { allowAppKeys, rules } = settings;
  const problems = validateDocument(parsed.value, file.label, {
    allowAppKeys,
    rules,
    onCredential,
  });
  // What reading noticed (a repeated key, a byte-order mark, a dropped prototype key) is a note, as for transform;
  // under --strict a finding like any warning, so a file Kustomer would read differently fails the check.
  const reading = args.strict ? parsed.warnings.map((w) => readingWarning(w, file.label)) : [];
  pushAll(problems, reading);
  const status = problems.some((p) => p.severity === 'error') ? 'error' : 'ok';
  return {
    input: { file: file.label, status, workflows: [], problems },
    notes: args.strict ? [] : parsed.warnings,
    // Kept only for files with findings: their lines and columns are found when the report is emitted.
    ...(problems.length > 0 ? { text: fileTextOfBytes(bytes, { parsed: true }) } : {}),
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
  const ignore = args.ignore ? { ignore: args.ignore } : {};
  const files = await expandInputs(args.files, io.cwd, { own, ...ignore });
  // Every credential found masks every channel (messages are masked where they are made; this covers the rest).
  const redactor = new Redactor();
  const onCredential = (value: string): void => redactor.add(value, { shaped: true });
  const checked: Checked[] = [];
  for (const file of files) checked.push(await checkFile(file, args, io, settings, onCredential));
  const inputs = checked.map((c) => c.input);
  const texts = new Map(checked.flatMap((c) => (c.text ? [[c.input.file, c.text] as const] : [])));
  const notes = [...loaded.warnings, ...(files.skipped ?? []), ...checked.flatMap((c) => c.notes)];
  const tool = { name: 'kwt', version: packageInfo().version } as const;
  const base: Omit<RunReport, 'totals'> = {
    ...{ format: REPORT_FORMAT, tool, command: 'validate', exitCode: 0, inputs },
    ...{ problems: [], outputs: [], notes, messages: [] },
  };
  const totals = computeTotals(base);
  const unreadable = inputs.some((i) => i.problems.some((p) => p.code === 'input'));
  const findings = totals.errors > 0 || (args.strict && totals.warnings > 0);
  const exitCode = unreadable ? 2 : findings ? 1 : 0;
  const counts = `${plural(files.length, 'file')}, ${plural(totals.errors, 'error')}, ${plural(totals.warnings, 'warning')}`;
  const messages = args.quiet ? [] : [counts];
  return emitReport({ ...base, exitCode, messages, totals }, args, io, redactor, {
    textOf: (file) => texts.get(file),
    findingsOnStdout: true,
  });
}
