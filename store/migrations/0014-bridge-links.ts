// Links of every bridge in three tables (sync/README.md): bridge_links (whose records, which
// remote, sealed credentials, health, backoff and the lease of one run at a time),
// bridge_collections (a remote collection of the link with its change cursor and the last
// change-log seq pushed) and bridge_objects (each remote item as last exchanged: remote id, version,
// content hash, uid and raw content, so a CRM edit patches only the synced fields). The CalDAV
// bridge's rows move over with their ids, so sealed secrets (bound to the id), sync links
// (connection = link id) and exchange-log rows keep pointing at the same link.
import type { Knex } from 'knex';

interface OldLink {
  id: number;
  user_id: number;
  kind: string;
  url: string;
  username: string | null;
  account_email: string | null;
  auth_url: string | null;
  token_url: string | null;
  client_id: string | null;
  scopes: string | null;
  secrets: string;
  calendar_url: string | null;
  sync_token: string | null;
  last_seq: number | string;
  active: boolean | number;
  first_sync_done: boolean | number;
  last_sync_at: string | null;
  last_error: string | null;
  failures: number;
  next_attempt_at: string | null;
  last_counts: string | null;
  pull_requested_at: string | null;
  lease_holder: string | null;
  lease_until: string | null;
  created_at: string;
}

async function createTables(knex: Knex): Promise<void> {
  await knex.schema.createTable('bridge_links', (t) => {
    t.increments('id').primary();
    t.string('system', 40).notNullable();
    t.integer('user_id').notNullable().references('users.id').onDelete('CASCADE');
    t.string('kind', 20).notNullable();
    t.text('endpoint').notNullable();
    /** The system's own settings of the link (user name, OAuth endpoints ...), as JSON. */
    t.text('settings').notNullable().defaultTo('{}');
    t.text('secrets').notNullable();
    t.boolean('active').notNullable().defaultTo(true);
    t.boolean('first_sync_done').notNullable().defaultTo(false);
    t.string('last_sync_at', 23);
    t.text('last_error');
    t.integer('failures').notNullable().defaultTo(0);
    t.string('next_attempt_at', 23);
    t.text('last_counts');
    t.string('pull_requested_at', 23);
    t.string('lease_holder', 200);
    t.string('lease_until', 23);
    t.string('created_at', 23).notNullable();
    t.index(['system', 'user_id']);
  });
  await knex.schema.createTable('bridge_collections', (t) => {
    t.increments('id').primary();
    t.integer('link_id').notNullable().references('bridge_links.id').onDelete('CASCADE');
    /** The remote collection (a calendar URL ...); null until discovery chose one. */
    t.text('remote_id');
    t.text('cursor');
    t.bigInteger('last_seq').notNullable().defaultTo(0);
    t.index(['link_id']);
  });
  await knex.schema.createTable('bridge_objects', (t) => {
    t.integer('link_id').notNullable().references('bridge_links.id').onDelete('CASCADE');
    t.string('remote_id', 1000).notNullable();
    t.integer('record_id').references('crm_entities.id').onDelete('CASCADE');
    t.string('uid', 500).notNullable();
    t.text('version');
    t.text('raw').notNullable();
    t.string('content_hash', 64).notNullable();
    t.primary(['link_id', 'remote_id']);
    t.index(['link_id', 'record_id']);
    t.index(['link_id', 'uid']);
  });
}

const settingsOf = (r: OldLink): string =>
  JSON.stringify({
    username: r.username,
    accountEmail: r.account_email,
    authUrl: r.auth_url,
    tokenUrl: r.token_url,
    clientId: r.client_id,
    scopes: r.scopes,
  });

async function moveCaldavLinks(knex: Knex): Promise<void> {
  const links = await knex<OldLink>('caldav_links').orderBy('id');
  for (const r of links) {
    await knex('bridge_links').insert({
      id: r.id,
      system: 'caldav-bridge',
      user_id: r.user_id,
      kind: r.kind,
      endpoint: r.url,
      settings: settingsOf(r),
      secrets: r.secrets,
      active: Boolean(r.active),
      first_sync_done: Boolean(r.first_sync_done),
      last_sync_at: r.last_sync_at,
      last_error: r.last_error,
      failures: r.failures,
      next_attempt_at: r.next_attempt_at,
      last_counts: r.last_counts,
      pull_requested_at: r.pull_requested_at,
      lease_holder: r.lease_holder,
      lease_until: r.lease_until,
      created_at: r.created_at,
    });
    await knex('bridge_collections').insert({
      link_id: r.id,
      remote_id: r.calendar_url,
      cursor: r.sync_token,
      last_seq: r.last_seq,
    });
  }
  await knex.raw(
    `INSERT INTO bridge_objects (link_id, remote_id, record_id, uid, version, raw, content_hash)
     SELECT link_id, href, record_id, uid, etag, ics, content_hash FROM caldav_link_objects`,
  );
  // Ids were copied: PostgreSQL's sequence must continue after them (SQLite's AUTOINCREMENT does).
  if (knex.client.config.client === 'pg' && links.length > 0)
    await knex.raw(
      `SELECT setval(pg_get_serial_sequence('bridge_links', 'id'), (SELECT MAX(id) FROM bridge_links))`,
    );
}

export async function up(knex: Knex): Promise<void> {
  await createTables(knex);
  await moveCaldavLinks(knex);
  await knex.schema.dropTable('caldav_link_objects');
  await knex.schema.dropTable('caldav_links');
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('bridge_objects');
  await knex.schema.dropTableIfExists('bridge_collections');
  await knex.schema.dropTableIfExists('bridge_links');
}
