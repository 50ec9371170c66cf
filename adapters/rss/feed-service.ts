// Feeds for the whole gateway: subscribing (with discovery), fetching one feed or every
// due one with a bounded pool, and retention. Built from plain settings whose names match
// GatewayConfig, so the server, the console and the command line each pass their config as is
// (adapters/ never imports gateway/).
import type { Knex } from 'knex';
import { createHttpClient, type HttpClient } from '../http.js';
import { GatewayError } from '../../store/errors.js';
import { ArticleRepository } from '../../store/feeds/article-repository.js';
import { FeedRepository } from '../../store/feeds/feed-repository.js';
import type { Feed } from '../../store/feeds/feed-types.js';
import { forEachLimited } from './concurrency.js';
import { discoverFeed } from './discovery.js';
import { toGatewayError } from './feed-error.js';
import { fetchFeed, storeDocument, type FetcherDeps, type FetchOutcome } from './feed-fetcher.js';

export interface FeedSettings {
  readonly outboundAllowHosts: readonly string[];
  readonly feedTimeoutMs: number;
  readonly feedMaxBytes: number;
  readonly feedFetchConcurrency: number;
  readonly feedRefreshSeconds: number;
  readonly feedRetentionDays: number;
}

export interface FeedServiceOptions {
  /** Names the gateway to publishers in the User-Agent header (RFC 9110 §10.1.5). */
  readonly userAgent: string;
  readonly clock?: () => Date;
  readonly errorBackoffSeconds?: number;
  /** Feeds taken per run of the job; the rest wait for the next run. */
  readonly batchSize?: number;
  readonly maxRedirects?: number;
  /** Time allowed for all discovery probes of one subscription. */
  readonly discoveryBudgetMs?: number;
  readonly http?: HttpClient;
}

export interface SubscribeInput {
  readonly url: string;
  readonly ownerUserId: number | null;
  readonly title?: string | null;
  readonly folder?: string | null;
  readonly refreshSeconds?: number;
  readonly createdBy?: number | null;
}

export interface FetchSummary {
  readonly feeds: number;
  readonly updated: number;
  readonly notModified: number;
  readonly failed: number;
  readonly articlesCreated: number;
  readonly articlesUpdated: number;
  readonly outcomes: readonly FetchOutcome[];
}

export const MIN_REFRESH_SECONDS = 60;

function feedUrl(raw: string): string {
  const text = raw.trim();
  if (!URL.canParse(text))
    throw new GatewayError(
      'invalid_input',
      `"${text.slice(0, 200)}" is not a URL (expected http:// or https://)`,
    );
  const url = new URL(text);
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new GatewayError(
      'invalid_input',
      `Feeds are fetched over http or https, not ${url.protocol}`,
    );
  url.hash = '';
  return url.href;
}

export function summarise(outcomes: readonly FetchOutcome[]): FetchSummary {
  const count = (r: FetchOutcome['result']): number =>
    outcomes.filter((o) => o.result === r).length;
  return {
    feeds: outcomes.length,
    updated: count('updated'),
    notModified: count('not_modified'),
    failed: count('failed'),
    articlesCreated: outcomes.reduce((n, o) => n + o.created, 0),
    articlesUpdated: outcomes.reduce((n, o) => n + o.updated, 0),
    outcomes,
  };
}

export class FeedService {
  readonly feeds: FeedRepository;
  readonly articles: ArticleRepository;
  private readonly deps: FetcherDeps;
  private readonly clock: () => Date;

  constructor(
    knex: Knex,
    private readonly settings: FeedSettings,
    private readonly options: FeedServiceOptions,
  ) {
    this.feeds = new FeedRepository(knex);
    this.articles = new ArticleRepository(knex);
    this.clock = options.clock ?? (() => new Date());
    // Retries stay off: a failing feed waits for its own backoff instead of holding a pool slot.
    const http =
      options.http ??
      createHttpClient({
        allowHosts: settings.outboundAllowHosts,
        timeoutMs: settings.feedTimeoutMs,
        maxResponseBytes: settings.feedMaxBytes,
        maxRedirects: options.maxRedirects ?? 5,
        retries: 0,
        userAgent: options.userAgent,
      });
    this.deps = {
      http,
      feeds: this.feeds,
      articles: this.articles,
      timeoutMs: settings.feedTimeoutMs,
      maxBytes: settings.feedMaxBytes,
      errorBackoffSeconds: options.errorBackoffSeconds ?? 300,
      clock: this.clock,
    };
  }

  /** Finds the feed behind `url` (a feed or a site's page), subscribes and stores its first articles. */
  async subscribe(input: SubscribeInput): Promise<{ feed: Feed; outcome: FetchOutcome }> {
    const refreshSeconds = input.refreshSeconds ?? this.settings.feedRefreshSeconds;
    if (
      !Number.isInteger(refreshSeconds) ||
      refreshSeconds < MIN_REFRESH_SECONDS ||
      refreshSeconds > 86_400
    ) {
      throw new GatewayError(
        'invalid_input',
        `The refresh interval must be ${MIN_REFRESH_SECONDS}..86400 seconds`,
      );
    }
    const url = feedUrl(input.url);
    const budgetMs = this.options.discoveryBudgetMs ?? 2 * this.settings.feedTimeoutMs;
    const found = await discoverFeed(this.deps.http, url, {
      timeoutMs: this.settings.feedTimeoutMs,
      maxBytes: this.settings.feedMaxBytes,
      budgetMs,
    }).catch((err: unknown) => Promise.reject(toGatewayError(err)));
    const feed = await this.feeds.create(
      { ...input, url: found.url, refreshSeconds },
      this.clock(),
    );
    const outcome = await storeDocument(this.deps, feed, found.document, found.feed);
    return { feed: await this.feeds.mustGet(feed.id), outcome };
  }

  /** Fetches one feed now, whatever its schedule. */
  async refresh(feedId: number): Promise<FetchOutcome> {
    return fetchFeed(this.deps, await this.feeds.mustGet(feedId));
  }

  /** Fetches the given feeds (all enabled ones by default) now, a bounded number at once. */
  async refreshAll(feeds?: readonly Feed[], signal?: AbortSignal): Promise<FetchSummary> {
    const list = feeds ?? (await this.feeds.listAll()).filter((f) => f.enabled);
    return summarise(
      await forEachLimited(
        list,
        this.settings.feedFetchConcurrency,
        (f) => this.safeFetch(f),
        signal,
      ),
    );
  }

  /** The job's run: the feeds whose next check has come (one batch), then nothing else. */
  async fetchDue(signal?: AbortSignal): Promise<FetchSummary> {
    const due = await this.feeds.listDue(
      this.clock(),
      this.options.batchSize ?? 25 * this.settings.feedFetchConcurrency,
    );
    return this.refreshAll(due, signal);
  }

  /** Retention (feedRetentionDays); starred articles and those still in their feed are kept. */
  async prune(): Promise<number> {
    return this.articles.prune(
      new Date(this.clock().getTime() - this.settings.feedRetentionDays * 86_400_000),
    );
  }

  private async safeFetch(feed: Feed): Promise<FetchOutcome> {
    try {
      return await fetchFeed(this.deps, feed);
    } catch (err) {
      // The store itself failed while recording: report it and let the other feeds go on.
      const error = err instanceof Error ? err.message : String(err);
      return { feedId: feed.id, url: feed.url, result: 'failed', created: 0, updated: 0, error };
    }
  }
}

/** The User-Agent of feed fetches: the gateway and its version, as publishers' logs expect. */
export function feedUserAgent(version: string): string {
  return `crm-standards-gateway/${version} (feed fetcher)`;
}
