// Why fetching or reading a feed failed, in words an admin can act on (a bad feed shows a
// clear error: test/adapters/rss/fetch.test.ts). The fetcher stores the message as the feed's last
// error and uses status/retryAfterMs for its schedule (adapters/rss/README.md §5.1, Miniflux: 429 +
// Retry-After).
import { OutboundError } from '../http.js';
import { GatewayError } from '../../store/errors.js';

export type FeedErrorKind =
  'fetch' | 'http' | 'rate_limited' | 'not_a_feed' | 'malformed' | 'no_feed_found' | 'refused';

export class FeedError extends Error {
  override readonly name = 'FeedError';

  constructor(
    readonly kind: FeedErrorKind,
    message: string,
    readonly status: number | null = null,
    readonly retryAfterMs: number | null = null,
  ) {
    super(message);
  }
}

/** Any failure of one fetch as a FeedError; programming errors keep their message but lose nothing else. */
export function toFeedError(err: unknown): FeedError {
  if (err instanceof FeedError) return err;
  if (err instanceof OutboundError) {
    const refused = err.code === 'blocked_address' || err.code === 'bad_url';
    return new FeedError(refused ? 'refused' : 'fetch', err.message, err.status ?? null);
  }
  return new FeedError('fetch', err instanceof Error ? err.message : String(err));
}

/**
 * For people adding a feed: URL-level problems are their input (invalid_input, shown on the form);
 * an unreachable or failing site is `unavailable`.
 */
export function toGatewayError(err: unknown): GatewayError {
  if (err instanceof GatewayError) return err;
  const feedError = toFeedError(err);
  const input =
    feedError.kind === 'refused' ||
    feedError.kind === 'not_a_feed' ||
    feedError.kind === 'malformed' ||
    feedError.kind === 'no_feed_found';
  return new GatewayError(input ? 'invalid_input' : 'unavailable', feedError.message);
}
