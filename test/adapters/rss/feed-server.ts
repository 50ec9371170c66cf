// A local feed publisher on 127.0.0.1 for the fetcher tests: fixture files with ETag and
// Last-Modified (answering 304 and counting them), gzip/deflate/br, redirects, failures, a slow
// drip, a 100 MB feed generated lazily (never held in memory), a gzip bomb and a mutable feed.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import type { ExecutionContext } from 'ava';

export const FIXTURES = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../fixtures/feeds',
);
const LAST_MODIFIED = 'Tue, 05 Mar 2024 09:12:44 GMT';
const TYPES: Record<string, string> = {
  '.xml': 'application/rss+xml',
  '.rdf': 'application/rdf+xml',
  '.json': 'application/feed+json',
  '.html': 'text/html; charset=utf-8',
};

export function fixture(name: string): Buffer {
  return readFileSync(path.join(FIXTURES, name));
}

export interface Mutable {
  status: number;
  body: string;
  headers: Record<string, string>;
}

export interface FeedServer {
  readonly origin: string;
  readonly notModified: () => number;
  readonly hits: (path: string) => number;
  /** Bytes the 100 MB endpoint wrote before the client hung up. */
  readonly hugeBytesSent: () => number;
  readonly mutable: Mutable;
  /** Most /delayed/ requests in flight at once. */
  readonly maxInFlight: () => number;
  /** Whether /feed.xml (a well-known feed path) exists. */
  readonly wellKnown: { enabled: boolean };
}

function typeOf(name: string): string {
  if (name.startsWith('atom')) return 'application/atom+xml';
  if (name.startsWith('windows-1251')) return 'application/rss+xml; charset=windows-1251';
  return TYPES[path.extname(name)] ?? 'application/octet-stream';
}

function sendFixture(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  name: string,
  encoding: string | null,
  counters: { notModified: number },
): void {
  const body = fixture(name);
  const etag = `"${createHash('sha1').update(body).digest('hex').slice(0, 16)}"`;
  res.setHeader('etag', etag);
  res.setHeader('last-modified', LAST_MODIFIED);
  if (req.headers['if-none-match'] === etag || req.headers['if-modified-since'] === LAST_MODIFIED) {
    counters.notModified++;
    res.writeHead(304).end();
    return;
  }
  res.setHeader('content-type', typeOf(name));
  if (encoding === null) return void res.end(body);
  res.setHeader('content-encoding', encoding);
  res.end(
    encoding === 'gzip'
      ? zlib.gzipSync(body)
      : encoding === 'br'
        ? zlib.brotliCompressSync(body)
        : zlib.deflateSync(body),
  );
}

/** 100 MB of RSS produced chunk by chunk as the socket drains; stops when the client goes away. */
function sendHuge(res: http.ServerResponse, sent: { bytes: number }): void {
  const total = 100 * 1024 * 1024;
  const item = Buffer.from(
    '<item><title>padding</title><description>' + 'x'.repeat(4000) + '</description></item>\n',
  );
  res.writeHead(200, { 'content-type': 'application/rss+xml' });
  res.write('<?xml version="1.0"?><rss version="2.0"><channel><title>Huge</title>\n');
  let closed = false;
  res.on('close', () => {
    closed = true;
  });
  const pump = (): void => {
    while (!closed && sent.bytes < total) {
      sent.bytes += item.length;
      if (!res.write(item)) return void res.once('drain', pump);
    }
    if (!closed) res.end('</channel></rss>');
  };
  pump();
}

function sendSlow(res: http.ServerResponse): void {
  res.writeHead(200, { 'content-type': 'application/rss+xml' });
  const timer = setInterval(() => res.write(' '), 100);
  res.on('close', () => clearInterval(timer));
}

let bombBody: Buffer | null = null;
/** ~64 MiB of spaces after an RSS opening, gzip-compressed to about 64 KiB. */
function gzipBomb(): Buffer {
  bombBody ??= zlib.gzipSync(
    Buffer.concat([
      Buffer.from('<rss version="2.0"><channel><title>'),
      Buffer.alloc(64 * 1024 * 1024, 0x20),
    ]),
    { level: 9 },
  );
  return bombBody;
}

type Route = (req: http.IncomingMessage, res: http.ServerResponse) => boolean;

interface State {
  readonly counters: { notModified: number };
  readonly huge: { bytes: number };
  readonly wellKnown: { enabled: boolean };
  readonly flight: { now: number; max: number };
  readonly mutable: Mutable;
}

const REDIRECTS: Record<string, [number, string]> = {
  '/moved': [301, '/feeds/rss-2.0.xml'],
  '/moved-308': [308, '/feeds/atom-1.0.xml'],
  '/temporary': [302, '/feeds/rss-1.0.rdf'],
  '/loop': [301, '/loop'],
  '/to-private': [302, 'http://10.0.0.1:9/feed.xml'],
  '/to-metadata': [301, 'http://169.254.169.254/latest/meta-data/'],
};

function fixtureRoute(state: State): Route {
  return (req, res) => {
    const m = /^\/(feeds|gz|br|deflate)\/([a-z0-9.-]+)$/.exec(req.url ?? '');
    if (!m?.[2]) return false;
    const enc = m[1] === 'feeds' ? null : m[1] === 'gz' ? 'gzip' : (m[1] as string);
    sendFixture(req, res, m[2], enc, state.counters);
    return true;
  };
}

/** /delayed/<n>/<fixture>: answers after 250 ms and records how many were in flight at once. */
function delayedRoute(state: State): Route {
  return (req, res) => {
    const name = /^\/delayed\/\d+\/([a-z0-9.-]+)$/.exec(req.url ?? '')?.[1];
    if (name === undefined) return false;
    state.flight.now++;
    state.flight.max = Math.max(state.flight.max, state.flight.now);
    setTimeout(() => {
      state.flight.now--;
      sendFixture(req, res, name, null, state.counters);
    }, 250);
    return true;
  };
}

const redirectRoute: Route = (req, res) => {
  const target = REDIRECTS[req.url ?? ''];
  if (!target) return false;
  res.writeHead(target[0], { location: target[1] }).end();
  return true;
};

function specialRoute(state: State): Route {
  return (req, res) => {
    switch (req.url) {
      case '/status/500':
        res.writeHead(500, { 'content-type': 'text/plain' }).end('Internal Server Error');
        return true;
      case '/status/429':
        res.writeHead(429, { 'retry-after': '7200' }).end();
        return true;
      case '/huge':
        sendHuge(res, state.huge);
        return true;
      case '/slow':
        sendSlow(res);
        return true;
      case '/bomb':
        res
          .writeHead(200, { 'content-type': 'application/rss+xml', 'content-encoding': 'gzip' })
          .end(gzipBomb());
        return true;
      case '/site/':
        sendFixture(req, res, 'site.html', null, state.counters);
        return true;
      case '/plain/page.html':
        sendFixture(req, res, 'plain-page.html', null, state.counters);
        return true;
      case '/feed.xml':
        if (!state.wellKnown.enabled) return false;
        sendFixture(req, res, 'atom-1.0.xml', null, state.counters);
        return true;
      case '/mutable':
        res.writeHead(state.mutable.status, state.mutable.headers).end(state.mutable.body);
        return true;
      default:
        return false;
    }
  };
}

export async function startFeedServer(t: ExecutionContext): Promise<FeedServer> {
  const state: State = {
    counters: { notModified: 0 },
    huge: { bytes: 0 },
    wellKnown: { enabled: true },
    flight: { now: 0, max: 0 },
    mutable: {
      status: 200,
      body: fixture('rss-2.0.xml').toString('utf8'),
      headers: { 'content-type': 'application/rss+xml' },
    },
  };
  const hits = new Map<string, number>();
  const routes = [fixtureRoute(state), delayedRoute(state), redirectRoute, specialRoute(state)];
  const server = http.createServer((req, res) => {
    const key = req.url ?? '';
    hits.set(key, (hits.get(key) ?? 0) + 1);
    if (!routes.some((route) => route(req, res)))
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
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
  return {
    origin: `http://127.0.0.1:${port}`,
    notModified: () => state.counters.notModified,
    hits: (p) => hits.get(p) ?? 0,
    hugeBytesSent: () => state.huge.bytes,
    mutable: state.mutable,
    wellKnown: state.wellKnown,
    maxInFlight: () => state.flight.max,
  };
}
