// RSS feeds and their articles as the read-only webservice modules `Rss` (prefix 41) and
// `RssArticles` (prefix 42), so mobile apps and other vtiger clients list a user's
// news. Everything goes through FeedReadApi: a caller sees their own feeds and the shared ones,
// and those feeds' articles with their own read/starred flags. Values are vtiger strings
// (gateway/rest/README.md §4): datetimes `YYYY-MM-DD HH:MM:SS` (UTC), booleans "0"/"1", references
// as ws ids or "" — a shared feed has no owner.
import { FeedReadApi, type FeedView } from '../../../store/feeds/feed-read-api.js';
import type { UserArticle } from '../../../store/feeds/feed-types.js';
import type { WsRecord } from '../present.js';
import { formatId, USERS_PREFIX } from '../ws-ids.js';
import { virtualField as field, type VirtualCall, type VirtualModule } from './virtual-module.js';

export const RSS_PREFIX = 41;
export const RSS_ARTICLES_PREFIX = 42;

function api(call: VirtualCall): FeedReadApi {
  return new FeedReadApi(call.store.db.knex);
}

/** Store times carry milliseconds; vtiger sends whole seconds. */
function time(value: string | null): string {
  return value === null ? '' : value.slice(0, 19);
}

function flag(value: boolean): string {
  return value ? '1' : '0';
}

function presentFeed(f: FeedView): WsRecord {
  return {
    title: f.title,
    url: f.url,
    site_url: f.siteUrl ?? '',
    folder: f.folder ?? '',
    owner_id: f.ownerUserId === null ? '' : formatId(USERS_PREFIX, f.ownerUserId),
    shared: flag(f.shared),
    enabled: flag(f.enabled),
    refresh_seconds: String(f.refreshSeconds),
    unread_count: String(f.unreadCount),
    error_count: String(f.errorCount),
    last_error: f.lastError ?? '',
    last_fetched: time(f.lastFetchedAt),
    createdtime: time(f.createdAt),
    modifiedtime: time(f.updatedAt),
    id: formatId(RSS_PREFIX, f.id),
  };
}

function presentArticle(a: UserArticle): WsRecord {
  return {
    title: a.title,
    link: a.link ?? '',
    author: a.author ?? '',
    published: time(a.publishedAt),
    updated: time(a.updatedAt),
    summary: a.summary ?? '',
    content: a.content ?? '',
    feed_id: formatId(RSS_PREFIX, a.feedId),
    read: flag(a.read),
    starred: flag(a.starred),
    createdtime: time(a.firstSeenAt),
    modifiedtime: time(a.changedAt),
    id: formatId(RSS_ARTICLES_PREFIX, a.id),
  };
}

const STAMPS = [
  field('createdtime', 'Created Time', 'datetime'),
  field('modifiedtime', 'Modified Time', 'datetime'),
];

export const Rss: VirtualModule = {
  name: 'Rss',
  label: 'RSS Feeds',
  singular: 'RSS Feed',
  idPrefix: RSS_PREFIX,
  idLabel: 'rssid',
  labelFields: ['title'],
  fields: [
    field('title', 'Title', 'string'),
    field('url', 'Feed URL', 'url'),
    field('site_url', 'Site URL', 'url'),
    field('folder', 'Folder', 'string'),
    field('owner_id', 'Owner', 'reference', { refersTo: ['Users'] }),
    field('shared', 'Shared', 'boolean'),
    field('enabled', 'Enabled', 'boolean'),
    field('refresh_seconds', 'Refresh Interval (s)', 'integer'),
    field('unread_count', 'Unread Articles', 'integer'),
    field('error_count', 'Errors in a Row', 'integer'),
    field('last_error', 'Last Error', 'text'),
    field('last_fetched', 'Last Fetched', 'datetime'),
    ...STAMPS,
  ],
  async retrieve(call, id) {
    const feed = await api(call).getFeed(call.actor.userId, id);
    return feed ? presentFeed(feed) : null;
  },
  async query(call, q) {
    const result = await api(call).queryFeeds(call.actor.userId, q);
    return 'count' in result ? result.count : result.rows.map(presentFeed);
  },
};

export const RssArticles: VirtualModule = {
  name: 'RssArticles',
  label: 'RSS Articles',
  singular: 'RSS Article',
  idPrefix: RSS_ARTICLES_PREFIX,
  idLabel: 'rssarticleid',
  labelFields: ['title'],
  fields: [
    field('title', 'Title', 'string'),
    field('link', 'Link', 'url'),
    field('author', 'Author', 'string'),
    field('published', 'Published', 'datetime'),
    field('updated', 'Updated', 'datetime'),
    field('summary', 'Summary', 'text'),
    field('content', 'Content', 'text'),
    field('feed_id', 'Feed', 'reference', { refersTo: ['Rss'] }),
    field('read', 'Read', 'boolean'),
    field('starred', 'Starred', 'boolean'),
    ...STAMPS,
  ],
  async retrieve(call, id) {
    const article = await api(call).getArticle(call.actor.userId, id);
    return article ? presentArticle(article) : null;
  },
  async query(call, q) {
    const result = await api(call).queryArticles(call.actor.userId, q);
    return 'count' in result ? result.count : result.rows.map(presentArticle);
  },
};
