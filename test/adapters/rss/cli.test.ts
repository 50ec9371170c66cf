// `feed add|fetch|list` as an operator runs them: real child processes on a temporary data
// directory, against the local publisher (docs/architecture.md "Conventions").
import test from 'ava';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { cli } from '../../helpers/process.js';
import { startFeedServer } from './feed-server.js';

test('feed add discovers and prints the id; fetch prints counts; list shows health; loopback needs the allow-list', async (t) => {
  t.timeout(90_000);
  const srv = await startFeedServer(t);
  const dir = mkdtempSync(path.join(tmpdir(), 'gw-feed-cli-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const env = {
    GATEWAY_DATA_DIR: dir,
    GATEWAY_OUTBOUND_ALLOW_HOSTS: '127.0.0.1',
    GATEWAY_FEED_TIMEOUT_MS: '3000',
  };
  t.is(
    (await cli(['user', 'create', '--username', 'carol', '--password', 'carol-password'], env))
      .code,
    0,
  );

  const added = await cli(
    ['feed', 'add', '--user', 'carol', '--url', `${srv.origin}/site/`, '--folder', 'Suppliers'],
    env,
  );
  t.is(added.code, 0, added.stderr);
  t.like(added.json, {
    url: `${srv.origin}/feeds/rss-2.0.xml`,
    title: 'Acme Shop News – Updates',
    folder: 'Suppliers',
    articles: 3,
    errorCount: 0,
  });
  const id = (added.json as { id: number }).id;
  t.true(Number.isInteger(id));

  const shared = await cli(
    ['feed', 'add', '--shared', '--url', `${srv.origin}/feeds/atom-1.0.xml`],
    env,
  );
  t.like(shared.json, { shared: true, articles: 2 });

  const all = await cli(['feed', 'fetch'], env);
  t.is(all.code, 0, all.stderr);
  t.like(all.json, { feeds: 2, notModified: 2, failed: 0, articlesCreated: 0 });
  const one = await cli(['feed', 'fetch', '--id', String(id)], env);
  t.like(one.json, { feeds: 1, notModified: 1 });

  const list = await cli(['feed', 'list'], env);
  const feeds = list.json as {
    id: number;
    notModifiedCount: number;
    lastStatus: number;
    nextCheckAt: string;
  }[];
  t.is(feeds.length, 2);
  t.like(
    feeds.find((f) => f.id === id),
    { notModifiedCount: 2, lastStatus: 304 },
  );
  t.is(
    ((await cli(['feed', 'list', '--user', 'carol'], env)).json as unknown[]).length,
    2,
    'her own and the shared one',
  );

  const refused = await cli(
    ['feed', 'add', '--user', 'carol', '--url', `${srv.origin}/feeds/feed.json`],
    { ...env, GATEWAY_OUTBOUND_ALLOW_HOSTS: '' },
  );
  t.is(refused.code, 1);
  t.like(refused.json, { error: 'invalid_input' });
  t.regex((refused.json as { message: string }).message, /loopback/);
  const usage = await cli(['feed', 'add', '--url', `${srv.origin}/feeds/feed.json`], env);
  t.is(usage.code, 2);
  const missing = await cli(['feed', 'fetch', '--id', '999'], env);
  t.like(missing.json, { error: 'not_found' });
});
