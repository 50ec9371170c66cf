// CalDAV bridge links in the store (migration 0011), on SQLite and PostgreSQL: secrets sealed with
// AES-256-GCM and bound to their link, a wrong key refused loudly, objects mirrored into sync_links,
// removal of a link taking its objects and sync links, backoff growing per failure. And the key
// setting: GATEWAY_SECRET_KEY in hex or base64, a clear ConfigError otherwise, a key file for SQLite.
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import test from 'ava';
import { loadSecretKey } from '../../gateway/caldav-bridge/secret-key.js';
import { ConfigError, loadConfig } from '../../gateway/config.js';
import { CaldavLinkRepository, ownedRecordIds } from '../../store/caldav-links/link-repository.js';
import { NO_COUNTS } from '../../store/caldav-links/link-types.js';
import { SecretBox } from '../../store/secrets.js';
import { getModule } from '../../store/modules/registry.js';
import { storeTest } from '../helpers/databases.js';

const KEY = Buffer.alloc(32, 7);

storeTest(
  'links keep secrets sealed, objects mirrored in sync_links, and back off per failure',
  async (t, { store, admin }) => {
    const links = new CaldavLinkRepository(store.db.knex, new SecretBox(KEY));
    const ev = await store.records.create(admin, 'Events', {
      values: {
        subject: 'S',
        date_start: '2030-01-01',
        time_start: '10:00:00',
        due_date: '2030-01-01',
        time_end: '11:00:00',
        eventstatus: 'Planned',
        activitytype: 'Meeting',
      },
    });
    const link = await links.create({
      userId: admin.userId,
      kind: 'caldav',
      url: 'https://dav.example.com/',
      username: 'u',
      secrets: { password: 'pa55-word' },
    });
    t.is(
      link.lastSeq,
      await store.changeLog.latestSeq(),
      'a new link starts at the end of the change log',
    );
    const raw = await store.db
      .knex('bridge_links')
      .where({ id: link.id })
      .first<{ secrets: string }>('secrets');
    t.false(raw.secrets.includes('pa55-word'));
    t.deepEqual(await links.secrets(link.id), { password: 'pa55-word' });
    // A sealed value copied onto another link does not open there.
    const other = await links.create({
      userId: admin.userId,
      kind: 'caldav',
      url: 'https://dav.example.com/',
      username: 'v',
      secrets: { password: 'x' },
    });
    await store.db.knex('bridge_links').where({ id: other.id }).update({ secrets: raw.secrets });
    await t.throwsAsync(links.secrets(other.id), { message: /cannot decrypt/ });
    await t.throwsAsync(
      new CaldavLinkRepository(store.db.knex, new SecretBox(Buffer.alloc(32, 8))).secrets(link.id),
      { message: /GATEWAY_SECRET_KEY/ },
    );

    await links.saveObject(
      {
        linkId: link.id,
        href: 'https://dav.example.com/c/a.ics',
        recordId: ev.id,
        uid: 'a@x',
        etag: '"1"',
        ics: 'BEGIN:VCALENDAR',
        contentHash: 'h1',
      },
      'Events',
    );
    const mirrored = await store.syncLinks.forConnection('caldav-bridge', String(link.id));
    t.like(mirrored[0], {
      remoteId: 'https://dav.example.com/c/a.ics',
      recordId: ev.id,
      remoteEtag: '"1"',
      contentHash: 'h1',
    });
    t.is((await links.objectForRecord(link.id, ev.id))?.uid, 'a@x');
    t.is((await links.objectByUid(link.id, 'a@x'))?.href, 'https://dav.example.com/c/a.ics');
    t.deepEqual(await ownedRecordIds(store.db.knex, 'Events', admin.userId), [ev.id]);

    const now = new Date('2030-01-01T00:00:00Z');
    const once = await links.failed(link.id, 'boom', now, { baseMs: 1000, maxMs: 3000 });
    t.is(once.failures, 1);
    t.is(once.nextAttemptAt, '2030-01-01 00:00:01.000');
    await links.failed(link.id, 'boom', now, { baseMs: 1000, maxMs: 3000 });
    const thrice = await links.failed(link.id, 'boom', now, { baseMs: 1000, maxMs: 3000 });
    t.is(thrice.nextAttemptAt, '2030-01-01 00:00:03.000', 'capped');
    await links.succeeded(link.id, NO_COUNTS, now, true);
    t.like(await links.mustGet(link.id), {
      failures: 0,
      lastError: null,
      nextAttemptAt: null,
      lastSyncAt: '2030-01-01 00:00:00.000',
    });

    await links.remove(link.id);
    t.is(await links.get(link.id), null);
    t.deepEqual(await store.syncLinks.forConnection('caldav-bridge', String(link.id)), []);
    t.deepEqual(await links.objects(link.id), []);
    t.not(await store.records.read(getModule('Events'), ev.id), null, 'the CRM record stays');
  },
);

test('GATEWAY_SECRET_KEY: hex or base64 of 32 bytes, else a ConfigError naming it', (t) => {
  const hex = 'ab'.repeat(32);
  t.is(loadConfig({ GATEWAY_SECRET_KEY: hex }).secretKey, hex);
  t.is(
    loadConfig({ GATEWAY_SECRET_KEY: Buffer.alloc(32, 1).toString('base64') }).secretKey,
    '01'.repeat(32),
  );
  t.is(loadConfig({}).secretKey, null);
  const err = t.throws(() => loadConfig({ GATEWAY_SECRET_KEY: 'too-short' }), {
    instanceOf: ConfigError,
  });
  t.is(err?.variable, 'GATEWAY_SECRET_KEY');
});

test('without a key: a 0600 key file in the data directory on SQLite, a ConfigError with PostgreSQL', (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'gw-key-'));
  try {
    const first = loadSecretKey({ secretKey: null, databaseUrl: null, dataDir: dir });
    t.is(first.length, 32);
    t.is(statSync(path.join(dir, 'secret.key')).mode & 0o777, 0o600);
    t.deepEqual(
      loadSecretKey({ secretKey: null, databaseUrl: null, dataDir: dir }),
      first,
      'the same key on the next start',
    );
    t.is(
      Buffer.from(readFileSync(path.join(dir, 'secret.key'), 'utf8').trim(), 'base64').length,
      32,
    );
    const err = t.throws(
      () => loadSecretKey({ secretKey: null, databaseUrl: 'postgres://x@h/db', dataDir: dir }),
      { instanceOf: ConfigError },
    );
    t.regex(err?.message ?? '', /GATEWAY_SECRET_KEY: required with GATEWAY_DATABASE_URL/);
    t.deepEqual(
      loadSecretKey({ secretKey: 'cd'.repeat(32), databaseUrl: 'postgres://x@h/db', dataDir: dir }),
      Buffer.alloc(32, 0xcd),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
