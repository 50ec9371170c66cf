// Runs a store test on SQLite always and on PostgreSQL when the peer runs (under CI=true a
// missing PostgreSQL fails instead of skipping: freshPgDatabase throws).
import test, { type ExecutionContext } from 'ava';
import { freshPgDatabase } from './pg-database.js';
import { pgStore, sqliteStore, type TestStore } from './store.js';
import { requirePeer } from './peers.js';

export type StoreTestBody = (t: ExecutionContext, ts: TestStore) => Promise<void>;

export function storeTest(
  title: string,
  body: StoreTestBody,
  options: { sqlite?: boolean; postgres?: boolean } = {},
): void {
  if (options.sqlite !== false) {
    test(`${title} [sqlite]`, async (t) => {
      const ts = await sqliteStore();
      try {
        await body(t, ts);
      } finally {
        await ts.dispose();
      }
    });
  }
  if (options.postgres !== false) {
    test(`${title} [postgres]`, async (t) => {
      const pg = await freshPgDatabase();
      if (!requirePeer('postgresql', pg !== null, t) || !pg) return;
      const ts = await pgStore(pg.url, pg.drop);
      try {
        await body(t, ts);
      } finally {
        await ts.dispose();
      }
    });
  }
}
