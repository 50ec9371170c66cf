// The addresses a user recently logged in from (store/login-addresses.ts), on SQLite and
// PostgreSQL: one row per user name (any case) and address, rewritten at most once an hour, and
// purged once older than the trusted time.
import { LoginAddresses } from '../../store/login-addresses.js';
import { storeTest } from '../helpers/databases.js';

const HOUR = 3_600_000;

storeTest(
  'remembered per user name and address, refreshed hourly, purged when old',
  async (t, ts) => {
    const addresses = new LoginAddresses(ts.store.db.knex);
    const start = Date.parse('2026-01-01T00:00:00Z');
    t.is(await addresses.lastSuccess('kim', '192.0.2.1'), null);
    await addresses.remember('Kim', '192.0.2.1', null, start);
    t.is(await addresses.lastSuccess('kim', '192.0.2.1'), start);
    t.is(await addresses.lastSuccess('kim', '192.0.2.2'), null);
    await addresses.remember('kim', '192.0.2.1', start, start + HOUR / 2);
    t.is(await addresses.lastSuccess('kim', '192.0.2.1'), start, 'not rewritten within the hour');
    await addresses.remember('kim', '192.0.2.1', start, start + 2 * HOUR);
    t.is(await addresses.lastSuccess('KIM', '192.0.2.1'), start + 2 * HOUR);
    await addresses.remember('kim', '192.0.2.3', null, start);
    t.is(await addresses.purgeOlderThan(HOUR, start + 2.5 * HOUR), 1);
    t.is(await addresses.lastSuccess('kim', '192.0.2.3'), null);
    t.is(await addresses.lastSuccess('kim', '192.0.2.1'), start + 2 * HOUR);
  },
);
