// Articles of feeds, deduplicated per feed by a key the fetcher derives (guid, else link, else a
// content hash: adapters/rss/README.md §5.2), and each user's read/starred flags. A changed
// content hash updates the stored article in place and keeps the users' flags, as Miniflux does.
import type { Knex } from 'knex';
import { nowUtc } from '../db.js';
import {
  toUserArticle,
  USER_ARTICLE_COLUMNS,
  visibleArticles,
  type UserArticleRow,
} from './feed-rows.js';
import type { ArticleInput, ArticleQuery, UpsertCounts, UserArticle } from './feed-types.js';

// SQLite binds at most 999 parameters per statement; 16 columns × 50 rows stays below.
const INSERT_CHUNK = 50;
const KEY_CHUNK = 400;
const MAX_LIMIT = 500;

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

function columns(item: ArticleInput): Record<string, unknown> {
  return {
    guid: item.guid,
    link: item.link,
    title: item.title,
    author: item.author,
    published_at: item.publishedAt,
    updated_at: item.updatedAt,
    summary: item.summary,
    content: item.content,
    enclosures: JSON.stringify(item.enclosures),
    content_hash: item.contentHash,
  };
}

export class ArticleRepository {
  constructor(private readonly knex: Knex) {}

  /** Stores one fetched document's entries in one transaction; every entry's last_seen_at becomes `now`. */
  async upsert(
    feedId: number,
    items: readonly ArticleInput[],
    now: Date = new Date(),
  ): Promise<UpsertCounts> {
    const at = nowUtc(now);
    const unique = [...new Map(items.map((i) => [i.dedupeKey, i])).values()];
    return this.knex.transaction(async (trx) => {
      const existing = new Map<string, { id: number; hash: string }>();
      for (const keys of chunks(
        unique.map((i) => i.dedupeKey),
        KEY_CHUNK,
      )) {
        const rows = await trx('feed_articles')
          .where({ feed_id: feedId })
          .whereIn('dedupe_key', keys)
          .select<{ id: number; dedupe_key: string; content_hash: string }[]>(
            'id',
            'dedupe_key',
            'content_hash',
          );
        for (const r of rows)
          existing.set(r.dedupe_key, { id: Number(r.id), hash: r.content_hash });
      }
      const fresh = unique.filter((i) => !existing.has(i.dedupeKey));
      const changed = unique.filter((i) => {
        const e = existing.get(i.dedupeKey);
        return e !== undefined && e.hash !== i.contentHash;
      });
      for (const rows of chunks(fresh, INSERT_CHUNK)) {
        await trx('feed_articles')
          .insert(
            rows.map((i) => ({
              feed_id: feedId,
              dedupe_key: i.dedupeKey,
              ...columns(i),
              first_seen_at: at,
              last_seen_at: at,
              changed_at: at,
            })),
          )
          .onConflict(['feed_id', 'dedupe_key'])
          .ignore(); // a concurrent fetch (CLI and server) stored it first
      }
      for (const item of changed) {
        await trx('feed_articles')
          .where({ id: existing.get(item.dedupeKey)?.id })
          .update({ ...columns(item), changed_at: at });
      }
      for (const keys of chunks(
        unique.map((i) => i.dedupeKey),
        KEY_CHUNK,
      )) {
        await trx('feed_articles')
          .where({ feed_id: feedId })
          .whereIn('dedupe_key', keys)
          .update({ last_seen_at: at });
      }
      return {
        created: fresh.length,
        updated: changed.length,
        unchanged: unique.length - fresh.length - changed.length,
      };
    });
  }

  private visible(userId: number): Knex.QueryBuilder {
    return visibleArticles(this.knex, userId);
  }

  private filtered(userId: number, query: ArticleQuery): Knex.QueryBuilder {
    const q = this.visible(userId);
    if (query.feedId !== undefined) q.where('a.feed_id', query.feedId);
    if (query.unreadOnly === true)
      q.where((w) => w.whereNull('s.is_read').orWhere('s.is_read', false));
    if (query.starredOnly === true) q.where('s.starred', true);
    if (query.changedSince !== undefined) q.where('a.changed_at', '>=', query.changedSince);
    return q;
  }

  /** The user's articles: unread first when asked, then newest first. */
  async list(
    userId: number,
    query: ArticleQuery & { unreadFirst?: boolean } = {},
  ): Promise<UserArticle[]> {
    const q = this.filtered(userId, query).select<UserArticleRow[]>(...USER_ARTICLE_COLUMNS);
    if (query.unreadFirst === true)
      q.orderByRaw('CASE WHEN s.is_read = ? THEN 1 ELSE 0 END', [true]);
    q.orderByRaw('COALESCE(a.published_at, a.first_seen_at) DESC').orderBy('a.id', 'desc');
    q.limit(Math.min(Math.max(query.limit ?? 100, 1), MAX_LIMIT)).offset(
      Math.max(query.offset ?? 0, 0),
    );
    return (await q).map(toUserArticle);
  }

  async count(userId: number, query: ArticleQuery = {}): Promise<number> {
    const row = await this.filtered(userId, query)
      .count<{ n: number | string }[]>({ n: 'a.id' })
      .first();
    return Number(row?.n ?? 0);
  }

  /** One article if the user may see it (its feed is theirs or shared), else null. */
  async get(userId: number, articleId: number): Promise<UserArticle | null> {
    const row = await this.visible(userId)
      .where('a.id', articleId)
      .first<UserArticleRow | undefined>(...USER_ARTICLE_COLUMNS);
    return row ? toUserArticle(row) : null;
  }

  /** Sets one flag for one user; false when the article is not visible to them. */
  async setFlag(
    userId: number,
    articleId: number,
    flag: 'read' | 'starred',
    value: boolean,
    now: Date = new Date(),
  ): Promise<boolean> {
    if ((await this.get(userId, articleId)) === null) return false;
    const at = value ? nowUtc(now) : null;
    const change =
      flag === 'read' ? { is_read: value, read_at: at } : { starred: value, starred_at: at };
    await this.knex('feed_article_states')
      .insert({ article_id: articleId, user_id: userId, is_read: false, starred: false, ...change })
      .onConflict(['article_id', 'user_id'])
      .merge(Object.keys(change));
    return true;
  }

  /** Marks every article of one visible feed read for the user; returns how many changed. */
  async markFeedRead(userId: number, feedId: number, now: Date = new Date()): Promise<number> {
    const unread = await this.filtered(userId, { feedId, unreadOnly: true }).pluck<number[]>(
      'a.id',
    );
    const at = nowUtc(now);
    for (const ids of chunks(unread, INSERT_CHUNK)) {
      await this.knex('feed_article_states')
        .insert(
          ids.map((id) => ({
            article_id: id,
            user_id: userId,
            is_read: true,
            starred: false,
            read_at: at,
          })),
        )
        .onConflict(['article_id', 'user_id'])
        .merge(['is_read', 'read_at']);
    }
    return unread.length;
  }

  /**
   * Retention: removes articles published (or first seen) before `cutoff` that are starred by
   * nobody and no longer in their feed's latest document; one still listed there would come back
   * as new at the next fetch, so it stays while the feed keeps it.
   */
  async prune(cutoff: Date): Promise<number> {
    const starred = this.knex('feed_article_states').select('article_id').where('starred', true);
    return this.knex('feed_articles')
      .whereRaw('COALESCE(published_at, first_seen_at) < ?', [nowUtc(cutoff)])
      .whereNotIn('id', starred)
      .whereExists((q) => {
        q.select(this.knex.raw('1'))
          .from('feeds')
          .whereRaw('feeds.id = feed_articles.feed_id')
          .whereRaw('feed_articles.last_seen_at < feeds.last_parsed_at');
      })
      .delete();
  }
}
