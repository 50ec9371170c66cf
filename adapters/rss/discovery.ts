// Finding the feed behind a site's page (adapters/rss/README.md §5.1 Miniflux
// subscription/finder.go): the URL itself when it is a feed; else the page's <link rel="alternate">
// to a feed type (skipping /wp-json/), resolved against the final URL; else the well-known paths at
// the root and in the page's directory. Every probe goes through the same guarded fetch, and the
// whole search has one time budget so a slow site cannot hold the request or job.
import sanitizeHtml from 'sanitize-html';
import { OutboundError } from '../http.js';
import { fetchDocument, type DocumentRequest, type DocumentResult } from './fetch-document.js';
import { FeedError } from './feed-error.js';
import type { ParsedFeed } from './normalise.js';
import { tryParseFeed } from './parse-feed.js';
import type { HttpClient } from '../http.js';

const FEED_TYPES = new Set([
  'application/rss+xml',
  'application/atom+xml',
  'application/feed+json',
  'application/json',
  'application/rdf+xml',
]);
export const WELL_KNOWN_PATHS = [
  'atom.xml',
  'feed.atom',
  'feed.xml',
  'feed/',
  'index.rss',
  'index.xml',
  'rss.xml',
  'rss/',
  'rss/feed.xml',
];
const MAX_CANDIDATES = 24;

export interface Discovered {
  /** The feed's URL to subscribe to (after permanent redirects). */
  readonly url: string;
  readonly document: Extract<DocumentResult, { kind: 'document' }>;
  readonly feed: ParsedFeed;
}

type Limits = Pick<DocumentRequest, 'timeoutMs' | 'maxBytes'> & { readonly budgetMs: number };

/** `<link rel="alternate" type="…feed…" href>` targets of an HTML page, honouring <base href>. */
export function alternateLinks(html: string, pageUrl: string): string[] {
  let base = pageUrl;
  const hrefs: string[] = [];
  const collect = (tag: string, attribs: sanitizeHtml.Attributes): sanitizeHtml.Tag => {
    const rel = (attribs.rel ?? '').toLowerCase().split(/\s+/);
    const type = (attribs.type ?? '').toLowerCase().split(';')[0]?.trim() ?? '';
    if (tag === 'base' && attribs.href && URL.canParse(attribs.href, pageUrl))
      base = new URL(attribs.href, pageUrl).href;
    if (tag === 'link' && rel.includes('alternate') && FEED_TYPES.has(type) && attribs.href)
      hrefs.push(attribs.href);
    return { tagName: tag, attribs: {} };
  };
  // sanitize-html's parser (htmlparser2) walks the page; the output is thrown away.
  sanitizeHtml(html, { allowedTags: [], transformTags: { link: collect, base: collect } });
  const urls = hrefs.flatMap((href) => (URL.canParse(href, base) ? [new URL(href, base)] : []));
  return [
    ...new Set(
      urls
        .filter(
          (u) =>
            (u.protocol === 'http:' || u.protocol === 'https:') &&
            !u.pathname.includes('/wp-json/'),
        )
        .map((u) => u.href),
    ),
  ];
}

export function wellKnownCandidates(pageUrl: string): string[] {
  const page = new URL(pageUrl);
  const dirs = new Set([new URL('/', page).href, new URL('./', page).href]);
  return [...dirs].flatMap((dir) => WELL_KNOWN_PATHS.map((p) => new URL(p, dir).href));
}

async function probe(
  http: HttpClient,
  url: string,
  limits: Limits,
  deadline: number,
): Promise<Discovered | null> {
  const timeoutMs = Math.min(limits.timeoutMs, deadline - Date.now());
  if (timeoutMs <= 0) return null;
  try {
    const document = await fetchDocument(http, { url, timeoutMs, maxBytes: limits.maxBytes });
    if (document.kind !== 'document') return null;
    const feed = tryParseFeed(document.body, document.contentType);
    return feed === null ? null : { url: document.permanentUrl, document, feed };
  } catch (err) {
    // A refused address stays refused for every candidate on that host: say so rather than "no feed".
    if (err instanceof OutboundError && (err.code === 'blocked_address' || err.code === 'bad_url'))
      throw err;
    return null;
  }
}

export async function discoverFeed(
  http: HttpClient,
  pageUrl: string,
  limits: Limits,
): Promise<Discovered> {
  const deadline = Date.now() + limits.budgetMs;
  const first = await fetchDocument(http, {
    url: pageUrl,
    timeoutMs: limits.timeoutMs,
    maxBytes: limits.maxBytes,
  });
  if (first.kind !== 'document')
    throw new FeedError('no_feed_found', `${pageUrl} answered 304 without a body`);
  const feed = tryParseFeed(first.body, first.contentType);
  if (feed !== null) return { url: first.permanentUrl, document: first, feed };
  const page = first.body.toString('utf8');
  const candidates = [...alternateLinks(page, first.url), ...wellKnownCandidates(first.url)];
  for (const url of [...new Set(candidates)].slice(0, MAX_CANDIDATES)) {
    const found = await probe(http, url, limits, deadline);
    if (found !== null) return found;
    if (Date.now() >= deadline) break;
  }
  throw new FeedError(
    'no_feed_found',
    `no feed found at ${pageUrl}: it is not a feed, has no <link rel="alternate"> to one, and none of the usual feed paths answered with a feed`,
  );
}
