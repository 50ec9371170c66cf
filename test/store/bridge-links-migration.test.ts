// Migration 0014 moves the CalDAV bridge's links and objects into the generic bridge tables, on
// SQLite and PostgreSQL: ids, sealed secrets (bound to the id), calendar, sync token, change-log
// position, health, lease and every object come over; new links number on after the old ones.
import * as caldavLinks from '../../store/migrations/0011-caldav-links.js';
import * as caldavLinkLease from '../../store/migrations/0012-caldav-link-lease.js';
import * as bridgeLinks from '../../store/migrations/0014-bridge-links.js';
import { CaldavLinkRepository } from '../../store/caldav-links/link-repository.js';
import { SecretBox } from '../../store/secrets.js';
import { storeTest } from '../helpers/databases.js';

storeTest('caldav_links rows keep working after the move to bridge_links', async (t, ts) => {
  const { store, admin } = ts;
  const knex = store.db.knex;
  const box = new SecretBox(Buffer.alloc(32, 5));
  const ev = await store.records.create(admin, 'Events', {
    values: {
      subject: 'S',
      date_start: '2031-01-01',
      time_start: '10:00:00',
      due_date: '2031-01-01',
      time_end: '11:00:00',
      eventstatus: 'Planned',
      activitytype: 'Meeting',
    },
  });
  // The schema as it was before 0014, with one link as an older gateway wrote it.
  await bridgeLinks.down(knex);
  await caldavLinks.up(knex);
  await caldavLinkLease.up(knex);
  await knex('caldav_links').insert({
    id: 7,
    user_id: admin.userId,
    kind: 'oauth',
    url: 'https://dav.example.com/',
    username: 'u',
    token_url: 'https://auth.example.com/token',
    client_id: 'cid',
    secrets: box.seal(JSON.stringify({ refreshToken: 'rt-old' }), 'caldav-link:7'),
    calendar_url: 'https://dav.example.com/cal/',
    sync_token: 'tok-9',
    last_seq: 42,
    first_sync_done: true,
    failures: 2,
    last_error: 'boom',
    lease_holder: 'host:1',
    lease_until: '2031-01-01 00:00:00.000',
    created_at: '2030-01-01 00:00:00.000',
  });
  await knex('caldav_link_objects').insert({
    link_id: 7,
    href: 'https://dav.example.com/cal/a.ics',
    record_id: ev.id,
    uid: 'a@x',
    etag: '"e1"',
    ics: 'BEGIN:VCALENDAR',
    content_hash: 'h1',
  });
  await bridgeLinks.up(knex);

  t.false(await knex.schema.hasTable('caldav_links'));
  const links = new CaldavLinkRepository(knex, box);
  t.like(await links.mustGet(7), {
    userId: admin.userId,
    kind: 'oauth',
    url: 'https://dav.example.com/',
    username: 'u',
    tokenUrl: 'https://auth.example.com/token',
    clientId: 'cid',
    calendarUrl: 'https://dav.example.com/cal/',
    syncToken: 'tok-9',
    lastSeq: 42,
    firstSyncDone: true,
    failures: 2,
    lastError: 'boom',
  });
  t.deepEqual(await links.secrets(7), { refreshToken: 'rt-old' }, 'sealed secrets still open');
  t.like(await links.objectByUid(7, 'a@x'), {
    href: 'https://dav.example.com/cal/a.ics',
    recordId: ev.id,
    etag: '"e1"',
    ics: 'BEGIN:VCALENDAR',
    contentHash: 'h1',
  });
  t.like(await knex('bridge_links').where({ id: 7 }).first('lease_holder', 'system'), {
    lease_holder: 'host:1',
    system: 'caldav-bridge',
  });
  const next = await links.create({
    userId: admin.userId,
    kind: 'caldav',
    url: 'https://dav.example.com/',
    secrets: { password: 'p' },
  });
  t.true(next.id > 7, 'new links number on after the moved ones');
});
