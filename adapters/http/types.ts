// Public shapes of the outbound HTTP door (adapters/http.ts). Plain values only, so
// bridges (CalDAV, Exchange, RSS, shop) and their tests need nothing from node:http.
import type { Readable } from 'node:stream';

export interface OutboundOptions {
  /** Hostnames (exact, case-insensitive) exempt from the private-address guard. */
  allowHosts: readonly string[];
  /** Total deadline per attempt: connect + headers + body, redirects included. */
  timeoutMs: number;
  maxResponseBytes: number;
  maxRedirects: number;
  /** Extra attempts for idempotent methods on network errors, timeouts and 502/503/504. */
  retries: number;
  userAgent: string;
  /** PEM certificates trusted besides the system's (a test's own TLS peer); none by default. */
  extraCa?: string;
}

export interface OutboundRequest {
  method: string;
  url: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  timeoutMs?: number;
  maxResponseBytes?: number;
  /** Ask for gzip/deflate/br and decode it; maxResponseBytes then caps the decoded bytes. */
  decompress?: boolean;
}

export type ResponseHeaders = Record<string, string | string[] | undefined>;

export interface OutboundResponse {
  status: number;
  headers: ResponseHeaders;
  body: Buffer;
  /** Final URL after redirects. */
  url: string;
  /** Where the unbroken run of permanent redirects (301/308) from the request URL ends. */
  permanentUrl: string;
}

export interface OutboundStreamResponse {
  status: number;
  headers: ResponseHeaders;
  /** Errors with OutboundError `too_large` / `timeout` when the cap or deadline is hit. */
  body: Readable;
  url: string;
  /** Where the unbroken run of permanent redirects (301/308) from the request URL ends. */
  permanentUrl: string;
}

export interface HttpClient {
  request(req: OutboundRequest): Promise<OutboundResponse>;
  requestStream(req: OutboundRequest): Promise<OutboundStreamResponse>;
}
