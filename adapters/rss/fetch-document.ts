// One conditional GET of a feed (adapters/rss/README.md §5.2; Miniflux request_builder.go,
// response_handler.go) through the one outbound door, adapters/http.ts: SSRF guard after DNS and on
// every redirect, one deadline, a size cap on the decompressed body. 304 means unchanged; 429 and
// 503 carry Retry-After to the schedule; `Expires: 0` makes the validators worthless, so they are
// not kept.
import type { HttpClient, ResponseHeaders } from '../http.js';
import { FeedError } from './feed-error.js';
import { cacheLifetimeMs, retryAfterMs } from './schedule.js';

export const FEED_ACCEPT =
  'application/rss+xml, application/atom+xml, application/feed+json, application/rdf+xml, application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, text/html;q=0.5, */*;q=0.3';

export interface DocumentRequest {
  readonly url: string;
  readonly etag?: string | null;
  readonly lastModified?: string | null;
  readonly timeoutMs: number;
  readonly maxBytes: number;
}

interface Fetched {
  readonly status: number;
  /** Final URL after redirects, and where the run of permanent ones ended. */
  readonly url: string;
  readonly permanentUrl: string;
  readonly cacheMs: number | null;
}

export type DocumentResult =
  | (Fetched & { readonly kind: 'not_modified' })
  | (Fetched & {
      readonly kind: 'document';
      readonly body: Buffer;
      readonly contentType: string | null;
      readonly etag: string | null;
      readonly lastModified: string | null;
    });

function header(headers: ResponseHeaders, name: string): string | null {
  const raw = headers[name];
  const value = Array.isArray(raw) ? raw[0] : raw;
  return value === undefined || value === '' ? null : value;
}

function requestHeaders(req: DocumentRequest): Record<string, string> {
  const headers: Record<string, string> = { accept: FEED_ACCEPT };
  if (req.etag) headers['if-none-match'] = req.etag;
  if (req.lastModified) headers['if-modified-since'] = req.lastModified;
  return headers;
}

function failure(status: number, headers: ResponseHeaders, url: string, now: Date): FeedError {
  const host = URL.canParse(url) ? new URL(url).host : url;
  const retry = retryAfterMs(headers, now);
  const after = retry === null ? '' : `, retry after ${Math.ceil(retry / 1000)} s`;
  if (status === 429)
    return new FeedError(
      'rate_limited',
      `${host} is rate limiting the gateway (HTTP 429${after})`,
      status,
      retry,
    );
  return new FeedError(
    'http',
    `${host} answered HTTP ${status}${after}`,
    status,
    status === 503 ? retry : null,
  );
}

export async function fetchDocument(
  http: HttpClient,
  req: DocumentRequest,
  now: Date = new Date(),
): Promise<DocumentResult> {
  const res = await http.request({
    method: 'GET',
    url: req.url,
    headers: requestHeaders(req),
    timeoutMs: req.timeoutMs,
    maxResponseBytes: req.maxBytes,
    decompress: true,
  });
  const base = {
    status: res.status,
    url: res.url,
    permanentUrl: res.permanentUrl,
    cacheMs: cacheLifetimeMs(res.headers, now),
  };
  if (res.status === 304) return { ...base, kind: 'not_modified' };
  if (res.status < 200 || res.status >= 300) throw failure(res.status, res.headers, res.url, now);
  const uncacheable = header(res.headers, 'expires') === '0';
  return {
    ...base,
    kind: 'document',
    body: res.body,
    contentType: header(res.headers, 'content-type'),
    etag: uncacheable ? null : header(res.headers, 'etag'),
    lastModified: uncacheable ? null : header(res.headers, 'last-modified'),
  };
}
