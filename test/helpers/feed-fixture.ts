// Feeds and articles put straight into the feed store for the REST tests of the Rss and
// RssArticles modules: one feed of the admin, one of bob, one shared, and a fourth user (carol)
// with a large feed for the LIMIT caps. Times are store text with milliseconds, as the fetcher
// writes them; the flags differ per user so each caller's read/starred can be told apart.
import { createHash } from 'node:crypto';
import { ArticleRepository } from '../../store/feeds/article-repository.js';
import { FeedRepository } from '../../store/feeds/feed-repository.js';
import type { ArticleInput } from '../../store/feeds/feed-types.js';
import type { Store } from '../../store/store.js';

export const CAROL_ACCESS_KEY = 'carolAccessKey012345';
export const CAROL_ARTICLES = 120;

export interface SeededFeeds {
  readonly adminId: number;
  readonly bobId: number;
  readonly carolId: number;
  /** Feed ids: the admin's, bob's, the shared one, carol's. */
  readonly feeds: {
    readonly admin: number;
    readonly bob: number;
    readonly shared: number;
    readonly carol: number;
  };
  /** Article ids by key (a1..a3 admin, b1 bob, s1..s2 shared). */
  readonly articles: Readonly<Record<'a1' | 'a2' | 'a3' | 'b1' | 's1' | 's2', number>>;
}

const sha = (text: string): string => createHash('sha256').update(text).digest('hex');

function item(
  key: string,
  title: string,
  publishedAt: string | null,
  author: string | null = 'Ann Author',
): ArticleInput {
  return {
    dedupeKey: sha(key),
    guid: key,
    link: `https://news.example/${key}`,
    title,
    author,
    publishedAt,
    updatedAt: null,
    summary: `<p>${title}</p>`,
    content: `<p>${title}, in full.</p>`,
    enclosures: [],
    contentHash: sha(title),
  };
}

async function articleId(store: Store, feedId: number, key: string): Promise<number> {
  const row = await store.db
    .knex('feed_articles')
    .where({ feed_id: feedId, dedupe_key: sha(key) })
    .first<{ id: number } | undefined>('id');
  if (!row) throw new Error(`article ${key} missing`);
  return Number(row.id);
}

export async function seedFeeds(store: Store, bobId: number): Promise<SeededFeeds> {
  const admin = await store.users.findByUserName('admin');
  if (!admin) throw new Error('no admin');
  const carol = await store.users.create({
    userName: 'carol',
    password: 'carol-password-1',
    accessKey: CAROL_ACCESS_KEY,
    lastName: 'Carol',
  });
  const feedRepo = new FeedRepository(store.db.knex);
  const articleRepo = new ArticleRepository(store.db.knex);
  const now = new Date('2024-03-10T12:00:00Z');
  const feed = async (
    ownerUserId: number | null,
    url: string,
    title: string,
    folder: string | null,
  ): Promise<number> =>
    (
      await feedRepo.create(
        { url, ownerUserId, title, folder, refreshSeconds: 900, createdBy: admin.id },
        now,
      )
    ).id;
  const feeds = {
    admin: await feed(admin.id, 'https://admin.example/feed.xml', 'Admin News', 'Work'),
    bob: await feed(bobId, 'https://bob.example/feed.xml', 'Bob Secret', null),
    shared: await feed(null, 'https://shared.example/feed.xml', 'Industry Wire', 'News'),
    carol: await feed(carol.id, 'https://carol.example/feed.xml', 'Carol Bulk', null),
  };
  await articleRepo.upsert(
    feeds.admin,
    [
      item('a1', 'Quarterly results', '2024-03-01 10:00:00.000'),
      item('a2', "O'Brien joins the board", '2024-03-05 08:30:15.250', 'Bea Writer'),
      item('a3', 'Undated memo', null, null),
    ],
    now,
  );
  await articleRepo.upsert(
    feeds.bob,
    [item('b1', 'Bob private plan', '2024-03-02 09:00:00.000')],
    now,
  );
  await articleRepo.upsert(
    feeds.shared,
    [
      item('s1', 'Market update', '2024-03-03 12:00:00.000'),
      item('s2', 'Prices rise 5%', '2024-03-04 07:45:00.000', 'Bea Writer'),
    ],
    now,
  );
  const bulk = Array.from({ length: CAROL_ARTICLES }, (_, i) =>
    item(`c${i}`, `Bulk ${i}`, '2024-02-01 00:00:00.000'),
  );
  await articleRepo.upsert(feeds.carol, bulk, now);
  const ids = {
    a1: await articleId(store, feeds.admin, 'a1'),
    a2: await articleId(store, feeds.admin, 'a2'),
    a3: await articleId(store, feeds.admin, 'a3'),
    b1: await articleId(store, feeds.bob, 'b1'),
    s1: await articleId(store, feeds.shared, 's1'),
    s2: await articleId(store, feeds.shared, 's2'),
  };
  // admin: read a1 and s1, starred s2; bob: read s2 and b1, starred s1.
  await articleRepo.setFlag(admin.id, ids.a1, 'read', true, now);
  await articleRepo.setFlag(admin.id, ids.s1, 'read', true, now);
  await articleRepo.setFlag(admin.id, ids.s2, 'starred', true, now);
  await articleRepo.setFlag(bobId, ids.s2, 'read', true, now);
  await articleRepo.setFlag(bobId, ids.b1, 'read', true, now);
  await articleRepo.setFlag(bobId, ids.s1, 'starred', true, now);
  return { adminId: admin.id, bobId, carolId: carol.id, feeds, articles: ids };
}

/** Row counts of the feed tables, and their content hash, to prove a refused call changed nothing. */
export async function feedSnapshot(store: Store): Promise<string> {
  const out: unknown[] = [];
  for (const table of ['feeds', 'feed_articles', 'feed_article_states']) {
    out.push(await store.db.knex(table).select('*').orderByRaw('1, 2'));
  }
  return sha(JSON.stringify(out));
}
