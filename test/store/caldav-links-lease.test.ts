// The lease of a CalDAV bridge link (migration 0012): of many takers at the same moment exactly one
// wins; it can renew and release; others get it only once released or expired; a lost lease cannot
// be renewed. On SQLite and PostgreSQL.
import { BridgeLease } from '../../store/bridges/lease.js';
import { CaldavLinkRepository } from '../../store/caldav-links/link-repository.js';
import { SecretBox } from '../../store/secrets.js';
import { storeTest } from '../helpers/databases.js';

storeTest('one holder per link lease; renew, release and expiry', async (t, { store, admin }) => {
  const links = new CaldavLinkRepository(store.db.knex, new SecretBox(Buffer.alloc(32, 7)));
  const link = await links.create({
    userId: admin.userId,
    kind: 'caldav',
    url: 'https://dav.example.com/',
    username: 'u',
    secrets: { password: 'p' },
  });
  const other = await links.create({
    userId: admin.userId,
    kind: 'caldav',
    url: 'https://dav.example.com/',
    username: 'v',
    secrets: { password: 'p' },
  });
  // The caller's clock, moved by the test (the database's clock: db-clock-leases.test.ts).
  const lease = new BridgeLease(store.db.knex, 'caller');
  const t0 = Date.parse('2030-01-01T00:00:00Z');
  const takers = Array.from({ length: 8 }, (_, i) => `holder-${i}`);
  const won = await Promise.all(takers.map((h) => lease.take(link.id, h, t0, 60_000)));
  t.is(won.filter(Boolean).length, 1, 'exactly one of eight simultaneous takers');
  const holder = takers[won.indexOf(true)] as string;
  t.like(await lease.state(link.id), { holder, until: '2030-01-01 00:01:00.000' });
  t.true(await lease.take(other.id, 'holder-x', t0, 60_000), 'leases are per link');
  t.false(await lease.take(link.id, 'late', t0 + 30_000, 60_000));
  t.true(await lease.renew(link.id, holder, t0 + 30_000, 60_000));
  t.false(
    await lease.take(link.id, 'late', t0 + 70_000, 60_000),
    'renewed, so not expired at +70 s',
  );
  t.true(await lease.take(link.id, 'late', t0 + 91_000, 60_000), 'expired after the renewed time');
  t.false(await lease.renew(link.id, holder, t0 + 92_000, 60_000), 'a lost lease is not renewed');
  await lease.release(link.id, holder);
  t.like(await lease.state(link.id), { holder: 'late' }, 'a former holder cannot release it');
  await lease.release(link.id, 'late');
  t.deepEqual(await lease.state(link.id), { holder: null, until: null });
  t.true(await lease.take(link.id, holder, t0 + 93_000, 60_000));
});
