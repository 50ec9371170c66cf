// When a feed is checked next (adapters/rss/README.md §5.2 "Backoff", after Miniflux
// model/feed.go ScheduleNextCheck): after a success, the feed's interval unless the publisher
// asks for longer (RSS ttl, Cache-Control max-age, Expires); after a failure base·2^(errors−1),
// never before Retry-After (RFC 9110 §10.2.3, 429 and 503). Everything is capped at a day.
import type { ResponseHeaders } from '../http.js';

export const MAX_INTERVAL_MS = 24 * 3600 * 1000;

function header(headers: ResponseHeaders, name: string): string | null {
  const raw = headers[name];
  const value = Array.isArray(raw) ? raw[0] : raw;
  return value === undefined || value.trim() === '' ? null : value.trim();
}

/** Delay-seconds or an HTTP-date, as milliseconds from now, capped at a day; null when absent or unreadable. */
export function retryAfterMs(headers: ResponseHeaders, now: Date): number | null {
  const value = header(headers, 'retry-after');
  if (value === null) return null;
  const ms = /^\d+$/.test(value) ? Number(value) * 1000 : Date.parse(value) - now.getTime();
  return Number.isNaN(ms) ? null : Math.min(Math.max(ms, 0), MAX_INTERVAL_MS);
}

/** How long the response may be cached: Cache-Control max-age, else Expires − now. */
export function cacheLifetimeMs(headers: ResponseHeaders, now: Date): number | null {
  const control = header(headers, 'cache-control');
  const maxAge = control === null ? null : /(?:^|,)\s*max-age\s*=\s*"?(\d+)"?/i.exec(control)?.[1];
  if (maxAge !== null && maxAge !== undefined)
    return Math.min(Number(maxAge) * 1000, MAX_INTERVAL_MS);
  const expires = header(headers, 'expires');
  const at = expires === null ? NaN : Date.parse(expires);
  return Number.isNaN(at) ? null : Math.min(Math.max(at - now.getTime(), 0), MAX_INTERVAL_MS);
}

export function nextCheckAfterSuccess(
  now: Date,
  refreshSeconds: number,
  hintsMs: readonly (number | null)[],
): Date {
  const wait = Math.max(refreshSeconds * 1000, ...hintsMs.filter((h): h is number => h !== null));
  return new Date(now.getTime() + Math.min(wait, MAX_INTERVAL_MS));
}

/** `errorCount` includes the failure just seen (1 after the first). */
export function nextCheckAfterFailure(
  now: Date,
  errorCount: number,
  baseSeconds: number,
  retryAfter: number | null,
): Date {
  const backoff = Math.min(
    baseSeconds * 1000 * 2 ** Math.min(Math.max(errorCount - 1, 0), 30),
    MAX_INTERVAL_MS,
  );
  return new Date(now.getTime() + Math.min(Math.max(backoff, retryAfter ?? 0), MAX_INTERVAL_MS));
}
