// A small client for Kustomer's REST API (reference section 8) on Node's fetch: JSON:API pages, pacing from the
// org-wide rate-limit headers, bounded retries of 429/5xx/network errors, a timeout per request. The API key is only
// ever put in the Authorization header; no message, error or value this module returns contains it.
import { KwtError } from '../core/errors';

export interface ApiOptions {
  baseUrl: string;
  token: string;
  /** Abort a request that has not finished after this long. */
  timeoutMs: number;
  /** Retries of one request after a 429, a 5xx or a network error (not after 401/403/404). */
  retries: number;
  /** First backoff delay; doubled per retry, with jitter, capped at 30 s. */
  backoffMs: number;
  /** Waits (a test passes a fake clock). */
  sleep?: (ms: number) => Promise<void>;
  /** Told before a wait of more than a few seconds, so a run never sits silent. */
  onWait?: (ms: number, why: string) => void;
}

export interface ApiStats {
  requests: number;
  retries: number;
  /** Time spent waiting for the rate limit or a Retry-After, in ms. */
  waitedMs: number;
}

/** The longest Retry-After kwt waits for. */
const MAX_RETRY_AFTER_MS = 120_000;

/** Hosts where plain http is allowed: the machine itself (tests, a local proxy). */
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

/** The API origin for a region or an explicit URL; https only, except on loopback. */
export function apiBaseUrl(region: string | undefined, baseUrl: string | undefined): string {
  if (baseUrl !== undefined) {
    let url: URL;
    try {
      url = new URL(baseUrl);
    } catch {
      throw new KwtError('usage', `--base-url ${JSON.stringify(baseUrl)} is not a URL`);
    }
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK.has(url.hostname))) {
      throw new KwtError(
        'usage',
        `--base-url must use https (plain http only to this machine: 127.0.0.1, localhost); got ${url.protocol}//${url.host}`,
      );
    }
    if (url.username !== '' || url.password !== '')
      throw new KwtError(
        'usage',
        '--base-url must not carry credentials; the API key comes from the environment',
      );
    return url.origin + url.pathname.replace(/\/+$/, '');
  }
  if (region === undefined || region === 'us') return 'https://api.kustomerapp.com';
  if (region === 'eu') return 'https://api.prod2.kustomerapp.com';
  throw new KwtError('usage', `--region ${JSON.stringify(region)}: expected us or eu`);
}

const ROLE_HINT =
  'the API key needs org.permission.workflow.read (or org.admin.workflow.read) to list workflows, and org.permission.workflow to read their variables';

/** `Retry-After` in ms: seconds or an HTTP date; undefined when absent or unreadable. */
function retryAfterMs(value: string | null): number | undefined {
  if (value === null) return undefined;
  if (/^\d+(\.\d+)?$/.test(value.trim())) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

/** What a POST came to: the server's answer, or no way to know whether it arrived. */
export type PostOutcome =
  | { kind: 'answer'; status: number; text: string; attempts: number }
  | { kind: 'ambiguous'; reason: string; attempts: number };

export class KustomerApi {
  readonly stats: ApiStats = { requests: 0, retries: 0, waitedMs: 0 };
  private readonly sleep: (ms: number) => Promise<void>;
  /** Earliest time the next request may start (pacing). */
  private nextAt = 0;
  /** The time between two requests the rate-limit headers last asked for (0: none). */
  private interval = 0;

  constructor(private readonly options: ApiOptions) {
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  /** GET a path or a URL relative to the base (a `links.next`) as JSON; every failure is a KwtError naming the request. */
  async getJson(pathOrUrl: string): Promise<unknown> {
    const url = new URL(pathOrUrl, this.options.baseUrl + '/').toString();
    // `links.next` comes from the server: never follow it to another host with the key.
    if (new URL(url).origin !== new URL(this.options.baseUrl).origin)
      throw new KwtError(
        'input',
        `the API sent a next page on another host (${new URL(url).host}); stopped`,
      );
    const shown = new URL(url).pathname + new URL(url).search;
    for (let attempt = 0; ; attempt++) {
      const sent = await this.send(url, {});
      if ('failure' in sent) {
        const { timedOut, code } = sent.failure;
        const reason = timedOut
          ? `no answer within ${this.options.timeoutMs / 1000} s`
          : `network error${code !== undefined ? ` (${code})` : ''}`;
        if (attempt < this.options.retries) {
          await this.backoff(attempt, undefined);
          continue;
        }
        throw new KwtError('input', `GET ${shown}: ${reason} after ${attempt + 1} attempts`);
      }
      const { response } = sent;
      this.learnLimits(response.headers);
      if (response.status === 401 || response.status === 403) {
        await response.body?.cancel();
        const what =
          response.status === 401
            ? 'the API key was refused (401: expired, revoked or mistyped?)'
            : 'the API key lacks a role (403)';
        throw new KwtError('input', `GET ${shown}: ${what}; ${ROLE_HINT}`);
      }
      if (response.status === 429 || response.status >= 500) {
        await response.body?.cancel();
        if (attempt < this.options.retries) {
          await this.backoff(
            attempt,
            response.status === 429 ? retryAfterMs(response.headers.get('retry-after')) : undefined,
          );
          continue;
        }
        throw new KwtError(
          'input',
          `GET ${shown}: HTTP ${response.status} after ${attempt + 1} attempts${response.status === 429 ? ' (rate limited)' : ''}`,
        );
      }
      if (!response.ok) {
        await response.body?.cancel();
        throw new KwtError('input', `GET ${shown}: HTTP ${response.status}`);
      }
      let text: string;
      try {
        text = await cappedText(response, MAX_PAGE_BYTES);
      } catch (error) {
        if (error instanceof KwtError)
          throw new KwtError('input', `GET ${shown}: ${error.summary}`);
        if (attempt < this.options.retries) {
          await this.backoff(attempt, undefined);
          continue;
        }
        throw new KwtError(
          'input',
          `GET ${shown}: the answer broke off (${(error as Error).name})`,
        );
      }
      try {
        return JSON.parse(text) as unknown;
      } catch {
        // Not a word of it is quoted: a proxy that echoes the request would put the key on the screen.
        const type = response.headers.get('content-type');
        throw new KwtError(
          'input',
          `GET ${shown}: the answer is not JSON (${text.length} characters${type ? ` of ${type.slice(0, 60)}` : ''}; a proxy or a login page?)`,
        );
      }
    }
  }

  /**
   * POST a JSON body once, as far as the server can tell: the request is repeated only when it surely did not arrive
   * (the connection was refused or the host not found) or the server said so (429). After a timeout, a broken
   * connection or a 5xx the body may have been acted on, so the outcome is `ambiguous` and nothing is retried.
   */
  async postJson(pathname: string, body: string): Promise<PostOutcome> {
    const url = new URL(pathname, this.options.baseUrl + '/').toString();
    const shown = new URL(url).pathname;
    for (let attempt = 0; ; attempt++) {
      const sent = await this.send(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      });
      if ('failure' in sent) {
        const { timedOut, code } = sent.failure;
        // Refused or unresolvable: no byte reached a server, so sending again cannot register twice.
        const unsent = code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EAI_AGAIN';
        if (unsent && attempt < this.options.retries) {
          await this.backoff(attempt, undefined);
          continue;
        }
        if (unsent)
          throw new KwtError(
            'input',
            `POST ${shown}: network error (${code}) after ${attempt + 1} attempts; nothing was registered`,
          );
        const reason = timedOut
          ? `no answer within ${this.options.timeoutMs / 1000} s`
          : `the connection broke${code !== undefined ? ` (${code})` : ''}`;
        return { kind: 'ambiguous', reason, attempts: attempt + 1 };
      }
      const { response } = sent;
      this.learnLimits(response.headers);
      if (response.status === 429 && attempt < this.options.retries) {
        await response.body?.cancel();
        await this.backoff(attempt, retryAfterMs(response.headers.get('retry-after')));
        continue;
      }
      let text = '';
      try {
        text = await response.text();
      } catch {
        // The status is known; a body that broke off only loses the server's wording.
      }
      if (response.status >= 500)
        return { kind: 'ambiguous', reason: `HTTP ${response.status}`, attempts: attempt + 1 };
      return { kind: 'answer', status: response.status, text, attempts: attempt + 1 };
    }
  }

  /**
   * One request, paced and counted, with the key, a timeout and no redirects: the response, or what broke (a timeout,
   * or the cause's code such as ECONNREFUSED; its message is not used, it could quote a URL).
   */
  private async send(
    url: string,
    init: { method?: string; headers?: Record<string, string>; body?: string },
  ): Promise<{ response: Response } | { failure: { timedOut: boolean; code?: string } }> {
    await this.pace();
    this.stats.requests++;
    try {
      const response = await fetch(url, {
        ...init,
        headers: {
          authorization: `Bearer ${this.options.token}`,
          accept: 'application/json',
          ...init.headers,
        },
        signal: AbortSignal.timeout(this.options.timeoutMs),
        redirect: 'error',
      });
      return { response };
    } catch (error) {
      const cause = (error as { cause?: { code?: unknown } }).cause?.code;
      return {
        failure: {
          timedOut: (error as Error).name === 'TimeoutError',
          ...(typeof cause === 'string' ? { code: cause } : {}),
        },
      };
    }
  }

  /** Spreads requests when the org's budget runs low: the limit is shared by every key and integration of the org. */
  private learnLimits(headers: Headers): void {
    const limit = Number(headers.get('x-ratelimit-limit'));
    const remaining = Number(headers.get('x-ratelimit-remaining'));
    if (!(limit > 0) || !Number.isFinite(remaining)) return;
    // Under a fifth of the minute's budget left: one request per share of the minute; none left: wait the window out.
    // Never more than the minute itself: a header claiming a limit of 0.001 a minute must not stall the run for hours.
    this.interval = Math.min(
      60_000,
      remaining <= 0 ? 60_000 : remaining < limit / 5 ? 60_000 / limit : 0,
    );
    this.nextAt = Math.max(this.nextAt, Date.now() + this.interval);
  }

  /** Waits for this request's slot. Slots are taken in turn, so requests made side by side are spread out too. */
  private async pace(): Promise<void> {
    const now = Date.now();
    const start = Math.max(now, this.nextAt);
    if (this.interval > 0) this.nextAt = start + this.interval;
    const wait = start - now;
    if (wait > 0) {
      this.stats.waitedMs += wait;
      if (wait > NOTIFY_AFTER_MS)
        this.options.onWait?.(wait, "the org's API rate limit is nearly used up");
      await this.sleep(wait);
    }
  }

  private async backoff(attempt: number, retryAfter: number | undefined): Promise<void> {
    // A wait of minutes is the org's limit exhausted by something else: say so rather than hang.
    if (retryAfter !== undefined && retryAfter > MAX_RETRY_AFTER_MS) {
      throw new KwtError(
        'input',
        `the API is rate limited and asks to wait ${Math.round(retryAfter / 1000)} s (the limit is shared by the whole org); try later`,
      );
    }
    this.stats.retries++;
    const exponential = Math.min(30_000, this.options.backoffMs * 2 ** attempt);
    // Full jitter: clients retrying together do not retry together again.
    const wait = retryAfter ?? Math.round(exponential / 2 + Math.random() * (exponential / 2));
    this.stats.waitedMs += wait;
    if (wait > NOTIFY_AFTER_MS)
      this.options.onWait?.(
        wait,
        retryAfter !== undefined ? 'the API asked to wait (Retry-After)' : 'retrying',
      );
    await this.sleep(wait);
  }
}

/** Waits longer than this are announced. */
const NOTIFY_AFTER_MS = 3_000;

/** 256 MiB of decompressed answer: a page of workflows is a few MiB; a gzip bomb inflating past this is cut off. */
export const MAX_PAGE_BYTES = 256 * 1024 * 1024;

/** The body as text, counted as it inflates: refused (not retried) past `limit` bytes, before it is held whole. */
async function cappedText(response: Response, limit: number): Promise<string> {
  const length = Number(response.headers.get('content-length') ?? NaN);
  if (length > limit && response.headers.get('content-encoding') === null) {
    await response.body?.cancel();
    throw new KwtError(
      'input',
      `the answer is ${length} bytes, past the ${limit / 1024 / 1024} MiB a page may be`,
    );
  }
  if (!response.body) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = response.body.getReader() as ReadableStreamDefaultReader<Uint8Array>;
  for (;;) {
    const { done, value: chunk } = await reader.read();
    if (done) break;
    size += chunk.length;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      throw new KwtError(
        'input',
        `the answer inflates past the ${limit / 1024 / 1024} MiB a page may be; not read further`,
      );
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}
