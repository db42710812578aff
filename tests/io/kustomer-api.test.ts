// The API client's limits: an answer is counted as it inflates (a gzip bomb is cut off, not held), a body that is not
// JSON is described without quoting it (a proxy echoing the request would show the key), and pacing never waits
// more than a minute for a request, whatever a rate-limit header claims, and says when it waits.
import * as http from 'node:http';
import * as zlib from 'node:zlib';
import type { AddressInfo } from 'node:net';
import { KustomerApi, MAX_PAGE_BYTES } from '../../src/io/kustomer-api';

const TOKEN = 'kwtr3Zq8Lm4Np7Qs2Tv6Wx9Y';

async function serve(
  handler: http.RequestListener,
): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function client(
  url: string,
  extra: Partial<ConstructorParameters<typeof KustomerApi>[0]> = {},
): KustomerApi {
  return new KustomerApi({
    baseUrl: url,
    token: TOKEN,
    timeoutMs: 5000,
    retries: 2,
    backoffMs: 1,
    ...extra,
  });
}

test('a gzip answer that inflates past the page limit is refused once, not retried, never held whole', async () => {
  // 1 MiB of zeros compresses to about 1 KiB; sent as many times as it takes to pass the limit.
  const chunk = zlib.gzipSync(Buffer.alloc(1024 * 1024));
  let requests = 0;
  const server = await serve((_req, res) => {
    requests++;
    res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
    const gzip = zlib.createGzip();
    gzip.pipe(res);
    let sent = 0;
    const more = (): void => {
      while (sent < MAX_PAGE_BYTES / (1024 * 1024) + 8) {
        sent++;
        if (!gzip.write(Buffer.alloc(1024 * 1024))) return void gzip.once('drain', more);
      }
      gzip.end();
    };
    more();
  });
  try {
    expect(chunk.length).toBeLessThan(4096);
    const before = process.memoryUsage().rss;
    await expect(client(server.url).getJson('/v1/workflows')).rejects.toThrow(
      /inflates past the 256 MiB a page may be/,
    );
    expect(requests).toBe(1);
    expect(process.memoryUsage().rss - before).toBeLessThan(MAX_PAGE_BYTES * 2);
  } finally {
    await server.close();
  }
}, 60_000);

test('an answer that is not JSON is described, never quoted: an echo of the request does not show the key', async () => {
  const server = await serve((req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end(`${req.headers.authorization ?? ''} was received`);
  });
  try {
    const error = (await client(server.url)
      .getJson('/v1/workflows')
      .catch((e: unknown) => e)) as Error & { summary: string };
    expect(error.summary).toMatch(
      /the answer is not JSON \(\d+ characters of text\/plain; a proxy or a login page\?\)/,
    );
    for (let i = 0; i + 4 <= TOKEN.length; i++)
      expect(error.summary).not.toContain(TOKEN.slice(i, i + 4));
  } finally {
    await server.close();
  }
});

test('pacing waits at most a minute whatever x-ratelimit-limit says, and says that it waits', async () => {
  const server = await serve((_req, res) => {
    res.writeHead(200, {
      'content-type': 'application/json',
      'x-ratelimit-limit': '0.001',
      'x-ratelimit-remaining': '0',
    });
    res.end('{"data": []}');
  });
  const waits: number[] = [];
  const told: string[] = [];
  try {
    const api = client(server.url, {
      sleep: async (ms) => void waits.push(ms),
      onWait: (ms, why) => told.push(`${ms} ${why}`),
    });
    await api.getJson('/v1/workflows');
    await api.getJson('/v1/workflows');
    expect(waits).toHaveLength(1);
    expect(waits[0]).toBeLessThanOrEqual(60_000);
    expect(waits[0]).toBeGreaterThan(50_000);
    expect(told).toHaveLength(1);
    expect(told[0]).toContain('rate limit');
  } finally {
    await server.close();
  }
});
