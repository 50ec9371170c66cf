// Domain types of RSS / Atom feeds (adapters/rss/README.md §5). Row shapes stay in
// feed-rows.ts; these are what the console, the command line and the REST layer see.

export interface Feed {
  readonly id: number;
  /** The owning user; null for a shared feed an admin set up for everyone. */
  readonly ownerUserId: number | null;
  readonly shared: boolean;
  readonly url: string;
  readonly siteUrl: string | null;
  /** What to show: the user's title, else the document's, else the URL. */
  readonly title: string;
  readonly customTitle: string | null;
  readonly docTitle: string | null;
  readonly folder: string | null;
  readonly refreshSeconds: number;
  readonly enabled: boolean;
  readonly etag: string | null;
  readonly lastModified: string | null;
  readonly lastStatus: number | null;
  readonly lastFetchedAt: string | null;
  readonly lastSuccessAt: string | null;
  readonly lastParsedAt: string | null;
  readonly nextCheckAt: string;
  readonly errorCount: number;
  readonly lastError: string | null;
  /** Conditional GETs answered 304 Not Modified since the feed was added. */
  readonly notModifiedCount: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface FeedInput {
  readonly url: string;
  /** null: a shared feed (admins only; the caller checks). */
  readonly ownerUserId: number | null;
  readonly title?: string | null;
  readonly folder?: string | null;
  readonly refreshSeconds: number;
  readonly createdBy?: number | null;
}

export interface FeedChange {
  readonly title?: string | null;
  readonly folder?: string | null;
  readonly refreshSeconds?: number;
  readonly enabled?: boolean;
}

export interface Enclosure {
  readonly url: string;
  readonly type: string | null;
  readonly length: number | null;
}

/** One parsed, sanitised entry ready to be stored; dedupeKey and contentHash are sha256 hex. */
export interface ArticleInput {
  readonly dedupeKey: string;
  readonly guid: string | null;
  readonly link: string | null;
  readonly title: string;
  readonly author: string | null;
  readonly publishedAt: string | null;
  readonly updatedAt: string | null;
  readonly summary: string | null;
  readonly content: string | null;
  readonly enclosures: readonly Enclosure[];
  readonly contentHash: string;
}

/** A stored article; summary and content are sanitised HTML (allow-list), safe to render in a page with the console's CSP. */
export interface Article extends Omit<ArticleInput, 'dedupeKey' | 'contentHash'> {
  readonly id: number;
  readonly feedId: number;
  readonly firstSeenAt: string;
  readonly changedAt: string;
}

/** An article as one user sees it: with the feed's title and that user's own flags. */
export interface UserArticle extends Article {
  readonly feedTitle: string;
  readonly read: boolean;
  readonly starred: boolean;
}

export interface ArticleQuery {
  readonly feedId?: number;
  readonly unreadOnly?: boolean;
  readonly starredOnly?: boolean;
  /** Only articles changed at or after this store timestamp (incremental clients). */
  readonly changedSince?: string;
  readonly limit?: number;
  readonly offset?: number;
}

export interface UpsertCounts {
  readonly created: number;
  readonly updated: number;
  readonly unchanged: number;
}
