// The Feeds page: follow a feed by its URL or a site's page, each feed's health
// (last fetch, errors, last error, next check), and the articles, unread first. Every value is
// escaped by the html tag; article bodies are not shown here but on the article page.
import { htmlToText } from '../../../adapters/rss/sanitize.js';
import type { Feed, UserArticle } from '../../../store/feeds/feed-types.js';
import { html, type SafeHtml } from '../views/html.js';
import { when } from '../views/format.js';
import { csrfField } from '../views/layout.js';

export type ArticleFilter = 'all' | 'unread' | 'starred';

export interface FeedsView {
  readonly feeds: readonly Feed[];
  readonly unread: ReadonlyMap<number, number>;
  readonly articles: readonly UserArticle[];
  readonly total: number;
  readonly page: number;
  readonly pageSize: number;
  readonly filter: ArticleFilter;
  readonly feedId: number | null;
  readonly userId: number;
  readonly isAdmin: boolean;
  readonly csrf: string;
  /** This page's own address, where article actions return to. */
  readonly back: string;
}

export function canManage(feed: Feed, userId: number, isAdmin: boolean): boolean {
  return isAdmin || feed.ownerUserId === userId;
}

function listUrl(view: Pick<FeedsView, 'feedId' | 'filter'>, page = 1): string {
  const params = new URLSearchParams();
  if (view.feedId !== null) params.set('feed', String(view.feedId));
  if (view.filter !== 'all') params.set('filter', view.filter);
  if (page > 1) params.set('page', String(page));
  const query = params.toString();
  return `/console/feeds${query ? `?${query}` : ''}`;
}

function addForm(view: FeedsView): SafeHtml {
  const shared = view.isAdmin
    ? html`<label class="check"><input type="checkbox" name="shared" value="1"> Shared with every user</label>`
    : '';
  return html`<form method="post" action="/console/feeds" class="form" id="add-feed">${csrfField(view.csrf)}
<label>Feed or site address<input type="url" name="url" required placeholder="https://example.com/ or https://example.com/feed.xml"></label>
<label>Title (optional)<input type="text" name="title" maxlength="200"></label>
<label>Folder (optional)<input type="text" name="folder" maxlength="100"></label>${shared}
<button type="submit">Add feed</button></form>`;
}

function action(
  path: string,
  csrf: string,
  label: string,
  cls = 'secondary',
  confirm?: string,
): SafeHtml {
  const confirmAttr = confirm ? html` data-confirm="${confirm}"` : '';
  return html`<form method="post" action="${path}" class="inline"${confirmAttr}>${csrfField(csrf)}<button type="submit" class="${cls}">${label}</button></form>`;
}

function health(feed: Feed): SafeHtml {
  if (!feed.enabled) return html`<span class="muted">disabled</span>`;
  if (feed.errorCount > 0)
    return html`<span class="bad">${feed.errorCount} error${feed.errorCount === 1 ? '' : 's'}</span>`;
  if (feed.lastFetchedAt === null) return html`<span class="muted">not fetched yet</span>`;
  return html`<span class="good">ok</span>`;
}

function feedRow(feed: Feed, view: FeedsView): SafeHtml {
  const base = `/console/feeds/${feed.id}`;
  const manage = canManage(feed, view.userId, view.isAdmin)
    ? html` ${action(`${base}/toggle`, view.csrf, feed.enabled ? 'Disable' : 'Enable')} ${action(`${base}/delete`, view.csrf, 'Delete', 'danger', `Stop following ${feed.title} and delete its articles?`)}`
    : '';
  return html`<tr data-feed="${feed.id}"><td><a href="${listUrl({ feedId: feed.id, filter: view.filter })}">${feed.title}</a>
<div class="muted">${feed.url}</div>${feed.shared ? html`<div class="muted">shared</div>` : ''}</td>
<td>${feed.folder ?? ''}</td><td data-field="unread">${view.unread.get(feed.id) ?? 0}</td><td data-field="health">${health(feed)}</td>
<td>${when(feed.lastFetchedAt)}${feed.lastStatus !== null ? html`<div class="muted">HTTP ${feed.lastStatus}</div>` : ''}</td>
<td>${feed.enabled ? when(feed.nextCheckAt) : '—'}</td><td data-field="not-modified">${feed.notModifiedCount}</td>
<td class="bad" data-field="error">${feed.lastError ?? ''}</td>
<td>${action(`${base}/fetch`, view.csrf, 'Fetch now')} ${action(`${base}/read-all`, view.csrf, 'Mark all read')}${manage}</td></tr>`;
}

function feedsTable(view: FeedsView): SafeHtml {
  if (view.feeds.length === 0) return html`<p class="muted">You follow no feeds yet.</p>`;
  return html`<div class="table-wrap"><table id="feeds"><tr><th>Feed</th><th>Folder</th><th>Unread</th><th>Health</th><th>Last fetch</th><th>Next check</th><th>304s</th><th>Last error</th><th></th></tr>
${view.feeds.map((f) => feedRow(f, view))}</table></div>`;
}

export function excerpt(article: UserArticle, length = 240): string {
  const text = htmlToText(article.summary ?? article.content ?? '');
  return text.length > length ? `${text.slice(0, length - 1)}…` : text;
}

export function articleActions(article: UserArticle, csrf: string, back: string): SafeHtml {
  const verb = (name: string, label: string): SafeHtml =>
    html`<form method="post" action="/console/feeds/articles/${article.id}/${name}" class="inline">${csrfField(csrf)}<input type="hidden" name="back" value="${back}"><button type="submit" class="secondary">${label}</button></form>`;
  return html`${article.read ? verb('unread', 'Mark unread') : verb('read', 'Mark read')} ${article.starred ? verb('unstar', 'Unstar') : verb('star', 'Star')}`;
}

function articleRow(article: UserArticle, view: FeedsView): SafeHtml {
  const title = article.title === '' ? '(untitled)' : article.title;
  return html`<tr data-article="${article.id}" data-read="${article.read ? '1' : '0'}" data-starred="${article.starred ? '1' : '0'}">
<td>${article.starred ? html`<span title="Starred" aria-label="Starred">★</span>` : ''}</td>
<td>${article.read ? html`<a href="/console/feeds/articles/${article.id}">${title}</a>` : html`<strong><a href="/console/feeds/articles/${article.id}">${title}</a></strong>`}
<div class="muted">${excerpt(article)}</div></td>
<td>${article.feedTitle}${article.author ? html`<div class="muted">${article.author}</div>` : ''}</td><td>${when(article.publishedAt ?? article.firstSeenAt)}</td>
<td>${articleActions(article, view.csrf, view.back)}</td></tr>`;
}

function filters(view: FeedsView): SafeHtml {
  const link = (filter: ArticleFilter, label: string): SafeHtml =>
    view.filter === filter
      ? html`<strong>${label}</strong>`
      : html`<a href="${listUrl({ feedId: view.feedId, filter })}">${label}</a>`;
  const feed = view.feeds.find((f) => f.id === view.feedId);
  const scope = feed
    ? html` · in ${feed.title} (<a href="${listUrl({ feedId: null, filter: view.filter })}">all feeds</a>)`
    : '';
  return html`<p class="filters">${link('all', 'All')} ${link('unread', 'Unread')} ${link('starred', 'Starred')}${scope}</p>`;
}

function pager(view: FeedsView): SafeHtml {
  const pages = Math.max(1, Math.ceil(view.total / view.pageSize));
  if (pages === 1) return html``;
  const prev = view.page > 1 ? html`<a href="${listUrl(view, view.page - 1)}">Newer</a>` : '';
  const next = view.page < pages ? html`<a href="${listUrl(view, view.page + 1)}">Older</a>` : '';
  return html`<p>${prev} Page ${view.page} of ${pages} ${next}</p>`;
}

export function feedsPage(view: FeedsView): SafeHtml {
  const articles =
    view.articles.length === 0
      ? html`<p class="muted">No articles${view.filter === 'all' ? '' : ` (${view.filter})`}.</p>`
      : html`<div class="table-wrap"><table id="articles"><tr><th></th><th>Article</th><th>Feed</th><th>Published</th><th></th></tr>
${view.articles.map((a) => articleRow(a, view))}</table></div>${pager(view)}`;
  return html`<h2>Follow a feed</h2>${addForm(view)}<h2>Feeds</h2>${feedsTable(view)}<h2>Articles</h2>${filters(view)}${articles}`;
}
