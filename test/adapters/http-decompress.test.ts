// adapters/http.ts extensions used by the feed fetcher: Content-Encoding decoding with the size cap
// on decoded bytes (zip bombs), typed errors for corrupt or unknown encodings, and permanentUrl,
// the end of the unbroken run of 301/308 redirects (RFC 9110 §15.4.2, §15.4.9).
import test from 'ava';
import type { ExecutionContext } from 'ava';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import zlib from 'node:zlib';
import { OutboundError, createHttpClient } from '../../adapters/http.js';

const BODY = Buffer.from(
  '<rss version="2.0"><channel><title>compressed</title></channel></rss>'.repeat(50),
);

async function serve(t: ExecutionContext, handler: http.RequestListener): Promise<string> {
  const server = http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const client = (maxResponseBytes = 64 * 1024) =>
  createHttpClient({
    allowHosts: ['127.0.0.1'],
    timeoutMs: 3000,
    maxResponseBytes,
    maxRedirects: 5,
    retries: 0,
    userAgent: 'gateway-test/1',
  });

const encoded: Record<string, (b: Buffer) => Buffer> = {
  gzip: zlib.gzipSync,
  'x-gzip': zlib.gzipSync,
  deflate: zlib.deflateSync,
  br: zlib.brotliCompressSync,
};

test('gzip, x-gzip, deflate and br are decoded when asked; Accept-Encoding is sent', async (t) => {
  t.timeout(10_000);
  const seen: string[] = [];
  const origin = await serve(t, (req, res) => {
    seen.push(String(req.headers['accept-encoding']));
    const coding = (req.url ?? '/').slice(1);
    res
      .writeHead(200, { 'content-encoding': coding, 'content-type': 'application/rss+xml' })
      .end(encoded[coding]?.(BODY));
  });
  for (const coding of Object.keys(encoded)) {
    const res = await client().request({
      method: 'GET',
      url: `${origin}/${coding}`,
      decompress: true,
    });
    t.deepEqual(res.body, BODY, coding);
    t.is(res.headers['content-encoding'], undefined);
  }
  t.true(seen.every((s) => s === 'gzip, deflate, br'));
  const raw = await client().request({ method: 'GET', url: `${origin}/gzip` });
  t.deepEqual(raw.body, zlib.gzipSync(BODY), 'without decompress the bytes pass as sent');
});

test('the cap applies to decoded bytes: a small gzip bomb fails with too_large', async (t) => {
  t.timeout(10_000);
  const bomb = zlib.gzipSync(Buffer.alloc(16 * 1024 * 1024), { level: 9 });
  t.true(bomb.length < 64 * 1024);
  const origin = await serve(t, (_req, res) =>
    res.writeHead(200, { 'content-encoding': 'gzip' }).end(bomb),
  );
  const err = await t.throwsAsync(
    client(1024 * 1024).request({ method: 'GET', url: origin, decompress: true }),
    { instanceOf: OutboundError },
  );
  t.is(err?.code, 'too_large');
});

test('corrupt and unknown encodings are bad_encoding errors', async (t) => {
  t.timeout(10_000);
  const origin = await serve(t, (req, res) => {
    if (req.url === '/corrupt')
      res.writeHead(200, { 'content-encoding': 'gzip' }).end(Buffer.from('definitely not gzip'));
    else res.writeHead(200, { 'content-encoding': 'compress' }).end('x');
  });
  const corrupt = await t.throwsAsync(
    client().request({ method: 'GET', url: `${origin}/corrupt`, decompress: true }),
    { instanceOf: OutboundError },
  );
  t.is(corrupt?.code, 'bad_encoding');
  t.regex(corrupt?.message ?? '', /could not be decompressed/);
  const unknown = await t.throwsAsync(
    client().request({ method: 'GET', url: `${origin}/unknown`, decompress: true }),
    { instanceOf: OutboundError },
  );
  t.is(unknown?.code, 'bad_encoding');
});

test('permanentUrl follows 301/308 until the first temporary redirect', async (t) => {
  t.timeout(10_000);
  const origin = await serve(t, (req, res) => {
    const hops: Record<string, [number, string]> = {
      '/a': [301, '/b'],
      '/b': [308, '/c'],
      '/c': [302, '/d'],
      '/d': [301, '/e'],
    };
    const hop = hops[req.url ?? ''];
    if (hop) res.writeHead(hop[0], { location: hop[1] }).end();
    else res.writeHead(200).end('ok');
  });
  const res = await client().request({ method: 'GET', url: `${origin}/a` });
  t.is(res.url, `${origin}/e`);
  t.is(res.permanentUrl, `${origin}/c`);
  t.is((await client().request({ method: 'GET', url: `${origin}/e` })).permanentUrl, `${origin}/e`);
});
