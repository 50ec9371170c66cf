// One attempt of an outbound exchange: the guarded hop, the redirect chain (RFC 9110
// §15.4) and a size-capped body stream, all under one Deadline. Retries live a level up.
import http from 'node:http';
import https from 'node:https';
import type { IncomingMessage } from 'node:http';
import { Transform } from 'node:stream';
import type { TransformCallback } from 'node:stream';
import { checkUrl, guardedLookup, isAllowedHost } from './address-guard.js';
import { Deadline } from './deadline.js';
import { ACCEPT_ENCODING, decodeError, decoderFor } from './decompress.js';
import { OutboundError, toOutboundError } from './errors.js';
import { REDIRECT_STATUSES, followRedirect } from './redirect.js';
import type { HopRequest } from './redirect.js';
import type { OutboundRequest, OutboundStreamResponse } from './types.js';

export interface ExchangeLimits {
  allowHosts: readonly string[];
  timeoutMs: number;
  maxResponseBytes: number;
  maxRedirects: number;
  userAgent: string;
  /** Per-client agents: a pooled socket is only ever shared by requests under one guard policy. */
  agents: { http: http.Agent; https: https.Agent };
}

export async function openExchange(
  req: OutboundRequest,
  limits: ExchangeLimits,
): Promise<OutboundStreamResponse> {
  let hop: HopRequest = {
    url: checkUrl(req.url, limits.allowHosts),
    method: req.method.toUpperCase(),
    headers: initialHeaders(req, limits.userAgent),
    body: req.body,
  };
  const firstHost = hop.url.host;
  const deadline = new Deadline(limits.timeoutMs, firstHost);
  // Feed readers move a subscription only when every hop so far was permanent (RFC 9110 §15.4.2, §15.4.9).
  let permanentUrl = hop.url.href;
  let permanentSoFar = true;
  try {
    for (let redirects = 0; ; redirects++) {
      const res = await sendHop(hop, limits, deadline);
      const status = res.statusCode ?? 0;
      const location = res.headers.location;
      if (!REDIRECT_STATUSES.has(status) || location === undefined) {
        const body = capBody(
          res,
          hop,
          { maxBytes: limits.maxResponseBytes, decompress: req.decompress === true },
          deadline,
        );
        return { ...body, permanentUrl };
      }
      // Redirect bodies are never read; destroying frees the hop at once.
      res.destroy();
      if (redirects >= limits.maxRedirects) {
        throw new OutboundError(
          'too_many_redirects',
          `too many redirects (more than ${limits.maxRedirects}) starting at ${firstHost}, last at ${hop.url.host}`,
        );
      }
      hop = followRedirect(status, hop, checkUrl(location, limits.allowHosts, hop.url));
      permanentSoFar &&= status === 301 || status === 308;
      if (permanentSoFar) permanentUrl = hop.url.href;
    }
  } catch (err) {
    deadline.clear();
    throw toOutboundError(err, hop.url.host);
  }
}

function initialHeaders(req: OutboundRequest, userAgent: string): Record<string, string> {
  const out: Record<string, string> = { 'user-agent': userAgent };
  if (req.decompress === true) out['accept-encoding'] = ACCEPT_ENCODING;
  for (const [name, value] of Object.entries(req.headers ?? {})) out[name.toLowerCase()] = value;
  return out;
}

function sendHop(
  hop: HopRequest,
  limits: ExchangeLimits,
  deadline: Deadline,
): Promise<IncomingMessage> {
  const secure = hop.url.protocol === 'https:';
  const headers = { ...hop.headers };
  if (hop.body !== undefined) headers['content-length'] = String(Buffer.byteLength(hop.body));
  const options: http.RequestOptions = {
    method: hop.method,
    headers,
    agent: secure ? limits.agents.https : limits.agents.http,
    // Allowed hosts skip the guard entirely (tests, on-premise peers opened by the admin).
    lookup: isAllowedHost(hop.url.hostname, limits.allowHosts) ? undefined : guardedLookup(),
  };
  return new Promise((resolve, reject) => {
    const request = (secure ? https : http).request(hop.url, options, resolve);
    request.on('error', (err) => reject(toOutboundError(err, hop.url.host)));
    deadline.track(request, hop.url.host);
    request.end(hop.body);
  });
}

/**
 * Counts bytes as they arrive; a declared Content-Length over the cap fails before any read.
 * With `decompress` the count is taken after decoding, so it also stops decompression bombs.
 */
function capBody(
  res: IncomingMessage,
  hop: HopRequest,
  { maxBytes, decompress }: { maxBytes: number; decompress: boolean },
  deadline: Deadline,
): Omit<OutboundStreamResponse, 'permanentUrl'> {
  const url = hop.url;
  // HEAD, 204 and 304 carry a Content-Length describing a body that is not sent (RFC 9110 §8.6).
  const bodiless = hop.method === 'HEAD' || res.statusCode === 204 || res.statusCode === 304;
  const declared = Number(res.headers['content-length']);
  if (!bodiless && Number.isFinite(declared) && declared > maxBytes) {
    res.destroy();
    throw tooLarge(url, maxBytes, `declares ${declared} bytes`);
  }
  let decoder: Transform | null;
  try {
    decoder = decompress && !bodiless ? decoderFor(res.headers, url.host) : null;
  } catch (err) {
    res.destroy();
    throw err;
  }
  let seen = 0;
  const limiter = new Transform({
    transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
      seen += chunk.length;
      if (seen > maxBytes) callback(tooLarge(url, maxBytes, `sent more than ${maxBytes} bytes`));
      else callback(null, chunk);
    },
  });
  deadline.track(limiter, url.host);
  // A peer hanging up mid-body surfaces to the consumer as a typed `network` error.
  res.on('error', (err) => limiter.destroy(toOutboundError(err, url.host)));
  // Cap hit, deadline, consumer gave up: the socket goes too, the rest is never read.
  limiter.on('close', () => {
    deadline.clear();
    decoder?.destroy();
    if (!res.complete) res.destroy();
  });
  if (decoder) {
    decoder.on('error', (err) => limiter.destroy(decodeError(err, url.host)));
    res.pipe(decoder).pipe(limiter);
  } else {
    res.pipe(limiter);
  }
  return {
    status: res.statusCode ?? 0,
    headers: decoder ? decodedHeaders(res.headers) : res.headers,
    body: limiter,
    url: url.href,
  };
}

/** Once decoded, the body no longer matches the encoding and length the peer declared. */
function decodedHeaders(headers: IncomingMessage['headers']): IncomingMessage['headers'] {
  const out = { ...headers };
  delete out['content-encoding'];
  delete out['content-length'];
  return out;
}

function tooLarge(url: URL, maxBytes: number, detail: string): OutboundError {
  return new OutboundError(
    'too_large',
    `response from ${url.host} is too large: ${detail} (limit ${maxBytes})`,
  );
}
