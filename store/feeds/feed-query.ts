// Filtered, sorted and paged reads of feeds and articles for API clients (REST modules
// `Rss` and `RssArticles`, with the VTQL semantics of gateway/rest/README.md §3). The caller's
// visibility (their own feeds and the shared ones: feed-rows visibleTo / visibleArticles, the rule
// the console and FeedReadApi use) is part of the SQL, so LIMIT, OFFSET and count(*) only ever see
// rows the caller may read; read/starred are that caller's flags.
import type { Knex } from 'knex';
import { GatewayError } from '../errors.js';
import type { Condition, OrderTerm } from '../records/record-query.js';
import {
  toFeed,
  toUserArticle,
  USER_ARTICLE_COLUMNS,
  visibleArticles,
  visibleTo,
  type FeedRow,
  type UserArticleRow,
} from './feed-rows.js';
import type { UserArticle } from './feed-types.js';
import type { FeedView } from './feed-read-api.js';
import type { ViewName } from './feed-view-columns.js';
import { orderTerms, toPredicate } from './feed-predicate.js';

export interface FeedViewQuery {
  readonly count: boolean;
  readonly where: Condition | null;
  readonly orderBy: readonly OrderTerm[];
  readonly limit: number;
  readonly offset: number;
}

export type FeedViewResult<T> = { readonly rows: T[] } | { readonly count: number };

function checkPaging(q: FeedViewQuery): void {
  for (const [name, n] of [
    ['limit', q.limit],
    ['offset', q.offset],
  ] as const) {
    if (!Number.isSafeInteger(n) || n < 0)
      throw new GatewayError('invalid_input', `Query ${name} must be a whole number ≥ 0`);
  }
}

/** The caller's feeds with their unread counts (u.n; no row in u means none unread). */
function feedsFrom(knex: Knex, userId: number): Knex.QueryBuilder {
  const unread = visibleArticles(knex, userId)
    .where((q) => q.whereNull('s.is_read').orWhere('s.is_read', false))
    .groupBy('a.feed_id')
    .select('a.feed_id', knex.raw('count(*) as n'))
    .as('u');
  return knex('feeds as f')
    .leftJoin(unread, 'u.feed_id', 'f.id')
    .where(visibleTo(userId, 'f.owner_key'));
}

/**
 * WHERE, then (unless counting) ORDER BY and paging over `base`. Names and values are all
 * checked while the predicate is built, before the query is sent: a bad one runs no SQL.
 */
function shape(
  base: Knex.QueryBuilder,
  view: ViewName,
  idColumn: string,
  q: FeedViewQuery,
): Knex.QueryBuilder {
  checkPaging(q);
  const where = q.where ? toPredicate(view, q.where) : null;
  const order = orderTerms(view, q.orderBy);
  if (where) base.whereRaw(where.sql, [...where.bindings]);
  if (q.count) return base;
  for (const term of order) base.orderByRaw(term.sql, [...term.bindings]);
  // The id ends every order so that pages are stable.
  if (!q.orderBy.some((o) => o.field === 'id')) base.orderBy(idColumn, 'asc');
  return base.limit(q.limit).offset(q.offset);
}

async function countOf(qb: Knex.QueryBuilder): Promise<number> {
  const [row] = (await qb.count({ n: '*' })) as { n: number | string }[];
  return Number(row?.n ?? 0);
}

export async function queryFeeds(
  knex: Knex,
  userId: number,
  q: FeedViewQuery,
): Promise<FeedViewResult<FeedView>> {
  const qb = shape(feedsFrom(knex, userId), 'feeds', 'f.id', q);
  if (q.count) return { count: await countOf(qb) };
  const rows = (await qb.select(
    'f.*',
    knex.raw('COALESCE(u.n, 0) as unread_count'),
  )) as (FeedRow & { unread_count: number | string })[];
  return { rows: rows.map((r) => ({ ...toFeed(r), unreadCount: Number(r.unread_count) })) };
}

export async function queryArticles(
  knex: Knex,
  userId: number,
  q: FeedViewQuery,
): Promise<FeedViewResult<UserArticle>> {
  const qb = shape(visibleArticles(knex, userId), 'articles', 'a.id', q);
  if (q.count) return { count: await countOf(qb) };
  const rows = (await qb.select(...USER_ARTICLE_COLUMNS)) as UserArticleRow[];
  return { rows: rows.map(toUserArticle) };
}
