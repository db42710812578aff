// The plan of `kwt register`: what would be sent (the definition, checked offline first), and what Kustomer's answer
// means, as values. Sending is the CLI's; nothing here touches the network.
import { isObject, type Json } from '../core/json';
import { REGISTER_ROLE } from '../core/kustomer';
import { apiKeyForms } from '../core/secrets';
import { SecretMatcher } from '../core/secret-matcher';
import type { Problem } from '../core/transform';
import { isReleaseVersion } from '../release/versions';
import { validateDocument, type ValidateOptions } from '../validate/validate';

export interface RegisterPlan {
  app: string | undefined;
  version: string | undefined;
  /** Errors that stop the request: nothing is sent while there is one. */
  blocking: Problem[];
  /** Warnings, shown and not blocking. */
  warnings: Problem[];
  /** Every credential-shaped value found, to mask in all output (the dry run's body included). */
  credentials: string[];
  /** The request body: the definition as read, compact. */
  body: string;
}

export function planRegister(
  doc: Json,
  label: string,
  token: string,
  options: ValidateOptions,
): RegisterPlan {
  const credentials: string[] = [];
  const problems = validateDocument(doc, label, {
    ...options,
    onCredential: (v) => credentials.push(v),
  });
  const blocking = problems.filter((p) => p.severity === 'error');
  const app = isObject(doc) && typeof doc['app'] === 'string' ? doc['app'] : undefined;
  const version = isObject(doc) && typeof doc['version'] === 'string' ? doc['version'] : undefined;
  if (!isObject(doc) || app === undefined)
    blocking.push({
      severity: 'error',
      code: 'register/not-an-app',
      file: label,
      message:
        'expected a whole app definition (app, version, title, …), not a workflows block or an export',
    });
  else if (!isReleaseVersion(version))
    blocking.push({
      severity: 'error',
      code: 'register/version',
      file: label,
      pointer: '/version',
      message: `version ${JSON.stringify(version ?? null)} is not a semantic version`,
    });
  const body = JSON.stringify(doc);
  // The key that would authorise the request, inside the definition sent to every org that installs the app.
  if (new SecretMatcher(apiKeyForms(token)).has(body))
    blocking.push({
      severity: 'error',
      code: 'register/api-key-in-definition',
      file: label,
      message:
        'the definition contains the API key itself (in some form): remove it; it would ship to every org',
    });
  return {
    app,
    version,
    blocking,
    warnings: problems.filter((p) => p.severity !== 'error'),
    credentials,
    body,
  };
}

export type RegisterVerdict = {
  exit: 0 | 1 | 2;
  message: string;
  registered: 'yes' | 'no' | 'maybe';
};

/** The first error text a Kustomer answer carries (`errors[0].detail`, `title`, or `message`), if any. */
function serverMessage(text: string): string | undefined {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isObject(body)) return undefined;
  const o = body as Record<string, unknown>;
  const first = Array.isArray(o['errors'])
    ? (o['errors'][0] as Record<string, unknown> | undefined)
    : undefined;
  const said = first?.['detail'] ?? first?.['title'] ?? o['message'] ?? o['error'];
  return typeof said === 'string' ? said.slice(0, 300) : undefined;
}

/**
 * What an answer to `POST /v1/apps/available` means (reference section 9), in one line. `earlier` is an attempt of the
 * same definition that broke off without an answer: a 409 now is most likely that attempt having registered it.
 */
export function readRegisterAnswer(
  status: number,
  text: string,
  who: { app: string; version: string; earlier?: string },
): RegisterVerdict {
  const said = serverMessage(text);
  const quoted = said !== undefined ? ` (Kustomer: "${said}")` : '';
  const name = `${who.app} ${who.version}`;
  if (status === 200 || status === 201)
    return { exit: 0, registered: 'yes', message: `registered ${name}` };
  if (status === 409) {
    if (who.earlier !== undefined)
      return {
        exit: 0,
        registered: 'maybe',
        message: `${name} is already registered (409): most likely by the attempt of ${who.earlier} that broke off after sending; check the app's versions in Kustomer before registering anything else`,
      };
    return {
      exit: 1,
      registered: 'no',
      message: `${name} is already registered (409): versions are permanent; increment the version (kwt release --write)${quoted}`,
    };
  }
  if (status === 400) {
    if (/role/i.test(said ?? ''))
      return {
        exit: 1,
        registered: 'no',
        message: `Kustomer refused ${name}: its roles differ from the previous version, which needs a major version bump${quoted}`,
      };
    if (/outdated|greater than/i.test(said ?? ''))
      return {
        exit: 1,
        registered: 'no',
        message: `Kustomer refused ${name}: the version must be greater than the latest registered one${quoted}`,
      };
    return {
      exit: 1,
      registered: 'no',
      message: `Kustomer refused ${name} (400)${quoted || ': no reason given'}`,
    };
  }
  if (status === 401)
    return {
      exit: 2,
      registered: 'no',
      message: `the API key was refused (401: expired, revoked or mistyped?); registering needs a key with the ${REGISTER_ROLE} role`,
    };
  if (status === 403)
    return {
      exit: 2,
      registered: 'no',
      message: `the API key lacks the ${REGISTER_ROLE} role (403), which registering an app version needs`,
    };
  if (status === 429)
    return {
      exit: 2,
      registered: 'no',
      message: `the API is rate limited (429, shared by the whole org); nothing was registered: try later`,
    };
  return {
    exit: 2,
    registered: 'no',
    message: `unexpected answer HTTP ${status}${quoted}; nothing is known to be registered`,
  };
}

/** What to say when a POST may have arrived but no answer came. */
export function ambiguousRegister(
  who: { app: string; version: string },
  reason: string,
): RegisterVerdict {
  return {
    exit: 2,
    registered: 'maybe',
    message:
      `${reason} after the definition was sent: ${who.app} ${who.version} may already be registered, so kwt did not send it again. ` +
      `Check the app's versions in Kustomer, or run the same command again: a 409 then means this attempt registered it`,
  };
}
