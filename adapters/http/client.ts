// createHttpClient: the retry loop around single exchanges, and the buffered variant
// built on the streaming one so both share the guard, deadline and size cap.
import http from 'node:http';
import https from 'node:https';
import tls from 'node:tls';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Readable } from 'node:stream';
import { OutboundError, toOutboundError } from './errors.js';
import { openExchange } from './exchange.js';
import type { ExchangeLimits } from './exchange.js';
import {
  backoffMs,
  isIdempotent,
  isRetryableError,
  isRetryableStatus,
  retryDelayMs,
  waitsTooLong,
} from './retry.js';
import type {
  HttpClient,
  OutboundOptions,
  OutboundRequest,
  OutboundResponse,
  ResponseHeaders,
} from './types.js';

export function createHttpClient(opts: OutboundOptions): HttpClient {
  const agents = {
    http: new http.Agent({ keepAlive: true }),
    // `ca` replaces the default roots, so the system's stay in the list.
    https: new https.Agent({
      keepAlive: true,
      ...(opts.extraCa ? { ca: [...tls.rootCertificates, opts.extraCa] } : {}),
    }),
  };
  const limitsFor = (req: OutboundRequest): ExchangeLimits => ({
    allowHosts: opts.allowHosts,
    timeoutMs: req.timeoutMs ?? opts.timeoutMs,
    maxResponseBytes: req.maxResponseBytes ?? opts.maxResponseBytes,
    maxRedirects: opts.maxRedirects,
    userAgent: opts.userAgent,
    agents,
  });
  return {
    request: (req) =>
      withRetries(
        req.method,
        opts.retries,
        () => bufferedExchange(req, limitsFor(req)),
        () => undefined,
      ),
    requestStream: (req) =>
      withRetries(
        req.method,
        opts.retries,
        () => openExchange(req, limitsFor(req)),
        (res) => res.body.destroy(),
      ),
  };
}

/** Throws `http_status` unless 2xx; for callers that have no use for error bodies. */
export function assertOk<T extends { status: number; url: string }>(res: T): T {
  if (res.status >= 200 && res.status < 300) return res;
  const host = URL.canParse(res.url) ? new URL(res.url).host : res.url;
  throw new OutboundError('http_status', `${host} answered HTTP ${res.status}`, res.status);
}

async function bufferedExchange(
  req: OutboundRequest,
  limits: ExchangeLimits,
): Promise<OutboundResponse> {
  const res = await openExchange(req, limits);
  return {
    status: res.status,
    headers: res.headers,
    url: res.url,
    permanentUrl: res.permanentUrl,
    body: await collect(res.body, res.url),
  };
}

async function collect(body: Readable, url: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  try {
    for await (const chunk of body)
      chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  } catch (err) {
    throw toOutboundError(err, new URL(url).host);
  }
  return Buffer.concat(chunks);
}

/**
 * Attempt, then retry idempotent requests on network errors, timeouts and 502/503/504.
 * When attempts run out the last 5xx response is returned as is: the caller decides.
 */
async function withRetries<T extends { status: number; headers: ResponseHeaders }>(
  method: string,
  retries: number,
  attempt: () => Promise<T>,
  discard: (res: T) => void,
): Promise<T> {
  const allowed = isIdempotent(method) ? Math.max(0, retries) : 0;
  for (let n = 0; ; n++) {
    let res: T;
    try {
      res = await attempt();
    } catch (err) {
      if (n >= allowed || !isRetryableError(err)) throw err;
      await sleep(backoffMs(n));
      continue;
    }
    if (n >= allowed || !isRetryableStatus(res.status) || waitsTooLong(res.headers)) return res;
    discard(res);
    await sleep(retryDelayMs(n, res.headers));
  }
}
