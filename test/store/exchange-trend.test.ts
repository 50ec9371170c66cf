// The dashboard's data on SQLite and PostgreSQL (gateway/console/README.md, Dashboard): exchanges
// per UTC day and system in the window (ok = succeeded, error and partial = failed, running and
// older ones left out), and each bridge link's last successful sync with its owner.
import { linkLags } from '../../store/bridges/link-lag.js';
import { nowUtc } from '../../store/db.js';
import { exchangesPerDay } from '../../store/exchange-trend.js';
import { storeTest } from '../helpers/databases.js';

storeTest('exchanges per day and system, and bridge link lags', async (t, ts) => {
  const knex = ts.store.db.knex;
  const now = new Date('2031-03-10T12:00:00Z');
  const row = (system: string, status: string, started: string): Record<string, unknown> => ({
    started_at: started,
    system,
    direction: 'inbound',
    status,
  });
  await knex('exchange_log').insert([
    row('1c', 'ok', '2031-03-08 09:00:00.000'),
    row('1c', 'ok', '2031-03-08 10:00:00.000'),
    row('1c', 'ok', '2031-03-08 23:59:59.999'),
    row('1c', 'error', '2031-03-08 11:00:00.000'),
    row('1c', 'running', '2031-03-08 12:00:00.000'),
    row('feeds', 'partial', '2031-03-10 01:00:00.000'),
    row('1c', 'ok', '2031-02-08 23:59:59.999'),
  ]);
  t.deepEqual(await exchangesPerDay(knex, 30, now), [
    { day: '2031-03-08', system: '1c', succeeded: 3, failed: 1 },
    { day: '2031-03-10', system: 'feeds', succeeded: 0, failed: 1 },
  ]);
  await knex('bridge_links').insert({
    system: 'caldav-bridge',
    user_id: ts.admin.userId,
    kind: 'caldav',
    endpoint: 'https://dav.example.com/',
    settings: '{}',
    secrets: 'sealed',
    last_sync_at: '2031-03-10 07:00:00.000',
    created_at: nowUtc(now),
  });
  const [lag] = await linkLags(knex, 10);
  t.like(lag, {
    system: 'caldav-bridge',
    userName: 'admin',
    active: true,
    lastSyncAt: '2031-03-10 07:00:00.000',
    failures: 0,
  });
});
