import test from 'ava';
import knex from 'knex';
import { freshPgDatabase } from './pg-database.js';
import { pgUrl, requirePeer } from './peers.js';

test('freshPgDatabase gives a database that answers queries, and drop() removes it', async (t) => {
  const fresh = await freshPgDatabase(); // throws under CI=true when the peer is missing
  if (!requirePeer('postgresql', fresh !== null, t) || fresh === null) return;
  t.teardown(() => fresh.drop());

  const name = new URL(fresh.url).pathname.slice(1);
  t.regex(name, /^gw_test_\d+_[0-9a-f]{8}$/);

  const db = knex({ client: 'pg', connection: fresh.url, pool: { min: 0, max: 2 } });
  try {
    const result = (await db.raw('select 1 as one, current_database() as name')) as {
      rows: Array<{ one: number; name: string }>;
    };
    t.deepEqual(result.rows, [{ one: 1, name }]);
  } finally {
    await db.destroy();
  }

  const held = knex({ client: 'pg', connection: fresh.url, pool: { min: 0, max: 1 } });
  await held.raw('select 1'); // an open connection must not stop drop()
  await fresh.drop();
  await held.destroy().catch(() => undefined);
  await fresh.drop(); // idempotent

  const admin = knex({ client: 'pg', connection: pgUrl() ?? '', pool: { min: 0, max: 1 } });
  try {
    const left = await admin('pg_database')
      .where({ datname: name })
      .count<Array<{ count: string }>>('* as count');
    t.is(Number(left[0]?.count), 0);
  } finally {
    await admin.destroy();
  }
});

test('two fresh databases are distinct', async (t) => {
  const [a, b] = await Promise.all([freshPgDatabase(), freshPgDatabase()]);
  if (!requirePeer('postgresql', a !== null && b !== null, t) || a === null || b === null) return;
  t.teardown(async () => {
    await Promise.all([a.drop(), b.drop()]);
  });
  t.not(a.url, b.url);
});
