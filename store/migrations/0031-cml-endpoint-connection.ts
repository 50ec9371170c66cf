// The gateway's own 1C endpoint joins the connections table of web shops (store/shops/cml-endpoint.ts,
// README "1C exchange (CommerceML 2)"): a `kind` column (`shop` for every existing row,
// `1c-endpoint` for the endpoint), and the endpoint's settings — on/off, the encoding of
// mode=query, the status map — copied from their former global settings keys, which are then
// dropped, so an upgraded gateway keeps behaving as configured. With no user yet (a new
// install) there is nothing to copy; the first change creates the row.
import type { Knex } from 'knex';
import { nowUtc } from '../db.js';

const KEYS = {
  enabled: 'commerceml.enabled',
  encoding: 'commerceml.sale.encoding',
  statuses: 'commerceml.sale.statuses',
};

async function setting<T>(knex: Knex, key: string, fallback: T): Promise<T> {
  const row = await knex('settings').where({ key }).first<{ value: string } | undefined>('value');
  if (!row) return fallback;
  try {
    return JSON.parse(row.value) as T;
  } catch {
    return fallback;
  }
}

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('shop_connections', (t) => {
    t.string('kind', 16).notNullable().defaultTo('shop');
  });
  const owner = await knex('users')
    .orderBy([{ column: 'is_admin', order: 'desc' }, 'id'])
    .first<{ id: number } | undefined>('id');
  if (!owner) return;
  const statuses = await setting<Record<string, string>>(knex, KEYS.statuses, {});
  await knex('shop_connections').insert({
    kind: '1c-endpoint',
    name: '1C endpoint (/1c_exchange.php)',
    url: '/1c_exchange.php',
    login: '',
    secrets: '',
    user_id: owner.id,
    encoding: await setting(knex, KEYS.encoding, 'utf-8'),
    status_map: JSON.stringify(Object.entries(statuses).map(([site, crm]) => ({ site, crm }))),
    active: await setting(knex, KEYS.enabled, true),
    created_at: nowUtc(),
  });
  await knex('settings').whereIn('key', Object.values(KEYS)).delete();
}

export async function down(knex: Knex): Promise<void> {
  const row = await knex('shop_connections')
    .where({ kind: '1c-endpoint' })
    .first<{ active: boolean | number; encoding: string; status_map: string } | undefined>(
      'active',
      'encoding',
      'status_map',
    );
  if (row) {
    const pairs = JSON.parse(row.status_map) as { site: string; crm: string }[];
    const back: [string, unknown][] = [
      [KEYS.enabled, Boolean(row.active)],
      [KEYS.encoding, row.encoding],
      [KEYS.statuses, Object.fromEntries(pairs.map((p) => [p.site, p.crm]))],
    ];
    for (const [key, value] of back)
      await knex('settings')
        .insert({ key, value: JSON.stringify(value), updated_at: nowUtc() })
        .onConflict('key')
        .merge();
    await knex('shop_connections').where({ kind: '1c-endpoint' }).delete();
  }
  await knex.schema.alterTable('shop_connections', (t) => {
    t.dropColumn('kind');
  });
}
