// Retry policy. Only methods RFC 9110 §9.2.2 calls idempotent (plus the WebDAV reads
// PROPFIND/REPORT, RFC 4918 / RFC 3253) are repeated, so a POST that may have reached the
// peer never runs twice. A short Retry-After (RFC 9110 §10.2.3) is waited for in the request; a
// longer one is not slept on here: the response goes back to the caller, whose scheduler runs the
// work again later (sync/runner.ts reschedules a rate-limited link).
import { OutboundError } from './errors.js';
import type { ResponseHeaders } from './types.js';

const IDEMPOTENT = new Set(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS', 'PROPFIND', 'REPORT']);
const RETRY_STATUSES = new Set([502, 503, 504]);
const BACKOFF_BASE_MS = 200;
const BACKOFF_CAP_MS = 2_000;
const RETRY_AFTER_CAP_MS = 5_000;

export function isIdempotent(method: string): boolean {
  return IDEMPOTENT.has(method.toUpperCase());
}

export function isRetryableStatus(status: number): boolean {
  return RETRY_STATUSES.has(status);
}

/** blocked_address, bad_url and too_large would fail identically on every attempt. */
export function isRetryableError(err: unknown): boolean {
  return err instanceof OutboundError && (err.code === 'network' || err.code === 'timeout');
}

export function backoffMs(attempt: number): number {
  return Math.min(BACKOFF_BASE_MS * 2 ** attempt, BACKOFF_CAP_MS);
}

/** Delay-seconds or an HTTP-date, uncapped; undefined when absent or unparseable. */
export function askedWaitMs(
  headers: ResponseHeaders,
  now: number = Date.now(),
): number | undefined {
  const raw = headers['retry-after'];
  const value = (Array.isArray(raw) ? raw[0] : raw)?.trim();
  if (value === undefined || value === '') return undefined;
  const ms = /^\d+$/.test(value) ? Number(value) * 1000 : Date.parse(value) - now;
  if (Number.isNaN(ms)) return undefined;
  return Math.max(ms, 0);
}

/** Retry-After as a wait within the request: capped, and undefined when absent or unparseable. */
export function retryAfterMs(
  headers: ResponseHeaders,
  now: number = Date.now(),
): number | undefined {
  const ms = askedWaitMs(headers, now);
  return ms === undefined ? undefined : Math.min(ms, RETRY_AFTER_CAP_MS);
}

/** Whether the peer asked for a wait too long to spend inside one request. */
export function waitsTooLong(headers: ResponseHeaders, now: number = Date.now()): boolean {
  return (askedWaitMs(headers, now) ?? 0) > RETRY_AFTER_CAP_MS;
}

export function retryDelayMs(attempt: number, headers?: ResponseHeaders): number {
  return (headers && retryAfterMs(headers)) ?? backoffMs(attempt);
}
