// Parsed items → rows to store (adapters/rss/README.md §5.2 "Dedupe key per feed"): the
// guid, with the link added when a guid repeats inside one document; else the link; else a hash
// of title and content. A content hash over every stored field tells an edited entry from an
// unchanged one. HTML is sanitised here, before anything reaches the store.
import { createHash } from 'node:crypto';
import type { ArticleInput, Enclosure } from '../../store/feeds/feed-types.js';
import type { ParsedFeed, ParsedItem } from './normalise.js';
import { sanitizeArticleHtml } from './sanitize.js';

const MAX_TITLE = 1000;

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

function absolute(url: string | null, base: string): string | null {
  if (url === null) return null;
  try {
    const resolved = new URL(url, base);
    return resolved.protocol === 'http:' || resolved.protocol === 'https:' ? resolved.href : null;
  } catch {
    return null;
  }
}

/** Store timestamp of a feed date; a date in the future is clamped to now so it cannot pin itself on top. */
export function feedDate(raw: string | null, now: Date): string | null {
  if (raw === null) return null;
  const ms = Date.parse(raw);
  if (Number.isNaN(ms) || ms < Date.UTC(1970, 0, 2)) return null;
  return new Date(Math.min(ms, now.getTime())).toISOString().replace('T', ' ').replace('Z', '');
}

function dedupeSource(
  item: ParsedItem,
  link: string | null,
  repeatedGuids: ReadonlySet<string>,
  content: string | null,
): string {
  if (item.guid !== null)
    return repeatedGuids.has(item.guid) ? `guid:${item.guid}|${link ?? ''}` : `guid:${item.guid}`;
  if (link !== null) return `link:${link}`;
  return `hash:${sha256(`${item.title}\n${content ?? item.summaryHtml ?? ''}`)}`;
}

function repeated(items: readonly ParsedItem[]): Set<string> {
  const seen = new Set<string>();
  const twice = new Set<string>();
  for (const { guid } of items) {
    if (guid === null) continue;
    if (seen.has(guid)) twice.add(guid);
    seen.add(guid);
  }
  return twice;
}

function enclosures(list: readonly Enclosure[], base: string): Enclosure[] {
  return list.flatMap((e) => {
    const url = absolute(e.url, base);
    return url === null ? [] : [{ url, type: e.type, length: e.length }];
  });
}

/** `feedUrl` is where the document came from: the base of relative links (RFC 3986 §5.1.3). */
export function toArticleInputs(
  feed: ParsedFeed,
  feedUrl: string,
  now: Date = new Date(),
): ArticleInput[] {
  const repeatedGuids = repeated(feed.items);
  const siteBase = absolute(feed.siteUrl, feedUrl) ?? feedUrl;
  return feed.items.map((item) => {
    const link = absolute(item.link, siteBase);
    const base = link ?? siteBase;
    const summary = item.summaryHtml === null ? null : sanitizeArticleHtml(item.summaryHtml, base);
    const content = item.contentHtml === null ? null : sanitizeArticleHtml(item.contentHtml, base);
    const values = {
      guid: item.guid,
      link,
      title: item.title.slice(0, MAX_TITLE),
      author: item.author?.slice(0, 200) ?? null,
      publishedAt: feedDate(item.published, now),
      updatedAt: feedDate(item.updated, now),
      summary: summary === '' ? null : summary,
      content: content === '' ? null : content,
      enclosures: enclosures(item.enclosures, base),
    };
    return {
      ...values,
      dedupeKey: sha256(dedupeSource(item, link, repeatedGuids, content)),
      contentHash: sha256(JSON.stringify(values)),
    };
  });
}
