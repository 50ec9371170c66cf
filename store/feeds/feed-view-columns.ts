// The columns API clients may filter and sort feeds and articles by (REST modules `Rss`
// and `RssArticles`). Names are the webservice field names; each maps to a fixed SQL expression
// over the aliases of feed-query.ts (f = feeds, a = feed_articles, s = the caller's
// feed_article_states row, u = the caller's unread counts). No caller text ever becomes SQL: a
// name missing here is vtiger's ACCESS_DENIED "Permission to access <f> attribute denied.".
import type { Knex } from 'knex';
import { accessDenied } from '../records/query-fields.js';
import { SHARED_OWNER } from './feed-rows.js';

/** A boolean condition as SQL with its bound values. */
export interface Predicate {
  readonly sql: string;
  readonly bindings: readonly Knex.Value[];
}

export type ViewColumn =
  | {
      readonly kind: 'integer' | 'text' | 'datetime';
      /** A fixed expression; datetimes are `YYYY-MM-DD HH:MM:SS.mmm` text (store/db.ts nowUtc). */
      readonly sql: string;
      readonly nullable: boolean;
    }
  | {
      readonly kind: 'boolean';
      /** The rows where the flag has this value: a missing flag row reads as false. */
      readonly is: (value: boolean) => Predicate;
    };

export type ViewName = 'feeds' | 'articles';

const integer = (sql: string, nullable = false): ViewColumn => ({ kind: 'integer', sql, nullable });
const text = (sql: string, nullable = true): ViewColumn => ({ kind: 'text', sql, nullable });
const datetime = (sql: string, nullable = true): ViewColumn => ({
  kind: 'datetime',
  sql,
  nullable,
});

/** A stored boolean; `missingIsFalse` for the per-user flags, which have no row until first set. */
function flag(column: string, missingIsFalse: boolean): ViewColumn {
  return {
    kind: 'boolean',
    is: (value) =>
      !value && missingIsFalse
        ? { sql: `(${column} IS NULL OR ${column} = ?)`, bindings: [false] }
        : { sql: `${column} = ?`, bindings: [value] },
  };
}

const SHARED: ViewColumn = {
  kind: 'boolean',
  is: (value) => ({ sql: `f.owner_key ${value ? '=' : '<>'} ?`, bindings: [SHARED_OWNER] }),
};

const FEED_COLUMNS: ReadonlyMap<string, ViewColumn> = new Map([
  ['id', integer('f.id')],
  // What the console shows: the user's title, else the document's, else the URL (feed-rows toFeed).
  ['title', text('COALESCE(f.title, f.doc_title, f.url)', false)],
  ['url', text('f.url', false)],
  ['site_url', text('f.site_url')],
  ['folder', text('f.folder')],
  ['owner_id', integer('f.owner_user_id', true)],
  ['shared', SHARED],
  ['enabled', flag('f.enabled', false)],
  ['refresh_seconds', integer('f.refresh_seconds')],
  ['unread_count', integer('COALESCE(u.n, 0)')],
  ['error_count', integer('f.error_count')],
  ['last_error', text('f.last_error')],
  ['last_fetched', datetime('f.last_fetched_at')],
  ['createdtime', datetime('f.created_at', false)],
  ['modifiedtime', datetime('f.updated_at', false)],
]);

const ARTICLE_COLUMNS: ReadonlyMap<string, ViewColumn> = new Map([
  ['id', integer('a.id')],
  ['title', text('a.title', false)],
  ['link', text('a.link')],
  ['author', text('a.author')],
  ['published', datetime('a.published_at')],
  ['updated', datetime('a.updated_at')],
  ['summary', text('a.summary')],
  ['content', text('a.content')],
  ['feed_id', integer('a.feed_id')],
  ['read', flag('s.is_read', true)],
  ['starred', flag('s.starred', true)],
  ['createdtime', datetime('a.first_seen_at', false)],
  ['modifiedtime', datetime('a.changed_at', false)],
]);

/** Field names of a view, in presentation order (the REST modules check theirs against these). */
export function viewFields(view: ViewName): readonly string[] {
  return [...(view === 'feeds' ? FEED_COLUMNS : ARTICLE_COLUMNS).keys()];
}

export function viewColumn(view: ViewName, name: string): ViewColumn {
  const column = (view === 'feeds' ? FEED_COLUMNS : ARTICLE_COLUMNS).get(name);
  if (!column) throw accessDenied(name);
  return column;
}
