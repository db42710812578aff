// `kwt register`: register the app version with Kustomer (`POST /v1/apps/available`), once and safely. The definition
// is validated offline first and nothing is sent while any rule fails; --dry-run shows the request with secrets masked;
// a request that may have arrived is never sent again by itself.
import type { Json } from '../../core/json';
import * as path from 'node:path';
import { resolveConfig } from '../../core/config';
import { REGISTER_PATH } from '../../core/kustomer';
import { Redactor } from '../../core/secrets';
import { CATALOG } from '../../catalog';
import { MAX_INPUT_BYTES, parseInput } from '../../json/parse-input';
import { readBytes } from '../../io/read-inputs';
import { checkStreamsApart } from '../../io/std-streams';
import { loadConfig } from '../../io/load-config';
import { fileTextOfBytes, locateProblems } from '../../json/locate-problems';
import {
  earlierAttempt,
  forgetAttempt,
  recordAttempt,
  type AttemptKey,
} from '../../io/register-record';
import type { Io } from '../../io/io';
import {
  ambiguousRegister,
  planRegister,
  readRegisterAnswer,
  type RegisterVerdict,
} from '../../plan/register-plan';
import { formatProblem } from '../../report/problems';
import { escapeControls } from '../../report/terminal-text';
import { connectApi } from '../api-connection';
import type { RegisterArgs } from '../commands/register';

/** The definition to register, as bytes (for its findings' places) and parsed; a file stdout goes to is refused. */
async function readDefinition(args: RegisterArgs, io: Io): Promise<{ bytes: Buffer; value: Json }> {
  const limit = args.maxInputSize ?? MAX_INPUT_BYTES;
  const file =
    args.app === '-'
      ? { label: '-' }
      : { label: args.app, absolute: path.resolve(io.cwd, args.app) };
  if (file.absolute !== undefined)
    checkStreamsApart([{ path: file.absolute, label: file.label, what: 'the definition' }]);
  const bytes = await readBytes(file, (l) => io.readStdin(l), limit);
  return { bytes, value: parseInput(bytes, args.app, limit).value };
}

/** @lazy: loaded with require() by the command's handler. */
export async function runRegister(args: RegisterArgs, io: Io): Promise<number> {
  const { api, token, source } = connectApi(args, io, 'the org.admin.apps role');
  const loaded = await loadConfig(args.config, io.cwd);
  const settings = resolveConfig(loaded.raw, loaded.label, CATALOG, { only: [] }).validate;
  const { bytes, value } = await readDefinition(args, io);
  const plan = planRegister(value, args.app, token, {
    allowAppKeys: settings.allowAppKeys,
    rules: settings.rules,
  });
  // The key and every credential-shaped value are masked in all that is printed, the dry run's body included.
  const redactor = new Redactor([token], plan.credentials);
  const say = (text: string): void => io.stderr.write(escapeControls(redactor.maskText(text)));
  const text = fileTextOfBytes(bytes, { parsed: true });
  const shown = locateProblems(
    [...plan.blocking, ...(args.quiet ? [] : plan.warnings)],
    () => text,
  );
  for (const p of shown) say(formatProblem(p, redactor, (_s, t) => t) + '\n');
  if (plan.blocking.length > 0 || plan.app === undefined || plan.version === undefined) {
    say(
      `kwt: ${args.app} is not ready to register (${plan.blocking.length} error${plan.blocking.length === 1 ? '' : 's'}); nothing was sent\n`,
    );
    return 1;
  }
  const who = { app: plan.app, version: plan.version };
  if (args.dryRun === true) {
    io.stdout.write(
      redactor.maskText(
        `POST ${source}${REGISTER_PATH}\nauthorization: Bearer ${token}\ncontent-type: application/json\n\n${plan.body}\n`,
      ),
    );
    say(
      `kwt: dry run: ${who.app} ${who.version} would be registered at ${source}; nothing was sent\n`,
    );
    return 0;
  }
  const key: AttemptKey = { origin: source, ...who, body: plan.body };
  const outcome = await api.postJson(REGISTER_PATH, plan.body);
  let verdict: RegisterVerdict;
  if (outcome.kind === 'ambiguous') {
    recordAttempt(key, io.env, new Date());
    verdict = ambiguousRegister(who, outcome.reason);
  } else {
    const earlier = earlierAttempt(key, io.env);
    verdict = readRegisterAnswer(outcome.status, outcome.text, {
      ...who,
      ...(earlier !== undefined ? { earlier } : {}),
    });
    if (verdict.registered !== 'no' || outcome.status === 409) forgetAttempt(key, io.env);
  }
  if (verdict.exit === 0 && args.quiet === true) return 0;
  say(`kwt: ${verdict.message}\n`);
  return verdict.exit;
}
