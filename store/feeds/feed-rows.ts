// Row shapes of the feed tables and their mapping to domain types (store/ keeps rows inside).
import type { Knex } from 'knex';
import type { Article, Enclosure, Feed, UserArticle } from './feed-types.js';

export interface FeedRow {
  id: number;
  owner_key: string;
  owner_user_id: number | null;
  url: string;
  site_url: string | null;
  title: string | null;
  doc_title: string | null;
  folder: string | null;
  refresh_seconds: number;
  enabled: boolean | number;
  etag: string | null;
  last_modified: string | null;
  last_status: number | null;
  last_fetched_at: string | null;
  last_success_at: string | null;
  last_parsed_at: string | null;
  next_check_at: string;
  error_count: number;
  last_error: string | null;
  not_modified_count: number;
  created_at: string;
  updated_at: string;
}

export interface ArticleRow {
  id: number;
  feed_id: number;
  dedupe_key: string;
  guid: string | null;
  link: string | null;
  title: string;
  author: string | null;
  published_at: string | null;
  updated_at: string | null;
  summary: string | null;
  content: string | null;
  enclosures: string | null;
  content_hash: string;
  first_seen_at: string;
  last_seen_at: string;
  changed_at: string;
}

export const SHARED_OWNER = 'shared';

export function ownerKey(ownerUserId: number | null): string {
  return ownerUserId === null ? SHARED_OWNER : `u${ownerUserId}`;
}

/** Feeds a user sees: their own and the shared ones. */
export function visibleTo(userId: number, column = 'owner_key'): Knex.QueryCallback {
  return (q) => {
    q.whereIn(column, [SHARED_OWNER, ownerKey(userId)]);
  };
}

/**
 * Articles of the feeds a user sees, joined with that user's flags (s.*, absent when never set):
 * the one visibility rule of the article list, the console and the REST modules.
 */
export function visibleArticles(knex: Knex, userId: number): Knex.QueryBuilder {
  return knex('feed_articles as a')
    .join('feeds as f', 'f.id', 'a.feed_id')
    .leftJoin('feed_article_states as s', (j) =>
      j.on('s.article_id', '=', 'a.id').andOn('s.user_id', '=', knex.raw('?', [userId])),
    )
    .where(visibleTo(userId, 'f.owner_key'));
}

export type UserArticleRow = ArticleRow & {
  f_title: string | null;
  f_doc_title: string | null;
  f_url: string;
  s_read: boolean | number | null;
  s_starred: boolean | number | null;
};

/** The select list of visibleArticles() that toUserArticle() reads. */
export const USER_ARTICLE_COLUMNS = [
  'a.*',
  'f.title as f_title',
  'f.doc_title as f_doc_title',
  'f.url as f_url',
  's.is_read as s_read',
  's.starred as s_starred',
] as const;

export function toUserArticle(r: UserArticleRow): UserArticle {
  return {
    ...toArticle(r),
    feedTitle: r.f_title ?? r.f_doc_title ?? r.f_url,
    read: Boolean(r.s_read),
    starred: Boolean(r.s_starred),
  };
}

export function toFeed(r: FeedRow): Feed {
  return {
    id: Number(r.id),
    ownerUserId: r.owner_user_id === null ? null : Number(r.owner_user_id),
    shared: r.owner_key === SHARED_OWNER,
    url: r.url,
    siteUrl: r.site_url,
    title: r.title ?? r.doc_title ?? r.url,
    customTitle: r.title,
    docTitle: r.doc_title,
    folder: r.folder,
    refreshSeconds: Number(r.refresh_seconds),
    enabled: Boolean(r.enabled),
    etag: r.etag,
    lastModified: r.last_modified,
    lastStatus: r.last_status === null ? null : Number(r.last_status),
    lastFetchedAt: r.last_fetched_at,
    lastSuccessAt: r.last_success_at,
    lastParsedAt: r.last_parsed_at,
    nextCheckAt: r.next_check_at,
    errorCount: Number(r.error_count),
    lastError: r.last_error,
    notModifiedCount: Number(r.not_modified_count),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

function parseEnclosures(text: string | null): Enclosure[] {
  if (text === null || text === '') return [];
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? value.filter(isEnclosure) : [];
  } catch {
    return [];
  }
}

function isEnclosure(value: unknown): value is Enclosure {
  return (
    typeof value === 'object' && value !== null && 'url' in value && typeof value.url === 'string'
  );
}

export function toArticle(r: ArticleRow): Article {
  return {
    id: Number(r.id),
    feedId: Number(r.feed_id),
    guid: r.guid,
    link: r.link,
    title: r.title,
    author: r.author,
    publishedAt: r.published_at,
    updatedAt: r.updated_at,
    summary: r.summary,
    content: r.content,
    enclosures: parseEnclosures(r.enclosures),
    firstSeenAt: r.first_seen_at,
    changedAt: r.changed_at,
  };
}

export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; message?: string };
  return (
    e.code === '23505' ||
    e.code === 'SQLITE_CONSTRAINT' ||
    /UNIQUE constraint/.test(e.message ?? '')
  );
}
