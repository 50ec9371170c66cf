// Fetch one feed and record what happened (adapters/rss/README.md §5.2): conditional GET,
// parse, sanitise, dedupe into the store; a permanent redirect moves the subscription; any
// failure becomes the feed's error count, last error and backed-off next check, and never
// escapes to the caller, so one bad feed cannot stop the others.
import type { HttpClient } from '../http.js';
import type { ArticleRepository } from '../../store/feeds/article-repository.js';
import type { FeedRepository } from '../../store/feeds/feed-repository.js';
import type { Feed } from '../../store/feeds/feed-types.js';
import { toArticleInputs } from './entries.js';
import { fetchDocument, type DocumentResult } from './fetch-document.js';
import { toFeedError } from './feed-error.js';
import type { ParsedFeed } from './normalise.js';
import { parseFeedDocument } from './parse-feed.js';
import { nextCheckAfterFailure, nextCheckAfterSuccess } from './schedule.js';

export interface FetcherDeps {
  readonly http: HttpClient;
  readonly feeds: FeedRepository;
  readonly articles: ArticleRepository;
  readonly timeoutMs: number;
  readonly maxBytes: number;
  /** First retry delay after an error; doubled per further error. */
  readonly errorBackoffSeconds: number;
  readonly clock: () => Date;
}

export interface FetchOutcome {
  readonly feedId: number;
  readonly url: string;
  readonly result: 'updated' | 'not_modified' | 'failed';
  readonly created: number;
  readonly updated: number;
  readonly error: string | null;
}

type Document = Extract<DocumentResult, { kind: 'document' }>;

async function followPermanent(
  deps: FetcherDeps,
  feed: Feed,
  permanentUrl: string,
): Promise<string> {
  if (permanentUrl === feed.url) return feed.url;
  return (await deps.feeds.moveUrl(feed.id, permanentUrl, deps.clock())) ? permanentUrl : feed.url;
}

/** Stores a fetched and parsed document for the feed; shared by the fetcher and subscribing. */
export async function storeDocument(
  deps: FetcherDeps,
  feed: Feed,
  document: Document,
  parsed: ParsedFeed,
): Promise<FetchOutcome> {
  const now = deps.clock();
  const url = await followPermanent(deps, feed, document.permanentUrl);
  const counts = await deps.articles.upsert(
    feed.id,
    toArticleInputs(parsed, document.url, now),
    now,
  );
  const ttlMs = parsed.ttlSeconds === null ? null : parsed.ttlSeconds * 1000;
  await deps.feeds.recordSuccess(
    feed.id,
    {
      status: document.status,
      etag: document.etag,
      lastModified: document.lastModified,
      docTitle: parsed.title,
      siteUrl: parsed.siteUrl,
      nextCheckAt: nextCheckAfterSuccess(now, feed.refreshSeconds, [ttlMs, document.cacheMs]),
    },
    now,
  );
  return {
    feedId: feed.id,
    url,
    result: 'updated',
    created: counts.created,
    updated: counts.updated,
    error: null,
  };
}

async function recordFailure(deps: FetcherDeps, feed: Feed, err: unknown): Promise<FetchOutcome> {
  const now = deps.clock();
  const failure = toFeedError(err);
  const nextCheckAt = nextCheckAfterFailure(
    now,
    feed.errorCount + 1,
    deps.errorBackoffSeconds,
    failure.retryAfterMs,
  );
  await deps.feeds.recordFailure(
    feed.id,
    { status: failure.status, error: failure.message, nextCheckAt },
    now,
  );
  return {
    feedId: feed.id,
    url: feed.url,
    result: 'failed',
    created: 0,
    updated: 0,
    error: failure.message,
  };
}

export async function fetchFeed(deps: FetcherDeps, feed: Feed): Promise<FetchOutcome> {
  try {
    const document = await fetchDocument(
      deps.http,
      {
        url: feed.url,
        etag: feed.etag,
        lastModified: feed.lastModified,
        timeoutMs: deps.timeoutMs,
        maxBytes: deps.maxBytes,
      },
      deps.clock(),
    );
    if (document.kind === 'not_modified') {
      const now = deps.clock();
      const url = await followPermanent(deps, feed, document.permanentUrl);
      await deps.feeds.recordNotModified(
        feed.id,
        nextCheckAfterSuccess(now, feed.refreshSeconds, [document.cacheMs]),
        now,
      );
      return { feedId: feed.id, url, result: 'not_modified', created: 0, updated: 0, error: null };
    }
    const parsed = parseFeedDocument(document.body, document.contentType);
    return await storeDocument(deps, feed, document, parsed);
  } catch (err) {
    return recordFailure(deps, feed, err);
  }
}
