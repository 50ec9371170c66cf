// The 1C endpoint's settings moved from global settings keys into the connections table
// (store/shops/cml-endpoint.ts): a store an older gateway left with the endpoint switched off,
// windows-1251 and a changed status map keeps all three after the upgrade; shop lists never show
// the endpoint's row; a new install without users keeps them in the old keys until a user exists.
import { randomBytes } from 'node:crypto';
import test from 'ava';
import { readCmlSettings, writeCmlSettings } from '../../gateway/commerceml/settings.js';
import { migrate } from '../../store/migrate.js';
import { SecretBox } from '../../store/secrets.js';
import { ShopConnectionRepository } from '../../store/shops/connection-repository.js';
import { emptySqlite, migrateUntil } from '../helpers/older-store.js';

test('an older store keeps its 1C endpoint settings after the upgrade', async (t) => {
  const db = emptySqlite(t, 'gw-cml-endpoint-');
  await migrateUntil(db.knex, 'cml-endpoint-connection');
  t.false(await db.knex.schema.hasColumn('shop_connections', 'kind'));
  await db.knex('users').insert({
    user_name: 'old',
    password_hash: 'x',
    access_key: 'old-key',
    last_name: 'Old',
    is_admin: true,
    created_at: '2026-01-01 00:00:00.000',
    modified_at: '2026-01-01 00:00:00.000',
  });
  const old: [string, unknown][] = [
    ['commerceml.enabled', false],
    ['commerceml.sale.encoding', 'windows-1251'],
    ['commerceml.sale.statuses', { paid: 'Approved' }],
  ];
  for (const [key, value] of old)
    await db.knex('settings').insert({
      key,
      value: JSON.stringify(value),
      updated_at: '2026-01-01 00:00:00.000',
    });

  await migrate(db.knex);
  const store = { db };
  t.deepEqual(await readCmlSettings(store), {
    enabled: false,
    encoding: 'windows-1251',
    statuses: {
      'not-posted': 'Created',
      posted: 'Approved',
      paid: 'Approved',
      cancelled: 'Cancelled',
    },
  });
  const shops = new ShopConnectionRepository(db.knex, new SecretBox(randomBytes(32)));
  t.deepEqual(await shops.list(), [], 'the endpoint is not a shop');
  await writeCmlSettings(store, { enabled: true });
  t.true((await readCmlSettings(store)).enabled);
  t.is((await readCmlSettings(store)).encoding, 'windows-1251');
});

test('a new install without users: defaults, a change kept until a user exists, then moved into the row', async (t) => {
  const db = emptySqlite(t, 'gw-cml-endpoint-');
  await migrate(db.knex);
  const store = { db };
  t.like(await readCmlSettings(store), { enabled: true, encoding: 'utf-8' });
  const refused = await t.throwsAsync(() => writeCmlSettings(store, { encoding: 'koi8-r' }));
  t.regex(refused?.message ?? '', /encoding must be/);
  await writeCmlSettings(store, { enabled: false });
  t.false((await readCmlSettings(store)).enabled, 'kept while no user exists');
  await db.knex('users').insert({
    user_name: 'admin',
    password_hash: 'x',
    access_key: 'k',
    last_name: 'A',
    is_admin: true,
    created_at: '2026-01-01 00:00:00.000',
    modified_at: '2026-01-01 00:00:00.000',
  });
  await writeCmlSettings(store, { encoding: 'windows-1251', statuses: { posted: 'Delivered' } });
  t.like(await readCmlSettings(store), { encoding: 'windows-1251', enabled: false });
  t.is(await db.knex('settings').where('key', 'like', 'commerceml.sale.enc%').first(), undefined);
  t.is((await readCmlSettings(store)).statuses.posted, 'Delivered');
  t.is(
    await db
      .knex('shop_connections')
      .where({ kind: '1c-endpoint' })
      .count<{ n: number }[]>({ n: '*' })
      .then((r) => Number(r[0]?.n)),
    1,
  );
});
