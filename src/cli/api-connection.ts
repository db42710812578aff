// The connection to Kustomer's API that `pull` and `register` share: the origin (--region, --base-url), the key from the
// environment only (never a flag, so it is not in shell history or a process list), timeouts and retries.
import { KwtError } from '../core/errors';
import { KustomerApi, apiBaseUrl } from '../io/kustomer-api';
import type { Io } from '../io/io';

export interface ApiArgs {
  region?: string;
  baseUrl?: string;
  tokenEnv?: string;
  timeout?: number;
  retries?: number;
}

export interface ApiConnection {
  api: KustomerApi;
  /** The API key, for masking: never put in a message. */
  token: string;
  /** The API origin, as shown. */
  source: string;
}

/** Checks the flags and the key's variable; `needs` says which role the key must have, for the message when it is unset. */
export function connectApi(args: ApiArgs, io: Io, needs: string): ApiConnection {
  for (const [flag, value, least] of [
    ['--timeout', args.timeout, 0.001],
    ['--retries', args.retries, 0],
  ] as const) {
    if (value !== undefined && !(Number.isFinite(value) && value >= least))
      throw new KwtError(
        'usage',
        `${flag} ${String(value)}: expected a number of at least ${least}`,
      );
  }
  const tokenName = args.tokenEnv ?? 'KUSTOMER_API_KEY';
  const token = io.env[tokenName]?.trim();
  if (token === undefined || token === '') {
    throw new KwtError(
      'usage',
      `set ${tokenName} to a Kustomer API key with ${needs}; kwt takes the key from the environment only, never from a flag`,
    );
  }
  const source = apiBaseUrl(args.region, args.baseUrl);
  const api = new KustomerApi({
    baseUrl: source,
    token,
    timeoutMs: (args.timeout ?? 30) * 1000,
    retries: args.retries ?? 4,
    backoffMs: 500,
    onWait: (ms, why) => io.stderr.write(`kwt: waiting ${Math.round(ms / 1000)} s: ${why}\n`),
  });
  return { api, token, source };
}
