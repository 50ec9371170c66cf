// The read side of feeds for API clients (REST modules `Rss` and `RssArticles`). The
// REST layer maps these plain values to its own modules; every call is scoped to the calling
// user: their own feeds and the shared ones, with that user's read and starred flags.
import type { Knex } from 'knex';
import { ArticleRepository } from './article-repository.js';
import {
  queryArticles,
  queryFeeds,
  type FeedViewQuery,
  type FeedViewResult,
} from './feed-query.js';
import { FeedRepository } from './feed-repository.js';
import type { ArticleQuery, Feed, UserArticle } from './feed-types.js';

export interface FeedView extends Feed {
  readonly unreadCount: number;
}

export class FeedReadApi {
  private readonly feeds: FeedRepository;
  private readonly articles: ArticleRepository;

  constructor(private readonly knex: Knex) {
    this.feeds = new FeedRepository(knex);
    this.articles = new ArticleRepository(knex);
  }

  /** Feeds the user sees, each with its unread count for that user. */
  async listFeeds(userId: number): Promise<FeedView[]> {
    const [feeds, unread] = await Promise.all([
      this.feeds.listVisible(userId),
      this.feeds.unreadCounts(userId),
    ]);
    return feeds.map((f) => ({ ...f, unreadCount: unread.get(f.id) ?? 0 }));
  }

  /** One feed if the user sees it, else null (never tells another user's feed exists). */
  async getFeed(userId: number, feedId: number): Promise<FeedView | null> {
    return (await this.listFeeds(userId)).find((f) => f.id === feedId) ?? null;
  }

  /** Newest first (limit ≤ 500, default 100); `unreadFirst` puts unread ones before read ones. */
  async listArticles(
    userId: number,
    query: ArticleQuery & { unreadFirst?: boolean } = {},
  ): Promise<UserArticle[]> {
    return this.articles.list(userId, query);
  }

  async countArticles(userId: number, query: ArticleQuery = {}): Promise<number> {
    return this.articles.count(userId, query);
  }

  async getArticle(userId: number, articleId: number): Promise<UserArticle | null> {
    return this.articles.get(userId, articleId);
  }

  /** VTQL-style filter/order/paging over the feeds the user sees (feed-query.ts), or their count. */
  async queryFeeds(userId: number, query: FeedViewQuery): Promise<FeedViewResult<FeedView>> {
    return queryFeeds(this.knex, userId, query);
  }

  /** The same over the articles of those feeds, with the user's read/starred flags. */
  async queryArticles(userId: number, query: FeedViewQuery): Promise<FeedViewResult<UserArticle>> {
    return queryArticles(this.knex, userId, query);
  }
}
