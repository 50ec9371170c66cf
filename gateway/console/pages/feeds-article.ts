// One article. Its body is sanitised HTML from a third party (adapters/rss/README.md
// §5.4), so it is not mixed into the console's own page: it is served as a separate document at
// …/content and shown in an <iframe sandbox>. That document gets its own CSP (sandbox: an opaque
// origin with no script, even if the sanitiser ever let something through; images over http(s)
// with no referrer). srcdoc was not used: it inherits the console's CSP (img-src 'self'), which
// would hide every article image, and loosening the console's policy would weaken every page.
import { createHash } from 'node:crypto';
import type { UserArticle } from '../../../store/feeds/feed-types.js';
import { html, trusted, type SafeHtml } from '../views/html.js';
import { when } from '../views/format.js';
import { articleActions } from './feeds.js';

const CONTENT_STYLE =
  'body{font:16px/1.55 system-ui,sans-serif;color:#1d2433;margin:0;padding:.25rem .5rem;overflow-wrap:anywhere}img,video{max-width:100%;height:auto}pre{overflow:auto}blockquote{border-left:3px solid #ccd;margin-left:0;padding-left:1rem;color:#445}table{border-collapse:collapse}td,th{border:1px solid #dde;padding:.25rem}';
const STYLE_HASH = createHash('sha256').update(CONTENT_STYLE).digest('base64');

/** The CSP of the article document: no script, no forms, no plugins; only images and media load. */
export const ARTICLE_CONTENT_CSP = [
  "default-src 'none'",
  'img-src https: http: data:',
  'media-src https: http:',
  `style-src 'sha256-${STYLE_HASH}'`,
  'sandbox allow-popups allow-popups-to-escape-sandbox',
  "frame-ancestors 'self'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

function size(bytes: number | null): string {
  if (bytes === null || bytes <= 0) return '';
  return bytes >= 1_048_576
    ? ` (${(bytes / 1_048_576).toFixed(1)} MiB)`
    : ` (${Math.max(1, Math.round(bytes / 1024))} KiB)`;
}

function enclosures(article: UserArticle): SafeHtml {
  if (article.enclosures.length === 0) return html``;
  const items = article.enclosures.map(
    (e) =>
      html`<li><a href="${e.url}" rel="noopener noreferrer nofollow" target="_blank" referrerpolicy="no-referrer">${e.url.split('/').pop() || e.url}</a> <span class="muted">${e.type ?? ''}${size(e.length)}</span></li>`,
  );
  return html`<h2>Attachments</h2><ul class="enclosures">${items}</ul>`;
}

export function articlePage(article: UserArticle, csrf: string): SafeHtml {
  const back = `/console/feeds/articles/${article.id}`;
  const original = article.link
    ? html` · <a href="${article.link}" rel="noopener noreferrer nofollow" target="_blank" referrerpolicy="no-referrer">Open the original</a>`
    : '';
  const body = article.content ?? article.summary;
  const frame = body
    ? html`<iframe class="article-frame" title="Article content" src="/console/feeds/articles/${article.id}/content" sandbox="allow-popups allow-popups-to-escape-sandbox" referrerpolicy="no-referrer" width="100%" height="600" loading="lazy"></iframe>`
    : html`<p class="muted">This entry has no content; open the original to read it.</p>`;
  return html`<p class="muted" data-article="${article.id}">${article.feedTitle}${article.author ? ` · ${article.author}` : ''} · ${when(article.publishedAt ?? article.firstSeenAt)}${original}</p>
<p>${articleActions(article, csrf, back)} <a href="/console/feeds?feed=${article.feedId}">Back to the feed</a></p>
${frame}${enclosures(article)}`;
}

/** The framed document; the article's HTML was sanitised (allow-list) before it was stored. */
export function articleContentDocument(article: UserArticle): string {
  const body = trusted(article.content ?? article.summary ?? '');
  return html`<!doctype html><html><head><meta charset="utf-8"><meta name="referrer" content="no-referrer"><title>${article.title}</title>
<style>${trusted(CONTENT_STYLE)}</style></head><body>${body}</body></html>`.value;
}
