// Console routes of feeds: every logged-in user follows feeds, reads and stars
// articles; admins also add and manage the shared feeds. Fetching on "Add" and "Fetch now" runs
// in the request, bounded by the feed timeout and discovery budget; the job does the rest.
import type Router from '@koa/router';
import { FeedService, feedUserAgent } from '../../../adapters/rss/feed-service.js';
import { GatewayError } from '../../../store/errors.js';
import type { Feed } from '../../../store/feeds/feed-types.js';
import type { ConsoleContext, ConsoleCtxState } from '../../middleware/console-session.js';
import { VERSION } from '../../version.js';
import type { ConsoleDeps } from '../deps.js';
import { idOf } from '../form.js';
import {
  ARTICLE_CONTENT_CSP,
  articleContentDocument,
  articlePage,
} from '../pages/feeds-article.js';
import { canManage, feedsPage, type ArticleFilter } from '../pages/feeds.js';
import { page, redirect, requireUser } from './respond.js';

const PAGE_SIZE = 50;

function filterOf(value: string | undefined): ArticleFilter {
  return value === 'unread' || value === 'starred' ? value : 'all';
}

function positive(value: string | undefined): number | null {
  return value !== undefined && /^\d{1,9}$/.test(value) && Number(value) > 0 ? Number(value) : null;
}

/** Only this page's own addresses are followed back after an action (no open redirect). */
function backTo(ctx: ConsoleContext): string {
  const back = ctx.state.form?.get('back') ?? '';
  return /^\/console\/feeds(?:[/?][A-Za-z0-9/?&=_-]*)?$/.test(back) ? back : '/console/feeds';
}

async function visibleFeed(service: FeedService, ctx: ConsoleContext): Promise<Feed> {
  const { user } = requireUser(ctx);
  const feed = await service.feeds.get(idOf(ctx.params.id ?? '', 'Feed'));
  if (!feed || !(feed.shared || feed.ownerUserId === user.id))
    throw new GatewayError('not_found', 'There is no such feed');
  return feed;
}

async function showList(service: FeedService, ctx: ConsoleContext): Promise<void> {
  const { user } = requireUser(ctx);
  const query = ctx.query as Record<string, string | undefined>;
  const filter = filterOf(query.filter);
  const feedId = positive(query.feed);
  const pageNo = positive(query.page) ?? 1;
  const articleQuery = {
    ...(feedId !== null ? { feedId } : {}),
    unreadOnly: filter === 'unread',
    starredOnly: filter === 'starred',
  };
  const [feeds, unread, articles, total] = await Promise.all([
    service.feeds.listVisible(user.id),
    service.feeds.unreadCounts(user.id),
    service.articles.list(user.id, {
      ...articleQuery,
      unreadFirst: true,
      limit: PAGE_SIZE,
      offset: (pageNo - 1) * PAGE_SIZE,
    }),
    service.articles.count(user.id, articleQuery),
  ]);
  page(
    ctx,
    'Feeds',
    feedsPage({
      feeds,
      unread,
      articles,
      total,
      page: pageNo,
      pageSize: PAGE_SIZE,
      filter,
      feedId,
      userId: user.id,
      isAdmin: user.isAdmin,
      csrf: ctx.state.console.csrfToken,
      back: ctx.originalUrl,
    }),
  );
}

async function addFeed(service: FeedService, ctx: ConsoleContext): Promise<void> {
  const { user } = requireUser(ctx);
  const form = ctx.state.form;
  const shared = form?.get('shared') === '1';
  if (shared && !user.isAdmin)
    throw new GatewayError('forbidden', 'Only administrators add shared feeds');
  try {
    const { feed, outcome } = await service.subscribe({
      url: form?.get('url') ?? '',
      ownerUserId: shared ? null : user.id,
      title: form?.get('title'),
      folder: form?.get('folder'),
      createdBy: user.id,
    });
    redirect(ctx, `/console/feeds?feed=${feed.id}`, {
      kind: 'ok',
      text: `Following ${feed.title} (${feed.url}): ${outcome.created} articles.`,
    });
  } catch (err) {
    if (!(err instanceof GatewayError) || err.kind === 'internal') throw err;
    redirect(ctx, '/console/feeds', {
      kind: 'error',
      text: `The feed was not added: ${err.message}`,
    });
  }
}

async function feedAction(service: FeedService, ctx: ConsoleContext): Promise<void> {
  const { user } = requireUser(ctx);
  const feed = await visibleFeed(service, ctx);
  const verb = ctx.params.verb;
  if (verb === 'fetch') {
    const outcome = await service.refresh(feed.id);
    const text =
      outcome.result === 'failed'
        ? `${feed.title}: ${outcome.error ?? 'failed'}`
        : outcome.result === 'not_modified'
          ? `${feed.title} has not changed (304).`
          : `${feed.title}: ${outcome.created} new, ${outcome.updated} changed articles.`;
    return redirect(ctx, `/console/feeds?feed=${feed.id}`, {
      kind: outcome.result === 'failed' ? 'error' : 'ok',
      text,
    });
  }
  if (verb === 'read-all') {
    const n = await service.articles.markFeedRead(user.id, feed.id);
    return redirect(ctx, `/console/feeds?feed=${feed.id}`, {
      kind: 'ok',
      text: `${n} articles of ${feed.title} marked read.`,
    });
  }
  if (!canManage(feed, user.id, user.isAdmin))
    throw new GatewayError('forbidden', 'Only administrators change shared feeds');
  if (verb === 'toggle') {
    await service.feeds.update(feed.id, { enabled: !feed.enabled });
    return redirect(ctx, '/console/feeds', {
      kind: 'ok',
      text: `${feed.title} is now ${feed.enabled ? 'disabled' : 'enabled'}.`,
    });
  }
  if (verb === 'delete') {
    await service.feeds.remove(feed.id);
    return redirect(ctx, '/console/feeds', { kind: 'ok', text: `${feed.title} was deleted.` });
  }
  throw new GatewayError('not_found', 'Unknown feed action');
}

const ARTICLE_VERBS: Record<string, readonly ['read' | 'starred', boolean]> = {
  read: ['read', true],
  unread: ['read', false],
  star: ['starred', true],
  unstar: ['starred', false],
};

async function articleAction(service: FeedService, ctx: ConsoleContext): Promise<void> {
  const { user } = requireUser(ctx);
  const change = ARTICLE_VERBS[ctx.params.verb ?? ''];
  if (!change) throw new GatewayError('not_found', 'Unknown article action');
  const done = await service.articles.setFlag(
    user.id,
    idOf(ctx.params.id ?? '', 'Article'),
    change[0],
    change[1],
  );
  if (!done) throw new GatewayError('not_found', 'There is no such article');
  redirect(ctx, backTo(ctx));
}

export function feedRoutes(router: Router<ConsoleCtxState>, deps: ConsoleDeps): void {
  const service = new FeedService(deps.store.db.knex, deps.config, {
    userAgent: feedUserAgent(VERSION),
  });
  router.get('/console/feeds', (ctx) => showList(service, ctx));
  router.post('/console/feeds', (ctx) => addFeed(service, ctx));
  router.post('/console/feeds/:id/:verb', (ctx) => feedAction(service, ctx));
  router.post('/console/feeds/articles/:id/:verb', (ctx) => articleAction(service, ctx));
  router.get('/console/feeds/articles/:id', async (ctx) => {
    const { user } = requireUser(ctx);
    const id = idOf(ctx.params.id ?? '', 'Article');
    // Opening an article reads it, as in every feed reader; "Mark unread" undoes it.
    if (!(await service.articles.setFlag(user.id, id, 'read', true)))
      throw new GatewayError('not_found', 'There is no such article');
    const article = await service.articles.get(user.id, id);
    if (!article) throw new GatewayError('not_found', 'There is no such article');
    page(
      ctx,
      article.title === '' ? '(untitled)' : article.title,
      articlePage(article, ctx.state.console.csrfToken),
    );
  });
  router.get('/console/feeds/articles/:id/content', async (ctx) => {
    const { user } = requireUser(ctx);
    const article = await service.articles.get(user.id, idOf(ctx.params.id ?? '', 'Article'));
    if (!article) throw new GatewayError('not_found', 'There is no such article');
    // Replaces the console's headers for this one framed document (see pages/feeds-article.ts).
    ctx.set('Content-Security-Policy', ARTICLE_CONTENT_CSP);
    ctx.set('X-Frame-Options', 'SAMEORIGIN');
    ctx.set('Referrer-Policy', 'no-referrer');
    ctx.type = 'text/html; charset=utf-8';
    ctx.body = articleContentDocument(article);
  });
}
