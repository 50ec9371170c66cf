// Outbound HTTP door (adapters/http.ts) against real node:http servers on 127.0.0.1.
// Blocked literal addresses use unrouted ports and must fail before any request starts:
// the http.client.request.start diagnostics channel proves nothing was dialled.
import test from 'ava';
import type { ExecutionContext } from 'ava';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import diagnostics from 'node:diagnostics_channel';
import { OutboundError, assertOk, blockedRange, createHttpClient } from '../../adapters/http.js';
import type { HttpClient, OutboundOptions } from '../../adapters/http.js';

type Handler = (req: http.IncomingMessage, res: http.ServerResponse, hit: number) => void;

interface TestServer {
  origin: string;
  port: number;
  hits: () => number;
}

async function serve(t: ExecutionContext, handler: Handler): Promise<TestServer> {
  let hits = 0;
  const server = http.createServer((req, res) => {
    hits += 1;
    handler(req, res, hits);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  const { port } = server.address() as AddressInfo;
  return { origin: `http://127.0.0.1:${port}`, port, hits: () => hits };
}

function client(overrides: Partial<OutboundOptions> = {}): HttpClient {
  return createHttpClient({
    allowHosts: ['127.0.0.1', 'localhost'],
    timeoutMs: 2_000,
    maxResponseBytes: 64 * 1024,
    maxRedirects: 3,
    retries: 0,
    userAgent: 'gateway-test/1',
    ...overrides,
  });
}

async function outboundError(
  t: ExecutionContext,
  promise: Promise<unknown>,
  code: OutboundError['code'],
) {
  const err = await t.throwsAsync(promise, { instanceOf: OutboundError });
  t.is(err?.code, code, err?.message);
  return err;
}

const ok: Handler = (req, res) => {
  res.setHeader('content-type', 'text/plain');
  res.end(`hello ${req.method} ${req.url} ${req.headers['user-agent']}`);
};

test('GET to an allowed host returns status, headers, body and final url', async (t) => {
  t.timeout(5_000);
  const srv = await serve(t, ok);
  const res = await client().request({ method: 'GET', url: `${srv.origin}/a?b=1` });
  t.is(res.status, 200);
  t.is(res.headers['content-type'], 'text/plain');
  t.is(res.body.toString(), 'hello GET /a?b=1 gateway-test/1');
  t.is(res.url, `${srv.origin}/a?b=1`);
});

test('127.0.0.1 is refused when not in the allow list, server never hit', async (t) => {
  t.timeout(5_000);
  const srv = await serve(t, ok);
  const err = await outboundError(
    t,
    client({ allowHosts: [] }).request({ method: 'GET', url: srv.origin }),
    'blocked_address',
  );
  t.regex(err?.message ?? '', /127\.0\.0\.1/);
  t.is(srv.hits(), 0);
});

const literalTargets = [
  'http://10.0.0.1:9/',
  'http://169.254.169.254/latest/meta-data/',
  'http://[::1]:9/',
  'http://[::ffff:127.0.0.1]:9/',
  'http://[::ffff:a9fe:a9fe]/latest/meta-data/',
  'http://0.0.0.0:9/',
  'http://100.64.0.1:9/',
  'http://192.168.1.1:9/',
  'http://172.16.0.1:9/',
  'http://[fd00::1]:9/',
  'http://[fe80::1]:9/',
  'http://224.0.0.1:9/',
  'http://255.255.255.255:9/',
  'http://2130706433:9/', // 127.0.0.1 in decimal; WHATWG URL normalises it
  'http://0x7f.1:9/',
];

test.serial(
  'private, loopback, metadata and mapped literals are refused before any request starts',
  async (t) => {
    t.timeout(5_000);
    const started: string[] = [];
    const onStart = (message: unknown): void => {
      started.push((message as { request: http.ClientRequest }).request.host);
    };
    diagnostics.subscribe('http.client.request.start', onStart);
    t.teardown(() => diagnostics.unsubscribe('http.client.request.start', onStart));
    const c = client({ allowHosts: [], retries: 3 });
    for (const url of literalTargets) {
      const begin = Date.now();
      const err = await outboundError(t, c.request({ method: 'GET', url }), 'blocked_address');
      // Three retries would sleep 200 + 400 + 800 ms: a fast failure means none happened.
      t.true(Date.now() - begin < 1_000, `${url} was retried`);
      t.regex(err?.message ?? '', /refused to connect to address/);
    }
    t.deepEqual(started, []);
    // Control: the channel does see a request that is actually sent.
    const srv = await serve(t, ok);
    await client().request({ method: 'GET', url: srv.origin });
    t.deepEqual(started, ['127.0.0.1']);
  },
);

test('hostname localhost resolving to loopback is refused after DNS', async (t) => {
  t.timeout(5_000);
  const srv = await serve(t, ok);
  const err = await outboundError(
    t,
    client({ allowHosts: ['127.0.0.1'] }).request({
      method: 'GET',
      url: `http://localhost:${srv.port}/`,
    }),
    'blocked_address',
  );
  t.regex(err?.message ?? '', /host localhost \(resolves to (127\.0\.0\.1|::1)\)/);
  t.is(srv.hits(), 0);
});

test('allow list matches the host case-insensitively', async (t) => {
  t.timeout(5_000);
  const srv = await serve(t, ok);
  const res = await client({ allowHosts: ['LocalHost'] }).request({
    method: 'GET',
    url: `http://LOCALHOST:${srv.port}/`,
  });
  t.is(res.status, 200);
});

test('non-http schemes and garbage are bad_url', async (t) => {
  t.timeout(5_000);
  await outboundError(t, client().request({ method: 'GET', url: 'file:///etc/passwd' }), 'bad_url');
  await outboundError(
    t,
    client().request({ method: 'GET', url: 'gopher://127.0.0.1/' }),
    'bad_url',
  );
  await outboundError(t, client().request({ method: 'GET', url: 'not a url' }), 'bad_url');
});

function redirector(final: string): Handler {
  return (req, res) => {
    const m = /^\/r\/(\d+)$/.exec(req.url ?? '');
    const left = Number(m?.[1] ?? 0);
    if (left > 0) {
      res.writeHead(302, { location: `/r/${left - 1}` }).end();
    } else {
      res.end(final);
    }
  };
}

test('redirect chain within the limit is followed to the end', async (t) => {
  t.timeout(5_000);
  const srv = await serve(t, redirector('landed'));
  const res = await client({ maxRedirects: 3 }).request({
    method: 'GET',
    url: `${srv.origin}/r/3`,
  });
  t.is(res.status, 200);
  t.is(res.body.toString(), 'landed');
  t.is(res.url, `${srv.origin}/r/0`);
  t.is(srv.hits(), 4);
});

test('redirect chain over the limit fails with too_many_redirects', async (t) => {
  t.timeout(5_000);
  const srv = await serve(t, redirector('landed'));
  const err = await outboundError(
    t,
    client({ maxRedirects: 2 }).request({ method: 'GET', url: `${srv.origin}/r/5` }),
    'too_many_redirects',
  );
  t.regex(err?.message ?? '', /127\.0\.0\.1/);
  t.is(srv.hits(), 3);
});

test('redirect from an allowed host to a private literal is refused', async (t) => {
  t.timeout(5_000);
  const srv = await serve(t, (_req, res) =>
    res.writeHead(302, { location: 'http://10.0.0.1:9/' }).end(),
  );
  const err = await outboundError(
    t,
    client().request({ method: 'GET', url: srv.origin }),
    'blocked_address',
  );
  t.regex(err?.message ?? '', /10\.0\.0\.1/);
});

test('redirect to a name that resolves to loopback is refused by the DNS check', async (t) => {
  t.timeout(5_000);
  let port = 0;
  const srv = await serve(t, (req, res) => {
    if (req.headers.host?.startsWith('localhost')) res.end('should not be reached');
    else res.writeHead(307, { location: `http://localhost:${port}/inside` }).end();
  });
  port = srv.port;
  await outboundError(
    t,
    client({ allowHosts: ['127.0.0.1'] }).request({ method: 'GET', url: srv.origin }),
    'blocked_address',
  );
  t.is(srv.hits(), 1);
});

test('303 turns POST into GET without body; credentials dropped across origins', async (t) => {
  t.timeout(5_000);
  const seen: Array<{ method?: string; auth?: string; body: string; host?: string }> = [];
  let port = 0;
  const srv = await serve(t, (req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      seen.push({
        method: req.method,
        auth: req.headers.authorization,
        body,
        host: req.headers.host,
      });
      if (req.url === '/post') res.writeHead(303, { location: '/same' }).end();
      else if (req.url === '/same')
        res.writeHead(307, { location: `http://localhost:${port}/other` }).end();
      else res.end('done');
    });
  });
  port = srv.port;
  const res = await client().request({
    method: 'POST',
    url: `${srv.origin}/post`,
    headers: { Authorization: 'Bearer secret', 'Content-Type': 'text/plain' },
    body: 'payload',
  });
  t.is(res.body.toString(), 'done');
  t.deepEqual(
    seen.map((s) => [s.method, s.auth, s.body]),
    [
      ['POST', 'Bearer secret', 'payload'],
      ['GET', 'Bearer secret', ''],
      ['GET', undefined, ''],
    ],
  );
  t.is(seen[2]?.host, `localhost:${port}`);
});

test('a server that never answers times out within the deadline', async (t) => {
  t.timeout(5_000);
  const srv = await serve(t, () => undefined);
  const begin = Date.now();
  const err = await outboundError(
    t,
    client({ timeoutMs: 300 }).request({ method: 'GET', url: srv.origin }),
    'timeout',
  );
  const elapsed = Date.now() - begin;
  t.true(elapsed >= 250 && elapsed < 1_500, `elapsed ${elapsed}`);
  t.regex(err?.message ?? '', /127\.0\.0\.1.*300 ms/);
});

test('the deadline covers a body that trickles', async (t) => {
  t.timeout(5_000);
  const srv = await serve(t, (_req, res) => {
    res.writeHead(200);
    const timer = setInterval(() => res.write('x'), 50);
    res.on('close', () => clearInterval(timer));
  });
  const begin = Date.now();
  await outboundError(
    t,
    client({ timeoutMs: 300 }).request({ method: 'GET', url: srv.origin }),
    'timeout',
  );
  t.true(Date.now() - begin < 1_500);
});

function firehose(withLength: boolean): Handler {
  return (_req, res) => {
    const chunk = Buffer.alloc(16 * 1024, 'a');
    if (withLength) res.setHeader('content-length', String(10 * 1024 * 1024));
    let sent = 0;
    const pump = (): void => {
      while (sent < 10 * 1024 * 1024) {
        sent += chunk.length;
        if (!res.write(chunk)) {
          res.once('drain', pump);
          return;
        }
      }
      res.end();
    };
    res.on('error', () => undefined);
    pump();
  };
}

test('a body over the cap is cut off with too_large', async (t) => {
  t.timeout(5_000);
  const srv = await serve(t, firehose(false));
  const err = await outboundError(
    t,
    client({ maxResponseBytes: 100_000 }).request({ method: 'GET', url: srv.origin }),
    'too_large',
  );
  t.regex(err?.message ?? '', /127\.0\.0\.1.*100000/);
});

test('a declared Content-Length over the cap is refused before reading', async (t) => {
  t.timeout(5_000);
  const srv = await serve(t, firehose(true));
  const err = await outboundError(
    t,
    client({ retries: 2 }).request({ method: 'GET', url: srv.origin, maxResponseBytes: 1_000 }),
    'too_large',
  );
  t.regex(err?.message ?? '', /declares 10485760 bytes/);
  t.is(srv.hits(), 1, 'too_large is never retried');
});

test('GET is retried after a 503 and then succeeds', async (t) => {
  t.timeout(5_000);
  const srv = await serve(t, (_req, res, hit) => {
    if (hit === 1) res.writeHead(503).end('busy');
    else res.end('fine');
  });
  const res = await client({ retries: 2 }).request({ method: 'GET', url: srv.origin });
  t.is(res.status, 200);
  t.is(res.body.toString(), 'fine');
  t.is(srv.hits(), 2);
});

test('Retry-After is honoured', async (t) => {
  t.timeout(5_000);
  const srv = await serve(t, (_req, res, hit) => {
    if (hit === 1) res.writeHead(503, { 'retry-after': '1' }).end();
    else res.end('fine');
  });
  const begin = Date.now();
  const res = await client({ retries: 1 }).request({ method: 'GET', url: srv.origin });
  t.is(res.status, 200);
  t.true(Date.now() - begin >= 950);
});

test('a timed-out GET is retried', async (t) => {
  t.timeout(5_000);
  const srv = await serve(t, (_req, res, hit) => {
    if (hit > 1) res.end('second time lucky');
  });
  const res = await client({ retries: 1, timeoutMs: 300 }).request({
    method: 'GET',
    url: srv.origin,
  });
  t.is(res.body.toString(), 'second time lucky');
  t.is(srv.hits(), 2);
});

test('POST is never retried; the last 503 is returned and assertOk maps it', async (t) => {
  t.timeout(5_000);
  const srv = await serve(t, (_req, res) => res.writeHead(503).end('busy'));
  const res = await client({ retries: 3 }).request({ method: 'POST', url: srv.origin, body: 'x' });
  t.is(res.status, 503);
  t.is(srv.hits(), 1);
  const err = t.throws(() => assertOk(res), { instanceOf: OutboundError });
  t.is(err?.code, 'http_status');
  t.is(err?.status, 503);
});

test('HEAD is not refused for the Content-Length of the body it did not get', async (t) => {
  t.timeout(5_000);
  const srv = await serve(t, firehose(true));
  const res = await client({ maxResponseBytes: 1_000 }).request({
    method: 'HEAD',
    url: srv.origin,
  });
  t.is(res.status, 200);
  t.is(res.headers['content-length'], '10485760');
  t.is(res.body.length, 0);
});

test('retries stop after the configured count', async (t) => {
  t.timeout(5_000);
  const srv = await serve(t, (_req, res) => res.writeHead(502).end());
  const res = await client({ retries: 2 }).request({ method: 'PUT', url: srv.origin, body: 'x' });
  t.is(res.status, 502);
  t.is(srv.hits(), 3);
});

test('requestStream delivers a readable body', async (t) => {
  t.timeout(5_000);
  const srv = await serve(t, ok);
  const res = await client().requestStream({ method: 'GET', url: `${srv.origin}/feed` });
  t.is(res.status, 200);
  const chunks: Buffer[] = [];
  for await (const chunk of res.body) chunks.push(chunk as Buffer);
  t.is(Buffer.concat(chunks).toString(), 'hello GET /feed gateway-test/1');
});

test('requestStream errors the stream when the cap is exceeded', async (t) => {
  t.timeout(5_000);
  const srv = await serve(t, firehose(false));
  const res = await client({ maxResponseBytes: 200_000 }).requestStream({
    method: 'GET',
    url: srv.origin,
  });
  t.is(res.status, 200);
  let received = 0;
  const err = await t.throwsAsync(
    (async () => {
      for await (const chunk of res.body) received += (chunk as Buffer).length;
    })(),
    { instanceOf: OutboundError },
  );
  t.is(err?.code, 'too_large');
  t.true(received <= 200_000, `received ${received}`);
});

test('blockedRange judges addresses after IPv4-mapped unwrapping', (t) => {
  t.is(blockedRange('8.8.8.8'), null);
  t.is(blockedRange('2606:4700:4700::1111'), null);
  t.is(blockedRange('169.254.169.254'), 'linkLocal');
  t.is(blockedRange('::ffff:10.0.0.1'), 'private');
  t.is(blockedRange('::ffff:127.0.0.1'), 'loopback');
  t.is(blockedRange('100.64.1.1'), 'carrierGradeNat');
  t.is(blockedRange('fc00::1'), 'uniqueLocal');
  t.is(blockedRange('64:ff9b::a00:1'), 'rfc6052');
  t.is(blockedRange('not-an-ip'), 'invalid');
});
