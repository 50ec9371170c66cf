// The webservice session cache (store/webservice-sessions.ts, gateway/rest/README.md §1): a
// session checked again within cacheMs costs no read, a logout through the repository ends it at
// once, and a removal made elsewhere takes effect within cacheMs. On SQLite and PostgreSQL.
import { WebserviceSessionRepository } from '../../store/webservice-sessions.js';
import { storeTest } from '../helpers/databases.js';

const HOUR = 3_600_000;

function repository(knex: ConstructorParameters<typeof WebserviceSessionRepository>[0]) {
  return new WebserviceSessionRepository(knex, {
    lifeMs: HOUR,
    idleMs: HOUR,
    touchEveryMs: HOUR,
    cacheMs: 300,
  });
}

storeTest('a session checked again within cacheMs is not read again', async (t, ts) => {
  const user = await ts.store.users.create({ userName: 'sam', password: 'sam-password-1' });
  const ws = repository(ts.store.db.knex);
  const name = await ws.create(user.id);
  t.like(await ws.check(name), { ok: true, userId: user.id });
  let reads = 0;
  const count = (): void => {
    reads++;
  };
  ts.store.db.knex.on('query', count);
  for (let i = 0; i < 5; i++) t.like(await ws.check(name), { ok: true, userId: user.id });
  ts.store.db.knex.off('query', count);
  t.is(reads, 0);
});

storeTest('a logout ends a cached session at once', async (t, ts) => {
  const user = await ts.store.users.create({ userName: 'sam', password: 'sam-password-1' });
  const ws = repository(ts.store.db.knex);
  const name = await ws.create(user.id);
  t.like(await ws.check(name), { ok: true });
  await ws.destroy(name);
  t.deepEqual(await ws.check(name), { ok: false, reason: 'invalid' });
});

storeTest('a removal made elsewhere ends a cached session within cacheMs', async (t, ts) => {
  const user = await ts.store.users.create({ userName: 'sam', password: 'sam-password-1' });
  const ws = repository(ts.store.db.knex);
  const name = await ws.create(user.id);
  t.like(await ws.check(name), { ok: true });
  await ts.store.users.regenerateAccessKey(user.id);
  await new Promise((resolve) => setTimeout(resolve, 350));
  t.deepEqual(await ws.check(name), { ok: false, reason: 'invalid' });
});
