// The fetcher against a local publisher: conditional GET counts 304s,
// compressed bodies, redirects (301 moves the subscription, a loop fails cleanly), failures with
// backoff and an error counter, the size cap and the slow drip, dedupe across fetches.
import test from 'ava';
import { startFeedServer } from './feed-server.js';
import { later, serviceFixture } from './service-fixture.js';

test('every format is fetched and stored; a second fetch is a conditional GET answered 304', async (t) => {
  t.timeout(20_000);
  const srv = await startFeedServer(t);
  const { service, aliceId } = await serviceFixture(t);
  const names = [
    'rss-0.91.xml',
    'rss-2.0.xml',
    'rss-1.0.rdf',
    'atom-1.0.xml',
    'feed.json',
    'windows-1251.xml',
    'iso-8859-1.xml',
  ];
  const expected = [3, 3, 2, 2, 2, 1, 1];
  for (const [i, name] of names.entries()) {
    const { feed, outcome } = await service.subscribe({
      url: `${srv.origin}/feeds/${name}`,
      ownerUserId: aliceId,
    });
    t.is(outcome.created, expected[i] ?? -1, name);
    t.truthy(feed.etag, name);
    t.is(feed.lastModified, 'Tue, 05 Mar 2024 09:12:44 GMT');
  }
  const summary = await service.refreshAll();
  t.like(summary, { feeds: 7, notModified: 7, updated: 0, failed: 0, articlesCreated: 0 });
  t.is(srv.notModified(), 7);
  const feeds = await service.feeds.listVisible(aliceId);
  t.true(
    feeds.every((f) => f.notModifiedCount === 1 && f.lastStatus === 304 && f.errorCount === 0),
  );
  t.deepEqual(feeds.map((f) => f.title).slice(0, 2), ['WriteTheWeb', 'Acme Shop News – Updates']);
});

test('gzip, deflate and br bodies are decompressed', async (t) => {
  t.timeout(15_000);
  const srv = await startFeedServer(t);
  const { service, aliceId } = await serviceFixture(t);
  for (const enc of ['gz', 'deflate', 'br']) {
    const { outcome } = await service.subscribe({
      url: `${srv.origin}/${enc}/rss-2.0.xml`,
      ownerUserId: aliceId,
    });
    t.is(outcome.created, 3, enc);
  }
});

test('a 301 moves the stored URL; a 302 does not; a redirect loop fails cleanly', async (t) => {
  t.timeout(15_000);
  const srv = await startFeedServer(t);
  const { service, aliceId } = await serviceFixture(t);
  const moved = await service.subscribe({ url: `${srv.origin}/moved`, ownerUserId: aliceId });
  t.is(moved.feed.url, `${srv.origin}/feeds/rss-2.0.xml`);
  const temporary = await service.subscribe({
    url: `${srv.origin}/temporary`,
    ownerUserId: aliceId,
  });
  t.is(temporary.feed.url, `${srv.origin}/temporary`);
  t.like(
    await service.refresh(temporary.feed.id),
    { result: 'not_modified', url: `${srv.origin}/temporary` },
    'followed again, validators still apply',
  );

  srv.mutable.status = 301;
  srv.mutable.headers = { location: '/feeds/atom-1.0.xml' };
  srv.mutable.body = '';
  const mutableFeed = await service.feeds.create({
    url: `${srv.origin}/mutable`,
    ownerUserId: aliceId,
    refreshSeconds: 600,
  });
  const outcome = await service.refresh(mutableFeed.id);
  t.is(outcome.url, `${srv.origin}/feeds/atom-1.0.xml`);
  t.is((await service.feeds.mustGet(mutableFeed.id)).url, `${srv.origin}/feeds/atom-1.0.xml`);

  const loop = await service.feeds.create({
    url: `${srv.origin}/loop`,
    ownerUserId: aliceId,
    refreshSeconds: 600,
  });
  const started = Date.now();
  const failed = await service.refresh(loop.id);
  t.true(Date.now() - started < 3000);
  t.is(failed.result, 'failed');
  t.regex(failed.error ?? '', /too many redirects/);
  t.like(await service.feeds.mustGet(loop.id), { errorCount: 1, url: `${srv.origin}/loop` });
});

test('500, 429 with Retry-After, malformed XML: error counter, last error and exponential backoff; success resets', async (t) => {
  t.timeout(15_000);
  const srv = await startFeedServer(t);
  const { service, aliceId, clock } = await serviceFixture(t, {}, { errorBackoffSeconds: 60 });
  const feed = await service.feeds.create(
    { url: `${srv.origin}/mutable`, ownerUserId: aliceId, refreshSeconds: 600 },
    clock.now,
  );
  srv.mutable.status = 500;
  const delays: number[] = [];
  for (let i = 1; i <= 4; i++) {
    const outcome = await service.refresh(feed.id);
    t.is(outcome.result, 'failed');
    const stored = await service.feeds.mustGet(feed.id);
    t.is(stored.errorCount, i);
    t.regex(stored.lastError ?? '', /answered HTTP 500/);
    delays.push((Date.parse(`${stored.nextCheckAt}Z`) - clock.now.getTime()) / 1000);
  }
  t.deepEqual(delays, [60, 120, 240, 480]);

  srv.mutable.status = 429;
  srv.mutable.headers = { 'retry-after': '7200' };
  await service.refresh(feed.id);
  const limited = await service.feeds.mustGet(feed.id);
  t.regex(limited.lastError ?? '', /rate limiting.*429.*retry after 7200 s/);
  t.is(
    (Date.parse(`${limited.nextCheckAt}Z`) - clock.now.getTime()) / 1000,
    7200,
    'Retry-After beats the shorter backoff',
  );

  srv.mutable.status = 200;
  srv.mutable.headers = { 'content-type': 'application/rss+xml' };
  srv.mutable.body = '<rss version="2.0"><channel><title>x</title><item><title>broken';
  t.regex((await service.refresh(feed.id)).error ?? '', /malformed feed/);
  t.is((await service.feeds.mustGet(feed.id)).errorCount, 6);

  srv.mutable.body =
    '<rss version="2.0"><channel><title>Fixed</title><item><guid>1</guid><title>one</title></item></channel></rss>';
  t.is((await service.refresh(feed.id)).result, 'updated');
  t.like(await service.feeds.mustGet(feed.id), { errorCount: 0, lastError: null, title: 'Fixed' });
});

test('a 100 MB feed is cut off at the size cap without being held in memory', async (t) => {
  t.timeout(20_000);
  const srv = await startFeedServer(t);
  const { service, aliceId } = await serviceFixture(t, { feedMaxBytes: 1024 * 1024 });
  const feed = await service.feeds.create({
    url: `${srv.origin}/huge`,
    ownerUserId: aliceId,
    refreshSeconds: 600,
  });
  const outcome = await service.refresh(feed.id);
  t.is(outcome.result, 'failed');
  t.regex(outcome.error ?? '', /too large.*limit 1048576/);
  // Backpressure: the publisher could only write what the cap let through plus socket buffers.
  t.true(
    srv.hugeBytesSent() < 16 * 1024 * 1024,
    `the server stopped early (${srv.hugeBytesSent()} bytes)`,
  );
});

test('a gzip bomb is stopped by the cap on decompressed bytes', async (t) => {
  t.timeout(20_000);
  const srv = await startFeedServer(t);
  const { service, aliceId } = await serviceFixture(t, { feedMaxBytes: 1024 * 1024 });
  const feed = await service.feeds.create({
    url: `${srv.origin}/bomb`,
    ownerUserId: aliceId,
    refreshSeconds: 600,
  });
  const outcome = await service.refresh(feed.id);
  t.regex(outcome.error ?? '', /too large/);
});

test('a slow drip response times out within the deadline', async (t) => {
  t.timeout(15_000);
  const srv = await startFeedServer(t);
  const { service, aliceId } = await serviceFixture(t, { feedTimeoutMs: 800 });
  const feed = await service.feeds.create({
    url: `${srv.origin}/slow`,
    ownerUserId: aliceId,
    refreshSeconds: 600,
  });
  const started = Date.now();
  const outcome = await service.refresh(feed.id);
  t.true(Date.now() - started < 3000, `took ${Date.now() - started} ms`);
  t.regex(outcome.error ?? '', /timed out after 800 ms/);
});

test('dedupe across fetches: unchanged entries are not added again; an edited one is updated in place with its flags', async (t) => {
  t.timeout(15_000);
  const srv = await startFeedServer(t);
  const { service, aliceId, clock } = await serviceFixture(t);
  const { feed } = await service.subscribe({ url: `${srv.origin}/mutable`, ownerUserId: aliceId });
  const [first] = await service.articles.list(aliceId, { feedId: feed.id });
  t.truthy(first);
  await service.articles.setFlag(aliceId, first?.id ?? 0, 'starred', true);
  later(clock, 3600);
  t.like(await service.refresh(feed.id), { result: 'updated', created: 0, updated: 0 });
  srv.mutable.body = srv.mutable.body.replace(
    'Spring catalogue is out',
    'Spring catalogue is out (updated)',
  );
  t.like(await service.refresh(feed.id), { result: 'updated', created: 0, updated: 1 });
  const articles = await service.articles.list(aliceId, { feedId: feed.id });
  t.is(articles.length, 3);
  const edited = articles.find((a) => a.id === first?.id);
  t.is(edited?.title, 'Spring catalogue is out (updated)');
  t.true(edited?.starred);
});
