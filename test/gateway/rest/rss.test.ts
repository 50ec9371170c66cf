// RSS feeds and articles through the webservice: the read-only virtual modules Rss
// (41) and RssArticles (42) on /webservice.php with a vtiger-style client and on the vtenext
// REST API — listtypes, describe, query (filters, order, LIMIT caps, count(*)), retrieve, each
// caller's read/starred flags, other users' feeds invisible, writes refused, hostile VTQL.
import anyTest, { type TestFn } from 'ava';
import {
  CAROL_ACCESS_KEY,
  CAROL_ARTICLES,
  feedSnapshot,
  seedFeeds,
  type SeededFeeds,
} from '../../helpers/feed-fixture.js';
import { ADMIN_ACCESS_KEY, type TestGateway } from '../../helpers/gateway.js';
import {
  adminClient,
  bobClient,
  BOB_ACCESS_KEY,
  createBob,
  restGateway,
  storeCounts,
} from '../../helpers/rest-fixture.js';
import { VtigerClient, type WsEnvelope } from '../../helpers/vtiger-client.js';

interface Ctx {
  gw: TestGateway;
  admin: VtigerClient;
  bob: VtigerClient;
  seed: SeededFeeds;
}

const test = anyTest as TestFn<Ctx>;

test.before(async (t) => {
  // No fetcher job: the seeded URLs are never fetched, so the feed tables change only by the tests.
  const gw = await restGateway({ GATEWAY_JOBS_ENABLED: 'false' });
  const seed = await seedFeeds(gw.store, await createBob(gw.store));
  t.context = { gw, seed, admin: await adminClient(gw), bob: await bobClient(gw) };
});

test.after.always(async (t) => t.context.gw?.dispose());

const feedId = (c: Ctx, key: keyof SeededFeeds['feeds']): string => `41x${c.seed.feeds[key]}`;
const articleId = (c: Ctx, key: keyof SeededFeeds['articles']): string =>
  `42x${c.seed.articles[key]}`;
const basic = (user: string, key: string): string =>
  `Basic ${Buffer.from(`${user}:${key}`).toString('base64')}`;

async function rows(client: VtigerClient, vtql: string): Promise<Record<string, string>[]> {
  const result = await client.doQuery(vtql);
  if (result === false) throw new Error(`${vtql}: ${JSON.stringify(client.lastError)}`);
  return result;
}

async function failure(
  client: VtigerClient,
  call: Promise<WsEnvelope>,
): Promise<{ code: string; message: string }> {
  const body = await call;
  if (body.success || !body.error)
    throw new Error(`expected a failure, got ${JSON.stringify(body.result)}`);
  return body.error;
}

async function vtenext(
  gw: TestGateway,
  op: string,
  auth: string,
  json: unknown,
): Promise<{
  status: number;
  body: { status: number; data?: unknown; error?: string; message?: string };
}> {
  const res = await fetch(`${gw.url}/restapi/v1/vtews/${op}`, {
    method: 'POST',
    headers: { Authorization: auth, 'Content-Type': 'application/json' },
    body: JSON.stringify(json),
  });
  return {
    status: res.status,
    body: (await res.json()) as {
      status: number;
      data?: unknown;
      error?: string;
      message?: string;
    },
  };
}

test('listtypes names Rss and RssArticles as read-only non-entities on both edges', async (t) => {
  const { gw, admin } = t.context;
  const all = (await admin.get({ operation: 'listtypes' })).result as {
    types: string[];
    information: Record<string, unknown>;
  };
  t.true(
    all.types.includes('Rss') &&
      all.types.includes('RssArticles') &&
      all.types.includes('Contacts'),
  );
  t.deepEqual(all.information.Rss, { isEntity: false, label: 'RSS Feeds', singular: 'RSS Feed' });
  t.deepEqual(all.information.RssArticles, {
    isEntity: false,
    label: 'RSS Articles',
    singular: 'RSS Article',
  });
  const withUrl = (
    await admin.get({ operation: 'listtypes', fieldTypeList: JSON.stringify(['url']) })
  ).result as { types: string[] };
  t.true(withUrl.types.includes('Rss') && withUrl.types.includes('RssArticles'));
  const withCurrency = (
    await admin.get({ operation: 'listtypes', fieldTypeList: JSON.stringify(['currency']) })
  ).result as { types: string[] };
  t.false(withCurrency.types.includes('Rss'));
  const viaVtenext = await vtenext(gw, 'listtypes', basic('bob', BOB_ACCESS_KEY), {});
  t.true((viaVtenext.body.data as { types: string[] }).types.includes('RssArticles'));
});

test('describe: vtiger 8.2 shape, idPrefix 41/42, read-only, feed_id refers to Rss, id last', async (t) => {
  const { gw, admin } = t.context;
  const body = (await admin.doDescribe('RssArticles')) as Record<string, unknown> & {
    fields: { name: string; type: Record<string, unknown>; editable: boolean }[];
  };
  t.deepEqual(Object.keys(body), [
    'label',
    'name',
    'createable',
    'updateable',
    'deleteable',
    'retrieveable',
    'fields',
    'idPrefix',
    'isEntity',
    'allowDuplicates',
    'labelFields',
  ]);
  t.like(body, {
    name: 'RssArticles',
    createable: false,
    updateable: false,
    deleteable: false,
    retrieveable: true,
    idPrefix: '42',
    isEntity: false,
    labelFields: 'title',
  });
  t.deepEqual(
    body.fields.map((f) => f.name),
    [
      'title',
      'link',
      'author',
      'published',
      'updated',
      'summary',
      'content',
      'feed_id',
      'read',
      'starred',
      'createdtime',
      'modifiedtime',
      'id',
    ],
  );
  const byName = new Map(body.fields.map((f) => [f.name, f]));
  t.deepEqual(byName.get('feed_id')?.type, { name: 'reference', refersTo: ['Rss'] });
  t.deepEqual(byName.get('published')?.type, { name: 'datetime' });
  t.deepEqual(byName.get('read')?.type, { name: 'boolean' });
  t.true(body.fields.every((f) => !f.editable));
  t.deepEqual(body.fields.at(-1), {
    name: 'id',
    label: 'rssarticleid',
    mandatory: false,
    type: { name: 'autogenerated' },
    editable: false,
    nullable: false,
    default: '',
  });
  const rss = await vtenext(gw, 'describe', basic('admin', ADMIN_ACCESS_KEY), {
    elementType: 'Rss',
  });
  t.like(rss.body.data, { name: 'Rss', idPrefix: '41', isEntity: false, createable: false });
  const owner = (rss.body.data as { fields: { name: string; type: unknown }[] }).fields.find(
    (f) => f.name === 'owner_id',
  );
  t.deepEqual(owner?.type, { name: 'reference', refersTo: ['Users'] });
});

test('every described field can be filtered and sorted', async (t) => {
  const { admin } = t.context;
  for (const module of ['Rss', 'RssArticles']) {
    const fields = ((await admin.doDescribe(module)) as { fields: { name: string }[] }).fields;
    for (const { name } of fields) {
      t.not(
        await admin.doQuery(
          `SELECT id FROM ${module} WHERE ${name} IS NOT NULL ORDER BY ${name} DESC LIMIT 2;`,
        ),
        false,
        `${module}.${name}: ${JSON.stringify(admin.lastError)}`,
      );
    }
  }
});

test('Rss: own feeds and shared ones with vtiger strings, unread counts per caller', async (t) => {
  const c = t.context;
  const feeds = await rows(c.admin, 'SELECT * FROM Rss ORDER BY title;');
  t.deepEqual(
    feeds.map((f) => f.title),
    ['Admin News', 'Industry Wire'],
  );
  t.deepEqual(feeds[1], {
    title: 'Industry Wire',
    url: 'https://shared.example/feed.xml',
    site_url: '',
    folder: 'News',
    owner_id: '',
    shared: '1',
    enabled: '1',
    refresh_seconds: '900',
    unread_count: '1',
    error_count: '0',
    last_error: '',
    last_fetched: '',
    createdtime: '2024-03-10 12:00:00',
    modifiedtime: '2024-03-10 12:00:00',
    id: feedId(c, 'shared'),
  });
  t.like(feeds[0], {
    owner_id: `19x${c.seed.adminId}`,
    shared: '0',
    unread_count: '2',
    id: feedId(c, 'admin'),
  });
  const bobs = await rows(
    c.bob,
    `SELECT title, unread_count FROM Rss WHERE shared = 1 OR owner_id = '19x${c.seed.bobId}' ORDER BY title;`,
  );
  t.deepEqual(bobs, [
    { title: 'Bob Secret', unread_count: '0', id: feedId(c, 'bob') },
    { title: 'Industry Wire', unread_count: '1', id: feedId(c, 'shared') },
  ]);
  t.deepEqual(await rows(c.admin, 'SELECT title FROM Rss WHERE owner_id IS NULL;'), [
    { title: 'Industry Wire', id: feedId(c, 'shared') },
  ]);
  t.deepEqual(await rows(c.admin, "SELECT count(*) FROM Rss WHERE folder IN ('Work', 'News');"), [
    { count: '2' },
  ]);
});

test('RssArticles: =, !=, <, >, LIKE, IN, IS NULL, ORDER BY, LIMIT and count(*) over visible articles', async (t) => {
  const c = t.context;
  const titles = async (where: string): Promise<string[]> =>
    (await rows(c.admin, `SELECT title FROM RssArticles ${where};`)).map((r) => r.title ?? '');
  t.deepEqual(await titles('ORDER BY published DESC'), [
    "O'Brien joins the board",
    'Prices rise 5%',
    'Market update',
    'Quarterly results',
    'Undated memo',
  ]);
  t.deepEqual(await titles(`WHERE feed_id = '${feedId(c, 'shared')}' ORDER BY title`), [
    'Market update',
    'Prices rise 5%',
  ]);
  t.deepEqual(await titles(`WHERE feed_id != '${feedId(c, 'shared')}' ORDER BY id`), [
    'Quarterly results',
    "O'Brien joins the board",
    'Undated memo',
  ]);
  t.deepEqual(await titles("WHERE published > '2024-03-03 12:00:00' ORDER BY published"), [
    'Prices rise 5%',
    "O'Brien joins the board",
  ]);
  t.deepEqual(await titles("WHERE published < '2024-03-03' ORDER BY published"), [
    'Quarterly results',
  ]);
  t.deepEqual(
    await titles("WHERE published = '2024-03-05 08:30:15'"),
    ["O'Brien joins the board"],
    'whole seconds, as vtiger',
  );
  t.deepEqual(await titles("WHERE title LIKE '%o''brien%'"), ["O'Brien joins the board"]);
  t.deepEqual(await titles("WHERE title LIKE '%5\\%'"), ['Prices rise 5%'], 'backslash escapes %');
  t.deepEqual(await titles('WHERE author IS NULL'), ['Undated memo']);
  t.deepEqual(
    await titles(`WHERE id IN (${articleId(c, 'a1')}, '${articleId(c, 's2')}') ORDER BY id DESC`),
    ['Prices rise 5%', 'Quarterly results'],
  );
  t.deepEqual(
    await titles("WHERE author = 'Bea Writer' AND (read = 0 OR starred = 1) ORDER BY title"),
    ["O'Brien joins the board", 'Prices rise 5%'],
  );
  t.deepEqual(await titles('WHERE NOT published IS NULL ORDER BY published LIMIT 1, 2'), [
    'Market update',
    'Prices rise 5%',
  ]);
  t.deepEqual(await rows(c.admin, 'SELECT count(*) FROM RssArticles;'), [{ count: '5' }]);
  t.deepEqual(await rows(c.admin, 'SELECT count(*) FROM RssArticles WHERE read = 0;'), [
    { count: '3' },
  ]);
  t.deepEqual(
    await rows(c.bob, 'SELECT count(*) FROM RssArticles WHERE read = 0;'),
    [{ count: '1' }],
    'bob: s1 unread; b1 and s2 read',
  );
  const picked = await rows(
    c.admin,
    `SELECT published, feed_id FROM RssArticles WHERE id = ${articleId(c, 'a2')};`,
  );
  t.deepEqual(picked, [
    { published: '2024-03-05 08:30:15', feed_id: feedId(c, 'admin'), id: articleId(c, 'a2') },
  ]);
});

test("read and starred are the caller's own flags", async (t) => {
  const c = t.context;
  const flags = async (client: VtigerClient): Promise<Record<string, string>[]> =>
    rows(
      client,
      `SELECT read, starred FROM RssArticles WHERE feed_id = '${feedId(c, 'shared')}' ORDER BY id;`,
    );
  t.deepEqual(await flags(c.admin), [
    { read: '1', starred: '0', id: articleId(c, 's1') },
    { read: '0', starred: '1', id: articleId(c, 's2') },
  ]);
  t.deepEqual(await flags(c.bob), [
    { read: '0', starred: '1', id: articleId(c, 's1') },
    { read: '1', starred: '0', id: articleId(c, 's2') },
  ]);
  t.like(await c.admin.doRetrieve(articleId(c, 's2')), { read: '0', starred: '1' });
  t.like(await c.bob.doRetrieve(articleId(c, 's2')), { read: '1', starred: '0' });
});

test("retrieve: a visible feed and article in full; another user's feed is ACCESS_DENIED like a missing one", async (t) => {
  const c = t.context;
  t.deepEqual(await c.admin.doRetrieve(articleId(c, 'a2')), {
    title: "O'Brien joins the board",
    link: 'https://news.example/a2',
    author: 'Bea Writer',
    published: '2024-03-05 08:30:15',
    updated: '',
    summary: "<p>O'Brien joins the board</p>",
    content: "<p>O'Brien joins the board, in full.</p>",
    feed_id: feedId(c, 'admin'),
    read: '0',
    starred: '0',
    createdtime: '2024-03-10 12:00:00',
    modifiedtime: '2024-03-10 12:00:00',
    id: articleId(c, 'a2'),
  });
  t.like(await c.bob.doRetrieve(feedId(c, 'bob')), {
    title: 'Bob Secret',
    owner_id: `19x${c.seed.bobId}`,
    id: feedId(c, 'bob'),
  });
  const hidden = [feedId(c, 'bob'), articleId(c, 'b1'), feedId(c, 'carol')];
  for (const id of hidden) {
    const err = await failure(c.admin, c.admin.get({ operation: 'retrieve', id }));
    t.is(err.code, 'ACCESS_DENIED', id);
    t.is(
      err.message,
      `Permission to perform the operation is denied: record ${id} does not exist or is not visible to you`,
    );
  }
  t.like(await failure(c.admin, c.admin.get({ operation: 'retrieve', id: '42x999999' })), {
    code: 'ACCESS_DENIED',
  });
  t.deepEqual(
    await rows(
      c.admin,
      `SELECT title FROM RssArticles WHERE feed_id = '${feedId(c, 'bob')}' OR id = ${articleId(c, 'b1')};`,
    ),
    [],
  );
  t.deepEqual(await rows(c.admin, `SELECT title FROM Rss WHERE id = ${feedId(c, 'bob')};`), []);
  const viaVtenext = await vtenext(c.gw, 'retrieve', basic('admin', ADMIN_ACCESS_KEY), {
    id: articleId(c, 'b1'),
  });
  t.is(viaVtenext.status, 500);
  t.regex(
    viaVtenext.body.message ?? '',
    /^ACCESS_DENIED: Permission to perform the operation is denied/,
  );
  const bobs = await vtenext(c.gw, 'retrieve', basic('bob', BOB_ACCESS_KEY), {
    id: articleId(c, 'b1'),
  });
  t.like(bobs.body.data, { title: 'Bob private plan', read: '1' });
});

test('LIMIT caps: 100 rows on webservice.php, up to 1000 on vtenext; count(*) counts them all', async (t) => {
  const { gw } = t.context;
  const carol = new VtigerClient(gw.url);
  t.true(await carol.doLogin('carol', CAROL_ACCESS_KEY));
  t.is((await rows(carol, 'SELECT id FROM RssArticles;')).length, 100);
  t.is((await rows(carol, 'SELECT id FROM RssArticles LIMIT 0, 110;')).length, 100);
  t.is(
    (await rows(carol, 'SELECT id FROM RssArticles LIMIT 115, 10;')).length,
    CAROL_ARTICLES + 2 - 115,
    'shared articles too',
  );
  const auth = basic('carol', CAROL_ACCESS_KEY);
  const wide = await vtenext(gw, 'query', auth, {
    query: 'SELECT id FROM RssArticles LIMIT 0,110;',
  });
  t.is((wide.body.data as unknown[]).length, 110);
  const all = await vtenext(gw, 'query', auth, { query: 'SELECT title FROM RssArticles;' });
  t.is((all.body.data as unknown[]).length, CAROL_ARTICLES + 2);
  t.deepEqual(
    (await vtenext(gw, 'query', auth, { query: 'SELECT count(*) FROM RssArticles;' })).body,
    { status: 200, data: [{ count: String(CAROL_ARTICLES + 2) }] },
  );
});

test.serial('writes are refused with ACCESS_DENIED on both edges and change nothing', async (t) => {
  const c = t.context;
  const before = { feeds: await feedSnapshot(c.gw.store), store: await storeCounts(c.gw.store) };
  const article = articleId(c, 's1');
  const denied = /^Permission to perform the operation is denied/;
  const calls: [string, Promise<WsEnvelope>][] = [
    [
      'create',
      c.admin.post({
        operation: 'create',
        elementType: 'RssArticles',
        element: JSON.stringify({ title: 'x', feed_id: feedId(c, 'shared') }),
      }),
    ],
    [
      'create Rss',
      c.admin.post({
        operation: 'create',
        elementType: 'Rss',
        element: JSON.stringify({ url: 'https://evil.example/' }),
      }),
    ],
    [
      'update',
      c.admin.post({
        operation: 'update',
        element: JSON.stringify({ id: article, title: 'changed', read: '1' }),
      }),
    ],
    [
      'revise',
      c.admin.post({ operation: 'revise', element: JSON.stringify({ id: article, starred: '1' }) }),
    ],
    ['delete', c.admin.post({ operation: 'delete', id: article })],
    ['delete feed', c.bob.post({ operation: 'delete', id: feedId(c, 'bob') })],
    ['sync', c.admin.get({ operation: 'sync', modifiedTime: '0', elementType: 'RssArticles' })],
    [
      'add_related',
      c.admin.post({
        operation: 'add_related',
        sourceRecordId: article,
        relatedRecordId: feedId(c, 'shared'),
      }),
    ],
  ];
  for (const [name, call] of calls) {
    const err = await failure(c.admin, call);
    t.is(err.code, 'ACCESS_DENIED', name);
    t.regex(err.message, denied, name);
  }
  const auth = basic('admin', ADMIN_ACCESS_KEY);
  for (const [op, json] of [
    ['create', { elementType: 'RssArticles', element: { title: 'x' } }],
    ['update', { id: article, columns: { read: '1' } }],
    ['revise', { element: { id: article, title: 'y' } }],
    ['delete', { id: feedId(c, 'shared') }],
  ] as const) {
    const res = await vtenext(c.gw, op, auth, json);
    t.is(res.status, 500, op);
    t.regex(
      res.body.message ?? '',
      /^ACCESS_DENIED: Permission to perform the operation is denied/,
      op,
    );
  }
  t.deepEqual(
    { feeds: await feedSnapshot(c.gw.store), store: await storeCounts(c.gw.store) },
    before,
  );
});

interface Hostile {
  readonly query: (c: Ctx) => string;
  readonly code: string | null;
  readonly message?: RegExp;
}

// Each is sent by the vtiger-style client (escape()d into the URL); code null: runs and finds nothing.
const HOSTILE: Hostile[] = [
  { query: () => "SELECT * FROM RssArticles WHERE title = ''' OR ''1''=''1';", code: null },
  { query: () => "SELECT * FROM RssArticles WHERE title LIKE '%'' OR 1=1 --';", code: null },
  {
    query: () => "SELECT * FROM RssArticles WHERE author IN ('x''); DELETE FROM feeds; --');",
    code: null,
  },
  {
    query: () => "SELECT * FROM Rss WHERE url = 'x'' UNION SELECT password_hash FROM users --';",
    code: null,
  },
  {
    query: () => "SELECT * FROM RssArticles WHERE owner_key = 'shared';",
    code: 'ACCESS_DENIED',
    message: /^Permission to access owner_key attribute denied\.$/,
  },
  {
    query: () => 'SELECT password_hash FROM RssArticles;',
    code: 'ACCESS_DENIED',
    message: /password_hash attribute denied/,
  },
  { query: () => 'SELECT title FROM RssArticles ORDER BY user_id;', code: 'ACCESS_DENIED' },
  {
    query: () => "SELECT * FROM RssArticles WHERE feed_id = '41x1 OR 1=1';",
    code: 'INVALID_ID_ATTRIBUTE',
  },
  { query: () => "SELECT * FROM RssArticles WHERE id = '12x1';", code: 'INVALID_ID_ATTRIBUTE' },
  {
    query: () => "SELECT * FROM RssArticles WHERE read = '1 OR 1=1';",
    code: 'DATABASE_QUERY_ERROR',
    message: /read/,
  },
  {
    query: () => "SELECT * FROM RssArticles WHERE published > '2024-01-01; DROP TABLE feeds';",
    code: 'DATABASE_QUERY_ERROR',
  },
  { query: () => 'SELECT * FROM RssArticles WHERE starred > 0;', code: 'DATABASE_QUERY_ERROR' },
  {
    query: () => 'SELECT title, (SELECT password_hash FROM users) FROM RssArticles;',
    code: 'QUERY_SYNTAX_ERROR',
  },
  {
    query: () => "SELECT * FROM RssArticles; DELETE FROM feed_articles WHERE ''='';",
    code: 'QUERY_SYNTAX_ERROR',
  },
  { query: () => 'SELECT * FROM RssArticles WHERE "1"="1";', code: 'QUERY_SYNTAX_ERROR' },
  {
    query: () => 'SELECT * FROM rssarticles;',
    code: 'ACCESS_DENIED',
    message: /denied for name : rssarticles/,
  },
];

test.serial(
  'hostile VTQL runs no SQL it should not: values are bound, names never reach SQL, the store is unchanged',
  async (t) => {
    const c = t.context;
    const before = { feeds: await feedSnapshot(c.gw.store), store: await storeCounts(c.gw.store) };
    const sent: { sql: string; bindings: unknown[] }[] = [];
    const record = (q: { sql: string; bindings?: unknown[] }): void => {
      sent.push({ sql: q.sql, bindings: q.bindings ?? [] });
    };
    c.gw.store.db.knex.on('query', record);
    try {
      for (const h of HOSTILE) {
        const vtql = h.query(c);
        const result = await c.admin.doQuery(vtql);
        if (h.code === null)
          t.deepEqual(result, [], `${vtql}: ${JSON.stringify(c.admin.lastError)}`);
        else {
          t.is(c.admin.lastError?.code, h.code, vtql);
          if (h.message) t.regex(c.admin.lastError?.message ?? '', h.message, vtql);
        }
      }
      const bad = await failure(
        c.admin,
        c.admin.get({ operation: 'retrieve', id: `${articleId(c, 's1')} OR 1=1` }),
      );
      t.is(bad.code, 'ACCESS_DENIED', 'a malformed id, as vtiger 8.2 (malformed-ids.test.ts)');
    } finally {
      c.gw.store.db.knex.removeListener('query', record);
    }
    const feedSql = sent.filter((q) => /feed/i.test(q.sql));
    t.true(feedSql.length >= 4, 'the value cases ran');
    for (const q of feedSql) {
      t.regex(q.sql, /^select /i, q.sql);
      t.notRegex(q.sql, /password_hash|owner_key = 'shared'|DELETE|DROP|UNION|1=1/i, q.sql);
    }
    t.true(
      sent.some((q) => q.bindings.includes("' OR '1'='1")),
      'the quote-breaking value was a bound parameter',
    );
    t.deepEqual(
      { feeds: await feedSnapshot(c.gw.store), store: await storeCounts(c.gw.store) },
      before,
    );
  },
);
