import test, { type ExecutionContext } from 'ava';
import type { Knex } from 'knex';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { MIGRATION_NAMES, migrationSource } from '../../store/migrations/index.js';
import { openStore, type Store } from '../../store/store.js';
import { freshPgDatabase, type PgDatabase } from '../helpers/pg-database.js';
import { requirePeer } from '../helpers/peers.js';
import { startTestGateway } from '../helpers/gateway.js';

/** A migrated PostgreSQL database and one raw connection to it, both gone when the test ends. */
async function migratedPg(t: ExecutionContext): Promise<{ pg: PgDatabase; raw: Knex } | null> {
  const pg = await freshPgDatabase();
  if (!requirePeer('postgresql', pg !== null, t) || !pg) return null;
  t.teardown(() => pg.drop());
  const { default: knexFactory } = await import('knex');
  const raw = knexFactory({ client: 'pg', connection: pg.url, pool: { min: 0, max: 1 } });
  t.teardown(() => raw.destroy());
  return { pg, raw };
}

async function closeAll(stores: readonly Store[]): Promise<void> {
  await Promise.all(stores.map((s) => s.close()));
}

test('three processes starting at once on a fresh SQLite file all migrate', async (t) => {
  t.timeout(60_000);
  const dir = mkdtempSync(path.join(tmpdir(), 'gw-mig-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, 'gateway.sqlite');
  const stores = await Promise.all(
    [1, 2, 3].map(() => openStore({ kind: 'sqlite', file, busyTimeoutMs: 5000 })),
  );
  t.teardown(() => closeAll(stores));
  const rows = await stores[0]?.db.knex('knex_migrations').select('name');
  t.deepEqual(
    rows?.map((r: { name: string }) => r.name),
    await migrationSource.getMigrations([]),
  );
});

test('three replicas asked to migrate at once on a fresh PostgreSQL database all migrate', async (t) => {
  t.timeout(180_000);
  const pg = await freshPgDatabase({ migrated: false });
  if (!requirePeer('postgresql', pg !== null, t) || !pg) return;
  t.teardown(() => pg.drop());
  const stores = await Promise.all(
    [1, 2, 3].map(() => openStore({ kind: 'pg', url: pg.url, poolMax: 2, runMigrations: true })),
  );
  t.teardown(() => closeAll(stores));
  const rows = await stores[0]?.db.knex('knex_migrations').select('name');
  t.deepEqual(
    rows?.map((r: { name: string }) => r.name),
    await migrationSource.getMigrations([]),
  );
  for (const s of stores) t.true(await s.db.knex.schema.hasTable('mod_accounts'));
});

test('a knex migration lock left set by a failed run does not block the next start on SQLite', async (t) => {
  t.timeout(60_000);
  const dir = mkdtempSync(path.join(tmpdir(), 'gw-mig-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, 'gateway.sqlite');
  const first = await openStore({ kind: 'sqlite', file, busyTimeoutMs: 5000 });
  await first.db.knex('knex_migrations_lock').update({ is_locked: 1 });
  await first.close();
  const again = await openStore({ kind: 'sqlite', file, busyTimeoutMs: 5000 });
  t.teardown(() => again.close());
  t.true(await again.db.knex.schema.hasTable('crm_entities'));
  t.is(
    Number(
      (await again.db.knex('knex_migrations_lock').first<{ is_locked: number }>('is_locked'))
        ?.is_locked,
    ),
    0,
  );
});

test('opening a current SQLite store writes nothing (a CLI call never waits for the write lock of the server)', async (t) => {
  t.timeout(60_000);
  const dir = mkdtempSync(path.join(tmpdir(), 'gw-mig-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, 'gateway.sqlite');
  const server = await openStore({ kind: 'sqlite', file, busyTimeoutMs: 5000 });
  t.teardown(() => server.close());
  const version = async (): Promise<number> =>
    Number(
      ((await server.db.knex.raw('PRAGMA data_version')) as { data_version: number }[])[0]
        ?.data_version,
    );
  const before = await version();
  const cli = await openStore({ kind: 'sqlite', file, busyTimeoutMs: 5000 });
  await cli.close();
  t.is(await version(), before, 'no other connection committed anything');
});

test('a knex lock table left with two rows by a start race does not block the next start on PostgreSQL', async (t) => {
  t.timeout(180_000);
  const pg = await freshPgDatabase({ migrated: false });
  if (!requirePeer('postgresql', pg !== null, t) || !pg) return;
  t.teardown(() => pg.drop());
  // What two replicas creating knex's lock table at the same moment leave behind: knex then
  // finds two rows to update where it expects one, and reports the table locked for good.
  const { default: knexFactory } = await import('knex');
  const raw = knexFactory({ client: 'pg', connection: pg.url, pool: { min: 0, max: 1 } });
  await raw.schema.createTable('knex_migrations_lock', (table) => {
    table.increments('index').primary();
    table.integer('is_locked');
  });
  await raw('knex_migrations_lock').insert([{ is_locked: 0 }, { is_locked: 0 }]);
  await raw.destroy();
  const started = Date.now();
  const store = await openStore({ kind: 'pg', url: pg.url, poolMax: 2, runMigrations: true });
  t.teardown(() => store.close());
  t.true(await store.db.knex.schema.hasTable('crm_entities'));
  t.true(Date.now() - started < 60_000);
  const rows = await store.db
    .knex('knex_migrations_lock')
    .select<{ is_locked: number }[]>('is_locked');
  t.deepEqual(
    rows.map((r) => Number(r.is_locked)),
    [0],
  );
});

test('opening PostgreSQL without being asked to migrate refuses an empty database and leaves it empty', async (t) => {
  t.timeout(120_000);
  const pg = await freshPgDatabase({ migrated: false });
  if (!requirePeer('postgresql', pg !== null, t) || !pg) return;
  t.teardown(() => pg.drop());
  const err = await t.throwsAsync(openStore({ kind: 'pg', url: pg.url, poolMax: 2 }));
  t.regex(err?.message ?? '', /schema is older than this gateway/);
  t.regex(err?.message ?? '', /npm run migrate/);
  t.true((err?.message ?? '').includes(MIGRATION_NAMES.at(-1) ?? '?'));
  const { default: knexFactory } = await import('knex');
  const raw = knexFactory({ client: 'pg', connection: pg.url, pool: { min: 0, max: 1 } });
  t.teardown(() => raw.destroy());
  t.false(await raw.schema.hasTable('knex_migrations'));
  t.false(await raw.schema.hasTable('crm_entities'));
});

test('a PostgreSQL schema one migration behind is refused with the step to take, not migrated', async (t) => {
  t.timeout(120_000);
  const migrated = await migratedPg(t);
  if (!migrated) return;
  const { pg, raw } = migrated;
  const last = MIGRATION_NAMES.at(-1) ?? '';
  await raw('knex_migrations').where({ name: last }).delete();
  const err = await t.throwsAsync(openStore({ kind: 'pg', url: pg.url, poolMax: 2 }));
  t.regex(err?.message ?? '', /older than this gateway.*1 migration\(s\) pending.*npm run migrate/);
  t.is(
    Number((await raw('knex_migrations').count<{ n: number }[]>({ n: '*' }))[0]?.n),
    MIGRATION_NAMES.length - 1,
  );
});

test('a gateway refuses to start on a PostgreSQL schema newer than it knows, naming both versions', async (t) => {
  t.timeout(120_000);
  const migrated = await migratedPg(t);
  if (!migrated) return;
  const { pg, raw } = migrated;
  await raw('knex_migrations').insert({
    name: '9999-from-a-newer-version',
    batch: 99,
    migration_time: new Date(),
  });
  const err = await t.throwsAsync(
    startTestGateway({ GATEWAY_DATABASE_URL: pg.url, GATEWAY_SECRET_KEY: 'ab'.repeat(32) }),
  );
  t.regex(err?.message ?? '', /schema is newer than this gateway/);
  t.true((err?.message ?? '').includes('9999-from-a-newer-version'));
  t.true((err?.message ?? '').includes(`knows up to ${MIGRATION_NAMES.at(-1) ?? '?'}`));
});

test('GATEWAY_RUN_MIGRATIONS=true lets a gateway start migrate an empty PostgreSQL database', async (t) => {
  t.timeout(180_000);
  const pg = await freshPgDatabase({ migrated: false });
  if (!requirePeer('postgresql', pg !== null, t) || !pg) return;
  t.teardown(() => pg.drop());
  const gw = await startTestGateway({
    GATEWAY_DATABASE_URL: pg.url,
    GATEWAY_SECRET_KEY: 'ab'.repeat(32),
    GATEWAY_RUN_MIGRATIONS: 'true',
  });
  t.teardown(() => gw.dispose());
  const rows = await gw.store.db.knex('knex_migrations').orderBy('id').pluck<string[]>('name');
  t.deepEqual(rows, [...MIGRATION_NAMES]);
});
