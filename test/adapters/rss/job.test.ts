// The 'feeds.fetch' job on the real JobWorker: due feeds only, a bounded number at once, hostile
// feeds recorded on the feed while the others go on, and a worker that never hangs. Also the
// store side: retention keeps starred articles, read/starred flags are per user, shared feeds.
import test from 'ava';
import {
  FEED_FETCH_JOB,
  FEED_PRUNE_JOB,
  registerFeedJobs,
} from '../../../adapters/rss/feed-job.js';
import { FeedReadApi } from '../../../store/feeds/feed-read-api.js';
import { JobWorker } from '../../../store/jobs/worker.js';
import { startFeedServer } from './feed-server.js';
import { storeTest } from '../../helpers/databases.js';
import { later, serviceFixture, serviceOver } from './service-fixture.js';

test('the job fetches due feeds with bounded concurrency; hostile ones fail alone; the worker stays bounded', async (t) => {
  t.timeout(30_000);
  const srv = await startFeedServer(t);
  const { store, service, aliceId, clock } = await serviceFixture(
    t,
    { feedTimeoutMs: 1500, feedFetchConcurrency: 3, feedMaxBytes: 512 * 1024 },
    { errorBackoffSeconds: 900 },
  );
  const good = [];
  for (let i = 0; i < 7; i++)
    good.push(
      await service.feeds.create(
        {
          url: `${srv.origin}/delayed/${i}/rss-2.0.xml`,
          ownerUserId: aliceId,
          refreshSeconds: 600,
        },
        clock.now,
      ),
    );
  const hostile = [
    '/status/500',
    '/slow',
    '/huge',
    '/loop',
    '/bomb',
    '/feeds/xxe.xml',
    '/feeds/malformed.xml',
    '/feeds/billion-laughs.xml',
  ];
  for (const path of hostile)
    await service.feeds.create(
      { url: `${srv.origin}${path}`, ownerUserId: aliceId, refreshSeconds: 600 },
      clock.now,
    );

  const worker = new JobWorker(store.jobs, { clock: () => clock.now, stopTimeoutMs: 2000 });
  const runs: number[] = [];
  await registerFeedJobs(worker, service, (summary) => runs.push(summary.feeds));
  const started = Date.now();
  t.is(await worker.runOnce(), 2, 'feeds.fetch and feeds.prune were due');
  t.true(Date.now() - started < 15_000, `one run took ${Date.now() - started} ms`);
  t.deepEqual(runs, [15]);
  t.is(srv.maxInFlight(), 3, 'never more than feedFetchConcurrency at once');
  t.is((await store.jobs.get(FEED_FETCH_JOB))?.status, 'ok', 'failing feeds do not fail the job');
  t.is((await store.jobs.get(FEED_PRUNE_JOB))?.status, 'ok');

  const feeds = await service.feeds.listVisible(aliceId);
  const byUrl = new Map(feeds.map((f) => [f.url.slice(srv.origin.length), f]));
  t.true(good.every((g) => (byUrl.get(g.url.slice(srv.origin.length))?.errorCount ?? -1) === 0));
  for (const path of hostile.filter((p) => p !== '/feeds/billion-laughs.xml')) {
    const feed = byUrl.get(path);
    t.is(feed?.errorCount, 1, path);
    t.truthy(feed?.lastError, path);
  }
  t.is(
    byUrl.get('/feeds/billion-laughs.xml')?.errorCount,
    0,
    'entities left unexpanded: harmless text',
  );
  t.regex(byUrl.get('/slow')?.lastError ?? '', /timed out/);
  t.regex(byUrl.get('/huge')?.lastError ?? '', /too large/);

  // Nothing is due now: the next run fetches nothing.
  await store.jobs.runNow(FEED_FETCH_JOB, clock.now);
  await worker.runOnce();
  t.deepEqual(runs, [15, 0]);
  later(clock, 601);
  await store.jobs.runNow(FEED_FETCH_JOB, clock.now);
  await worker.runOnce();
  t.is(
    runs[2],
    8,
    'after the interval the 8 healthy feeds are due; the failed ones wait for their 15 min backoff',
  );
  t.true(srv.notModified() >= 7);
});

test('stopping the worker during a fetch does not hang', async (t) => {
  t.timeout(20_000);
  const srv = await startFeedServer(t);
  const { store, service, aliceId } = await serviceFixture(t, { feedTimeoutMs: 2000 });
  for (let i = 0; i < 4; i++)
    await service.feeds.create(
      { url: `${srv.origin}/slow?${i}`, ownerUserId: aliceId, refreshSeconds: 600 },
      new Date(0),
    );
  const worker = new JobWorker(store.jobs, { pollMs: 20, stopTimeoutMs: 5000 });
  await registerFeedJobs(worker, service);
  worker.start();
  await new Promise((resolve) => setTimeout(resolve, 300));
  const started = Date.now();
  await worker.stop();
  t.true(Date.now() - started < 4000, `stop took ${Date.now() - started} ms`);
});

storeTest(
  'retention prunes old articles that left the feed, keeping starred ones and those still listed',
  async (t, ts) => {
    t.timeout(30_000);
    const srv = await startFeedServer(t);
    const { service, aliceId, clock } = await serviceOver(ts);
    const item = (id: string, date: string) =>
      `<item><guid>${id}</guid><title>${id}</title><pubDate>${date}</pubDate></item>`;
    srv.mutable.body = `<rss version="2.0"><channel><title>R</title>${item('old-1', 'Mon, 01 Jan 2024 00:00:00 GMT')}${item('old-2', 'Tue, 02 Jan 2024 00:00:00 GMT')}${item('old-3', 'Wed, 03 Jan 2024 00:00:00 GMT')}</channel></rss>`;
    const { feed } = await service.subscribe({
      url: `${srv.origin}/mutable`,
      ownerUserId: aliceId,
    });
    t.is(await service.prune(), 0, 'old, but all still in the feed');
    const starred = (await service.articles.list(aliceId, { feedId: feed.id })).find(
      (a) => a.title === 'old-2',
    );
    await service.articles.setFlag(aliceId, starred?.id ?? 0, 'starred', true);
    later(clock, 3600);
    srv.mutable.body = `<rss version="2.0"><channel><title>R</title>${item('old-3', 'Wed, 03 Jan 2024 00:00:00 GMT')}${item('new', 'Sun, 10 Mar 2024 00:00:00 GMT')}</channel></rss>`;
    await service.refresh(feed.id);
    t.is(await service.prune(), 1, 'old-1 is gone');
    t.deepEqual(
      (await service.articles.list(aliceId, { feedId: feed.id })).map((a) => a.title).sort(),
      ['new', 'old-2', 'old-3'],
    );
  },
);

storeTest(
  'read and starred are per user; shared feeds are seen by everyone; private ones by their owner only',
  async (t, ts) => {
    t.timeout(30_000);
    const srv = await startFeedServer(t);
    const { store, service, aliceId, bobId } = await serviceOver(ts);
    const shared = await service.subscribe({
      url: `${srv.origin}/feeds/rss-2.0.xml`,
      ownerUserId: null,
    });
    const mine = await service.subscribe({
      url: `${srv.origin}/feeds/atom-1.0.xml`,
      ownerUserId: aliceId,
    });
    const api = new FeedReadApi(store.db.knex);
    t.deepEqual(
      (await api.listFeeds(bobId)).map((f) => f.id),
      [shared.feed.id],
    );
    t.deepEqual(
      (await api.listFeeds(aliceId)).map((f) => f.id).sort(),
      [shared.feed.id, mine.feed.id].sort(),
    );
    const [first] = await api.listArticles(aliceId, { feedId: shared.feed.id });
    t.true(await service.articles.setFlag(aliceId, first?.id ?? 0, 'read', true));
    t.true(await service.articles.setFlag(bobId, first?.id ?? 0, 'starred', true));
    t.like(await api.getArticle(aliceId, first?.id ?? 0), { read: true, starred: false });
    t.like(await api.getArticle(bobId, first?.id ?? 0), { read: false, starred: true });
    const aliceArticle = (await api.listArticles(aliceId, { feedId: mine.feed.id }))[0];
    t.is(
      await api.getArticle(bobId, aliceArticle?.id ?? 0),
      null,
      "bob cannot read alice's private feed",
    );
    t.false(await service.articles.setFlag(bobId, aliceArticle?.id ?? 0, 'read', true));
    t.is((await api.getFeed(aliceId, shared.feed.id))?.unreadCount, 2);
    t.is((await api.getFeed(bobId, shared.feed.id))?.unreadCount, 3);
    const unreadFirst = await api.listArticles(aliceId, {
      feedId: shared.feed.id,
      unreadFirst: true,
    });
    t.is(unreadFirst[2]?.id, first?.id, 'the read one sorts last');
    t.is(await api.countArticles(bobId, { starredOnly: true }), 1);
    t.is(await service.articles.markFeedRead(bobId, shared.feed.id), 3);
    t.is(await api.countArticles(bobId, { unreadOnly: true }), 0);
  },
);
