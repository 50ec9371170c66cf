// Discovery from a site's page (Miniflux finder.go order) and the SSRF rules: loopback
// is refused unless the admin allow-list opens it; a redirect to a private address is refused
// before anything is dialled, wherever it comes from.
import test from 'ava';
import { alternateLinks, wellKnownCandidates } from '../../../adapters/rss/discovery.js';
import { GatewayError } from '../../../store/errors.js';
import { startFeedServer } from './feed-server.js';
import { serviceFixture } from './service-fixture.js';

test('a site page is followed through its <link rel="alternate">, skipping /wp-json/', async (t) => {
  t.timeout(15_000);
  const srv = await startFeedServer(t);
  const { service, aliceId } = await serviceFixture(t);
  const { feed, outcome } = await service.subscribe({
    url: `${srv.origin}/site/`,
    ownerUserId: aliceId,
  });
  t.is(feed.url, `${srv.origin}/feeds/rss-2.0.xml`);
  t.is(feed.title, 'Acme Shop News – Updates');
  t.is(outcome.created, 3);
  t.is(srv.hits('/wp-json/wp/v2/posts'), 0);
});

test('a page without feed links is followed through the well-known paths', async (t) => {
  t.timeout(15_000);
  const srv = await startFeedServer(t);
  const { service, aliceId } = await serviceFixture(t);
  const { feed } = await service.subscribe({
    url: `${srv.origin}/plain/page.html`,
    ownerUserId: aliceId,
  });
  t.is(feed.url, `${srv.origin}/feed.xml`);
  t.is(feed.title, 'Customer Blog');
  t.is(srv.hits('/atom.xml'), 1, 'probed in Miniflux order');
});

test('no feed anywhere, a 404 and a duplicate are clear input errors', async (t) => {
  t.timeout(20_000);
  const srv = await startFeedServer(t);
  const { service, aliceId } = await serviceFixture(t);
  srv.wellKnown.enabled = false;
  srv.mutable.body =
    '<!doctype html><html><head><title>nothing</title></head><body>no feed</body></html>';
  srv.mutable.headers = { 'content-type': 'text/html' };
  const none = await t.throwsAsync(
    service.subscribe({ url: `${srv.origin}/mutable`, ownerUserId: aliceId }),
    { instanceOf: GatewayError },
  );
  t.is(none?.kind, 'invalid_input');
  t.regex(none?.message ?? '', /no feed found/);
  const missing = await t.throwsAsync(
    service.subscribe({ url: `${srv.origin}/nothing-here`, ownerUserId: aliceId }),
    { instanceOf: GatewayError },
  );
  t.regex(missing?.message ?? '', /HTTP 404/);
  await service.subscribe({ url: `${srv.origin}/feeds/feed.json`, ownerUserId: aliceId });
  const dup = await t.throwsAsync(
    service.subscribe({ url: `${srv.origin}/feeds/feed.json`, ownerUserId: aliceId }),
    { instanceOf: GatewayError },
  );
  t.is(dup?.kind, 'conflict');
  const notUrl = await t.throwsAsync(
    service.subscribe({ url: 'file:///etc/passwd', ownerUserId: aliceId }),
    { instanceOf: GatewayError },
  );
  t.is(notUrl?.kind, 'invalid_input');
});

test('alternate links: types, <base href>, relative and hostile hrefs', (t) => {
  const page = `<html><head><base href="https://cdn.example/sub/"><link rel="alternate" type="application/atom+xml" href="atom.xml">
<link rel="Alternate Home" type="application/rss+xml; charset=utf-8" href="https://other.example/rss">
<link rel="alternate" type="text/html" href="/fr/"><link rel="alternate" type="application/rss+xml" href="javascript:alert(1)">
<link rel="stylesheet" type="application/rss+xml" href="/no"></head></html>`;
  t.deepEqual(alternateLinks(page, 'https://site.example/blog/post'), [
    'https://cdn.example/sub/atom.xml',
    'https://other.example/rss',
  ]);
  const candidates = wellKnownCandidates('https://site.example/blog/post');
  t.is(candidates[0], 'https://site.example/atom.xml');
  t.true(candidates.includes('https://site.example/blog/rss.xml'));
});

test('SSRF: with an empty allow-list a 127.0.0.1 feed is refused and never contacted', async (t) => {
  t.timeout(15_000);
  const srv = await startFeedServer(t);
  const { service, aliceId } = await serviceFixture(t, { outboundAllowHosts: [] });
  const err = await t.throwsAsync(
    service.subscribe({ url: `${srv.origin}/feeds/rss-2.0.xml`, ownerUserId: aliceId }),
    { instanceOf: GatewayError },
  );
  t.is(err?.kind, 'invalid_input');
  t.regex(err?.message ?? '', /refused to connect to address 127\.0\.0\.1: loopback/);
  t.is(srv.hits('/feeds/rss-2.0.xml'), 0);
  const byName = await t.throwsAsync(
    service.subscribe({
      url: srv.origin.replace('127.0.0.1', 'localhost') + '/feeds/rss-2.0.xml',
      ownerUserId: aliceId,
    }),
  );
  t.regex(byName?.message ?? '', /resolves to .*loopback/, 'checked after DNS');
  const stored = await service.feeds.create({
    url: `${srv.origin}/feeds/rss-2.0.xml`,
    ownerUserId: aliceId,
    refreshSeconds: 600,
  });
  t.regex(
    (await service.refresh(stored.id)).error ?? '',
    /loopback range is not allowed/,
    'the job refuses it too',
  );
});

test('SSRF: with the allow-list set the feed works; redirects to 10.0.0.1 and metadata are refused', async (t) => {
  t.timeout(15_000);
  const srv = await startFeedServer(t);
  const { service, aliceId } = await serviceFixture(t, { outboundAllowHosts: ['127.0.0.1'] });
  t.is(
    (await service.subscribe({ url: `${srv.origin}/feeds/rss-2.0.xml`, ownerUserId: aliceId }))
      .outcome.created,
    3,
  );
  const toPrivate = await t.throwsAsync(
    service.subscribe({ url: `${srv.origin}/to-private`, ownerUserId: aliceId }),
    { instanceOf: GatewayError },
  );
  t.regex(toPrivate?.message ?? '', /refused to connect to address 10\.0\.0\.1: private/);
  const stored = await service.feeds.create({
    url: `${srv.origin}/to-metadata`,
    ownerUserId: aliceId,
    refreshSeconds: 600,
  });
  t.regex((await service.refresh(stored.id)).error ?? '', /169\.254\.169\.254: linkLocal/);
});
