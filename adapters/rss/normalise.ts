// The small normaliser around feedsmith 3.0.1 (adapters/rss/README.md §5.3): its output is
// format-faithful ({format, feed}; Atom text constructs are {value, type}), so each format is
// mapped here to one shape. Text stays raw: titles are made plain and HTML is sanitised later.
import type { AnyFeed, AtomFeed, JsonFeed, RdfFeed, RssFeed } from 'feedsmith';
import type { Enclosure } from '../../store/feeds/feed-types.js';
import { htmlToText, textToHtml } from './sanitize.js';

export interface ParsedItem {
  readonly guid: string | null;
  readonly link: string | null;
  /** Plain text. */
  readonly title: string;
  readonly author: string | null;
  readonly published: string | null;
  readonly updated: string | null;
  /** Unsanitised HTML. */
  readonly summaryHtml: string | null;
  readonly contentHtml: string | null;
  readonly enclosures: readonly Enclosure[];
}

export interface ParsedFeed {
  readonly format: AnyFeed['format'];
  readonly title: string | null;
  readonly siteUrl: string | null;
  /** RSS <ttl> in seconds: how long the publisher asks readers to wait between checks. */
  readonly ttlSeconds: number | null;
  readonly items: readonly ParsedItem[];
}

type Text = AtomFeed.Text | AtomFeed.Content | undefined;

const nonEmpty = (value: string | undefined | null): string | null => {
  const text = value?.trim() ?? '';
  return text === '' ? null : text;
};

/** Atom text constructs (RFC 4287 §3.1): type text is plain, html and xhtml are markup. */
function atomHtml(text: Text): string | null {
  const value = nonEmpty(text?.value);
  if (value === null) return null;
  return text?.type === 'html' || text?.type === 'xhtml' || text?.type?.includes('html')
    ? value
    : textToHtml(value);
}

function atomText(text: Text): string | null {
  const value = nonEmpty(text?.value);
  if (value === null) return null;
  return text?.type === 'html' || text?.type === 'xhtml'
    ? htmlToText(value)
    : value.replace(/\s+/g, ' ');
}

function enclosure(
  url: string | undefined,
  type: string | undefined,
  length: number | undefined,
): Enclosure[] {
  const href = nonEmpty(url);
  return href === null
    ? []
    : [
        {
          url: href,
          type: nonEmpty(type),
          length: typeof length === 'number' && Number.isFinite(length) ? length : null,
        },
      ];
}

function rssItem(item: RssFeed.Item<string>): ParsedItem {
  const guid = nonEmpty(item.guid?.value);
  // A guid that is a permalink (the default, RSS 2.0 §guid) doubles as the link when there is none.
  const permalink =
    guid !== null && item.guid?.isPermaLink !== false && /^https?:\/\//i.test(guid) ? guid : null;
  const description = nonEmpty(item.description);
  return {
    guid,
    link: nonEmpty(item.link) ?? permalink,
    title: htmlToText(item.title ?? ''),
    author:
      nonEmpty(item.authors?.[0]?.name ?? item.authors?.[0]?.email) ??
      nonEmpty(item.dc?.creators?.[0]),
    published: nonEmpty(item.pubDate) ?? nonEmpty(item.dc?.dates?.[0]),
    updated: nonEmpty(item.atom?.updated),
    summaryHtml: description,
    contentHtml: nonEmpty(item.content?.encoded) ?? description,
    enclosures: (item.enclosures ?? []).flatMap((e) => enclosure(e.url, e.type, e.length)),
  };
}

function rdfItem(item: RdfFeed.Item<string>): ParsedItem {
  const description = nonEmpty(item.description);
  return {
    guid: null,
    link: nonEmpty(item.link) ?? nonEmpty(item.rdf?.about),
    title: htmlToText(item.title ?? ''),
    author: nonEmpty(item.dc?.creators?.[0]),
    published: nonEmpty(item.dc?.dates?.[0]),
    updated: null,
    summaryHtml: description,
    contentHtml: nonEmpty(item.content?.encoded) ?? description,
    enclosures: [],
  };
}

function atomLink(links: readonly AtomFeed.Link<string>[] | undefined, rel: string): string | null {
  const found = links?.find((l) => (l.rel ?? 'alternate') === rel && nonEmpty(l.href) !== null);
  return nonEmpty(found?.href);
}

function atomEntry(entry: AtomFeed.Entry<string>): ParsedItem {
  const content = entry.content?.src === undefined ? atomHtml(entry.content) : null;
  const summary = atomHtml(entry.summary);
  return {
    guid: nonEmpty(entry.id),
    link: atomLink(entry.links, 'alternate'),
    title: atomText(entry.title) ?? '',
    author: nonEmpty(entry.authors?.[0]?.name) ?? nonEmpty(entry.dc?.creators?.[0]),
    published: nonEmpty(entry.published) ?? nonEmpty(entry.updated),
    updated: nonEmpty(entry.updated),
    summaryHtml: summary,
    contentHtml: content ?? summary,
    enclosures: (entry.links ?? [])
      .filter((l) => l.rel === 'enclosure')
      .flatMap((l) => enclosure(l.href, l.type, l.length)),
  };
}

function jsonItem(item: JsonFeed.Item<string>): ParsedItem {
  const text = nonEmpty(item.content_text);
  const summary = nonEmpty(item.summary);
  return {
    guid: nonEmpty(item.id === undefined ? undefined : String(item.id)),
    link: nonEmpty(item.url) ?? nonEmpty(item.external_url),
    title: htmlToText(item.title ?? ''),
    author: nonEmpty(item.authors?.[0]?.name),
    published: nonEmpty(item.date_published) ?? nonEmpty(item.date_modified),
    updated: nonEmpty(item.date_modified),
    summaryHtml: summary === null ? null : textToHtml(summary),
    contentHtml: nonEmpty(item.content_html) ?? (text === null ? null : textToHtml(text)),
    enclosures: (item.attachments ?? []).flatMap((a) =>
      enclosure(a.url, a.mime_type, a.size_in_bytes),
    ),
  };
}

function ttlSeconds(ttl: number | undefined): number | null {
  return typeof ttl === 'number' && Number.isFinite(ttl) && ttl > 0 ? Math.round(ttl * 60) : null;
}

export function normalise(parsed: AnyFeed<string>): ParsedFeed {
  switch (parsed.format) {
    case 'rss': {
      const f = parsed.feed;
      return {
        format: 'rss',
        title: nonEmpty(htmlToText(f.title ?? '')),
        siteUrl: nonEmpty(f.link),
        ttlSeconds: ttlSeconds(f.ttl),
        items: (f.items ?? []).map(rssItem),
      };
    }
    case 'rdf': {
      const f = parsed.feed;
      return {
        format: 'rdf',
        title: nonEmpty(htmlToText(f.title ?? '')),
        siteUrl: nonEmpty(f.link),
        ttlSeconds: null,
        items: (f.items ?? []).map(rdfItem),
      };
    }
    case 'atom': {
      const f = parsed.feed;
      return {
        format: 'atom',
        title: atomText(f.title),
        siteUrl: atomLink(f.links, 'alternate'),
        ttlSeconds: null,
        items: (f.entries ?? []).map(atomEntry),
      };
    }
    case 'json': {
      const f = parsed.feed;
      return {
        format: 'json',
        title: nonEmpty(htmlToText(f.title ?? '')),
        siteUrl: nonEmpty(f.home_page_url),
        ttlSeconds: null,
        items: (f.items ?? []).map(jsonItem),
      };
    }
  }
}
