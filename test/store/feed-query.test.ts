// Feed and article queries (store/feeds/feed-query.ts) on SQLite and PostgreSQL, through the REST
// layer's VTQL compilation minus HTTP: the SQL expressions (flags with no row yet, NULL order as
// on MySQL, whole-second times, LIKE casts, unread counts) must mean the same on both databases.
import test from 'ava';
import { Rss, RssArticles } from '../../gateway/rest/virtual/rss-modules.js';
import { virtualScope } from '../../gateway/rest/virtual/registry.js';
import type { VirtualModule } from '../../gateway/rest/virtual/virtual-module.js';
import { parseVtql } from '../../gateway/rest/vtql/parser.js';
import { compileParts } from '../../gateway/rest/vtql/to-record-query.js';
import { GatewayError } from '../../store/errors.js';
import { viewFields } from '../../store/feeds/feed-view-columns.js';
import type { Actor } from '../../store/types.js';
import { storeTest } from '../helpers/databases.js';
import { feedSnapshot, seedFeeds } from '../helpers/feed-fixture.js';
import { createBob } from '../helpers/rest-fixture.js';
import type { TestStore } from '../helpers/store.js';

test('the REST modules describe exactly the fields the feed views can filter and sort', (t) => {
  t.deepEqual([...Rss.fields.map((f) => f.name), 'id'].sort(), [...viewFields('feeds')].sort());
  t.deepEqual(
    [...RssArticles.fields.map((f) => f.name), 'id'].sort(),
    [...viewFields('articles')].sort(),
  );
});

async function run(
  ts: TestStore,
  actor: Actor,
  module: VirtualModule,
  vtql: string,
): Promise<Record<string, string | null>[] | number> {
  return module.query(
    { store: ts.store, actor },
    compileParts(virtualScope(module), parseVtql(vtql), 100),
  );
}

async function titles(
  ts: TestStore,
  actor: Actor,
  module: VirtualModule,
  vtql: string,
): Promise<string[]> {
  const result = await run(ts, actor, module, vtql);
  if (typeof result === 'number') throw new Error('expected rows');
  return result.map((r) => r.title ?? '');
}

storeTest(
  'feed views: filters, flags, order and counts mean the same on every database',
  async (t, ts) => {
    const bobId = await createBob(ts.store);
    const seed = await seedFeeds(ts.store, bobId);
    const admin = ts.admin;
    const bob: Actor = { userId: bobId, isAdmin: false, groupIds: [] };
    const art = (vtql: string): Promise<string[]> => titles(ts, admin, RssArticles, vtql);

    t.deepEqual(
      await art('SELECT * FROM RssArticles ORDER BY published;'),
      [
        'Undated memo',
        'Quarterly results',
        'Market update',
        'Prices rise 5%',
        "O'Brien joins the board",
      ],
      'NULL first ascending',
    );
    t.is(
      (await art('SELECT * FROM RssArticles ORDER BY published DESC;')).at(-1),
      'Undated memo',
      'NULL last descending',
    );
    t.deepEqual(await art('SELECT * FROM RssArticles WHERE read = 0 ORDER BY id;'), [
      "O'Brien joins the board",
      'Undated memo',
      'Prices rise 5%',
    ]);
    t.deepEqual(await art("SELECT * FROM RssArticles WHERE read IN (1, 'true') ORDER BY id;"), [
      'Quarterly results',
      'Market update',
    ]);
    t.deepEqual(await art('SELECT * FROM RssArticles WHERE starred != 0;'), ['Prices rise 5%']);
    t.deepEqual(
      await art('SELECT * FROM RssArticles ORDER BY starred DESC, read DESC, id LIMIT 3;'),
      ['Prices rise 5%', 'Quarterly results', 'Market update'],
    );
    t.deepEqual(
      await art(
        "SELECT * FROM RssArticles WHERE published >= '2024-03-05 08:30:15' AND published <= '2024-03-05 08:30:15';",
      ),
      ["O'Brien joins the board"],
    );
    t.deepEqual(
      await art(
        "SELECT * FROM RssArticles WHERE published != '2024-03-05 08:30:15' AND published LIKE '2024-03-0%' ORDER BY id;",
      ),
      ['Quarterly results', 'Market update', 'Prices rise 5%'],
    );
    t.deepEqual(
      await art("SELECT * FROM RssArticles WHERE author IN ('', 'Bea Writer') ORDER BY id;"),
      ["O'Brien joins the board", 'Undated memo', 'Prices rise 5%'],
    );
    t.deepEqual(
      await art("SELECT * FROM RssArticles WHERE author = '' OR title = 'market UPDATE';"),
      ['Undated memo'],
      '= is exact; empty is null',
    );
    t.deepEqual(await art("SELECT * FROM RssArticles WHERE title NOT LIKE '%e%';"), []);
    t.is(
      await run(
        ts,
        admin,
        RssArticles,
        `SELECT count(*) FROM RssArticles WHERE feed_id IN ('41x${seed.feeds.shared}', '41x${seed.feeds.bob}');`,
      ),
      2,
    );
    t.is(
      await run(
        ts,
        bob,
        RssArticles,
        `SELECT count(*) FROM RssArticles WHERE feed_id IN ('41x${seed.feeds.shared}', '41x${seed.feeds.bob}');`,
      ),
      3,
    );

    t.deepEqual(await titles(ts, admin, Rss, 'SELECT * FROM Rss WHERE unread_count > 1;'), [
      'Admin News',
    ]);
    t.deepEqual(await titles(ts, bob, Rss, 'SELECT * FROM Rss WHERE unread_count = 0;'), [
      'Bob Secret',
    ]);
    t.deepEqual(await titles(ts, bob, Rss, 'SELECT * FROM Rss ORDER BY shared DESC, folder;'), [
      'Industry Wire',
      'Bob Secret',
    ]);
    t.deepEqual(
      await titles(
        ts,
        bob,
        Rss,
        'SELECT * FROM Rss WHERE shared = 0 AND enabled = 1 AND folder IS NULL;',
      ),
      ['Bob Secret'],
    );
    t.deepEqual(
      await titles(
        ts,
        bob,
        Rss,
        "SELECT * FROM Rss WHERE createdtime > '2024-03-10' AND title LIKE 'industry%';",
      ),
      ['Industry Wire'],
    );
    t.deepEqual(
      await titles(
        ts,
        admin,
        Rss,
        "SELECT * FROM Rss WHERE refresh_seconds LIKE '9%' AND unread_count LIKE '2';",
      ),
      ['Admin News'],
      'LIKE on a number casts it',
    );
    t.is(await run(ts, admin, Rss, 'SELECT count(*) FROM Rss;'), 2);
    t.deepEqual(await art(`SELECT * FROM RssArticles WHERE id = ${seed.articles.a3};`), [
      'Undated memo',
    ]);
  },
);

storeTest(
  'feed views: names outside the field list and malformed values run no query and change nothing',
  async (t, ts) => {
    await seedFeeds(ts.store, await createBob(ts.store));
    const before = await feedSnapshot(ts.store);
    const refused: [string, string][] = [
      ["SELECT * FROM RssArticles WHERE dedupe_key = 'x';", 'ACCESS_DENIED'],
      ['SELECT * FROM Rss ORDER BY owner_key;', 'ACCESS_DENIED'],
      ["SELECT * FROM RssArticles WHERE published < '';", 'invalid_input'],
      ["SELECT * FROM RssArticles WHERE unread_count = 'x';", 'ACCESS_DENIED'],
      ["SELECT * FROM Rss WHERE unread_count = '1 OR 1=1';", 'invalid_input'],
      ["SELECT * FROM RssArticles WHERE read LIKE '1';", 'invalid_input'],
    ];
    const sent: string[] = [];
    const record = (q: { sql: string }): void => {
      sent.push(q.sql);
    };
    ts.store.db.knex.on('query', record);
    for (const [vtql, code] of refused) {
      const err = await t.throwsAsync(
        run(ts, ts.admin, vtql.includes('FROM Rss ') ? Rss : RssArticles, vtql),
        { instanceOf: GatewayError },
        vtql,
      );
      t.is(err?.details.ws?.code ?? err?.kind, code, vtql);
    }
    ts.store.db.knex.removeListener('query', record);
    t.deepEqual(sent, [], 'refused before any SQL was sent');
    t.deepEqual(
      await titles(
        ts,
        ts.admin,
        RssArticles,
        "SELECT * FROM RssArticles WHERE title = 'x'' OR ''1''=''1' OR link = '\\';",
      ),
      [],
    );
    t.is(await feedSnapshot(ts.store), before);
  },
);
