// A fresh, uniquely named PostgreSQL database per test on the cluster from
// scripts/test-peers.sh, so repository tests on PostgreSQL never share state. It is migrated
// as an operator would (`npm run migrate`), since neither a gateway start nor openStore migrates
// PostgreSQL unless asked (store/schema-version.ts).
import { randomBytes } from 'node:crypto';
import knex, { type Knex } from 'knex';
import { migrate } from '../../store/migrate.js';
import { ciStrict, pgUrl } from './peers.js';

export interface PgDatabase {
  /** Connection URL of the new database. */
  url: string;
  /** Ends every connection to the database and drops it; safe to call twice. */
  drop(): Promise<void>;
}

async function withAdmin<T>(adminUrl: string, run: (db: Knex) => Promise<T>): Promise<T> {
  const db = knex({ client: 'pg', connection: adminUrl, pool: { min: 0, max: 1 } });
  try {
    return await run(db);
  } finally {
    await db.destroy();
  }
}

function databaseUrl(adminUrl: string, name: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function freshPgDatabase(
  options: { migrated?: boolean } = {},
): Promise<PgDatabase | null> {
  const adminUrl = pgUrl();
  if (adminUrl === null) {
    if (ciStrict) {
      throw new Error(
        'PostgreSQL peer missing under CI=true: run `bash scripts/test-peers.sh` as root ' +
          '(it writes GATEWAY_TEST_PG_URL to .tmp/peers.env)',
      );
    }
    return null;
  }
  const name = `gw_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  await withAdmin(adminUrl, (db) => db.raw('create database ??', [name]));
  if (options.migrated !== false) await withAdmin(databaseUrl(adminUrl, name), (db) => migrate(db));
  return {
    url: databaseUrl(adminUrl, name),
    drop: () =>
      withAdmin(adminUrl, async (db) => {
        await db.raw(
          'select pg_terminate_backend(pid) from pg_stat_activity where datname = ? and pid <> pg_backend_pid()',
          [name],
        );
        await db.raw('drop database if exists ??', [name]);
      }),
  };
}
