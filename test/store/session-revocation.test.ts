// Sessions end with the secret that opened them (store/users/user-repository.ts): a new password
// ends the user's console sessions, a new access key their vtiger webservice and CommerceML
// exchange sessions; exchange sessions also end when idle or past their lifetime
// (store/commerceml/exchange-repository.ts). On SQLite and PostgreSQL.
import { CmlExchangeRepository } from '../../store/commerceml/exchange-repository.js';
import { ConsoleSessionRepository } from '../../store/console-sessions.js';
import { fromStoreTime, nowUtc } from '../../store/db.js';
import { WebserviceSessionRepository } from '../../store/webservice-sessions.js';
import { storeTest } from '../helpers/databases.js';
import type { TestStore } from '../helpers/store.js';

const HOUR = 3_600_000;

async function sessions(ts: TestStore): Promise<{
  userId: number;
  otherId: number;
  console: ConsoleSessionRepository;
  ws: WebserviceSessionRepository;
  cml: CmlExchangeRepository;
  open: () => Promise<{ console: string; ws: string; cml: string; otherCml: string }>;
}> {
  const user = await ts.store.users.create({ userName: 'sam', password: 'sam-password-1' });
  const other = await ts.store.users.create({ userName: 'ora', password: 'ora-password-1' });
  const { knex } = ts.store.db;
  const console = new ConsoleSessionRepository(knex, { idleMs: HOUR, absoluteMs: HOUR });
  const ws = new WebserviceSessionRepository(knex, {
    lifeMs: HOUR,
    idleMs: HOUR,
    touchEveryMs: HOUR,
  });
  const cml = new CmlExchangeRepository(knex, { idleMs: HOUR, absoluteMs: 24 * HOUR });
  return {
    userId: user.id,
    otherId: other.id,
    console,
    ws,
    cml,
    open: async () => {
      const session = await cml.createSession(user.id);
      await cml.queueRun(session.token, 'catalog', 'import.xml');
      return {
        console: (await console.create(user.id, null, null)).token,
        ws: await ws.create(user.id),
        cml: session.token,
        otherCml: (await cml.createSession(other.id)).token,
      };
    },
  };
}

storeTest('a new password ends the console sessions of that user only', async (t, ts) => {
  const s = await sessions(ts);
  const open = await s.open();
  const others = await s.console.create(s.otherId, null, null);
  await ts.store.users.setPassword(s.userId, 'sam-password-2');
  t.is(await s.console.touch(open.console), null);
  t.truthy(await s.console.touch(others.token), 'another user keeps theirs');
  t.like(await s.ws.check(open.ws), { ok: true }, 'webservice sessions stay');
  t.truthy(await s.cml.liveSession(open.cml), 'exchange sessions stay');
});

storeTest(
  'a new access key ends the webservice and exchange sessions of that user only',
  async (t, ts) => {
    const s = await sessions(ts);
    const open = await s.open();
    await ts.store.users.regenerateAccessKey(s.userId);
    t.like(await s.ws.check(open.ws), { ok: false });
    t.is(await s.cml.liveSession(open.cml), null);
    t.is(await s.cml.latestSessionOf(s.userId), null);
    t.truthy(await s.cml.liveSession(open.otherCml), 'another user keeps theirs');
    t.truthy(await s.console.touch(open.console), 'console sessions stay');
  },
);

storeTest('a failed change ends nothing', async (t, ts) => {
  const s = await sessions(ts);
  const open = await s.open();
  await t.throwsAsync(ts.store.users.setPassword(s.userId, 'short'));
  await t.throwsAsync(ts.store.users.regenerateAccessKey(9999));
  t.truthy(await s.console.touch(open.console));
  t.like(await s.ws.check(open.ws), { ok: true });
});

storeTest(
  'exchange sessions end when idle or past their lifetime; use keeps them alive',
  async (t, ts) => {
    const s = await sessions(ts);
    const { token } = await s.cml.createSession(s.userId);
    const now = Date.now();
    t.truthy(await s.cml.liveSession(token, now + 30 * 60_000), 'used before the idle time');
    const row = await ts.store.db.knex('cml_sessions').where({ token }).first('last_seen_at');
    t.true(fromStoreTime(String(row?.last_seen_at)) >= now + 30 * 60_000 - 1000, 'and touched');
    t.truthy(await s.cml.liveSession(token, now + 80 * 60_000), 'so alive 80 minutes in');
    t.is(await s.cml.liveSession(token, now + 3 * HOUR), null, 'idle for over an hour');
    await ts.store.db
      .knex('cml_sessions')
      .where({ token })
      .update({ created_at: nowUtc(new Date(now - 25 * HOUR)), last_seen_at: nowUtc() });
    t.is(await s.cml.liveSession(token), null, 'older than a day');
    t.is(await s.cml.latestSessionOf(s.userId), null);
  },
);
