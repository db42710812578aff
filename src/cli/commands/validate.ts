// `kwt validate`: check blocks, app definitions and workflows offline, every problem with a code; exit 1 on errors.
import type { Problem } from '../../core/transform';
import { KwtError } from '../../core/errors';
import { resolveConfig } from '../../core/config';
import { Redactor } from '../../core/secrets';
import { expandInputs } from '../../io/read-inputs';
import { loadConfig } from '../../io/load-config';
import { parseInput } from '../../io/parse-input';
import type { Io } from '../../io/io';
import { formatProblems, countBySeverity } from '../../report/problems';
import { validateDocument } from '../../validate/validate';
import fs from 'fs-extra';

export interface ValidateArgs {
  files: string[];
  config?: string;
  strict?: boolean;
  quiet?: boolean;
}

export async function runValidate(args: ValidateArgs, io: Io): Promise<number> {
  const loaded = await loadConfig(args.config, io.cwd);
  // Only the validate section matters here; the pipeline is not run, so app/transform checks are skipped.
  const settings = resolveConfig(loaded.raw, loaded.label, { only: [] }).validate;
  const files = await expandInputs(args.files, io.cwd);
  const problems: Problem[] = [];
  const failures: string[] = [];
  for (const file of files) {
    try {
      const bytes = file.absolute ? await fs.readFile(file.absolute) : await io.readStdin();
      const { value } = parseInput(bytes, file.label);
      problems.push(...validateDocument(value, file.label, { allowAppKeys: settings.allowAppKeys, rules: settings.rules }));
    } catch (error) {
      if (error instanceof KwtError) failures.push(error.message);
      else throw error;
    }
  }
  const redactor = new Redactor();
  const shown = args.quiet ? problems.filter((p) => p.severity === 'error') : problems;
  io.stderr.write(formatProblems(shown, redactor));
  for (const f of failures) io.stderr.write(redactor.maskText(`error   ${f}\n`));
  const { errors, warnings } = countBySeverity(problems);
  if (!args.quiet) {
    io.stderr.write(`kwt validate: ${files.length} file${files.length === 1 ? '' : 's'}, ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}\n`);
  }
  if (failures.length > 0) return 2;
  return errors > 0 || (args.strict && warnings > 0) ? 1 : 0;
}
