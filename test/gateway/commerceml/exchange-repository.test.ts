// The CommerceML exchange state on SQLite and PostgreSQL: sessions, and import runs that a
// restart finds pending (gateway/commerceml/README.md §1.2, §1.4).
import { storeTest } from '../../helpers/databases.js';
import { CmlExchangeRepository } from '../../../store/commerceml/exchange-repository.js';

storeTest(
  'sessions by token and by user; runs queued, pending, finished and cleared',
  async (t, { store, admin }) => {
    const repo = new CmlExchangeRepository(store.db.knex, {
      idleMs: 1_800_000,
      absoluteMs: 86_400_000,
    });
    const s = await repo.createSession(admin.userId);
    t.regex(s.token, /^[0-9a-f]{48}$/);
    t.like(await repo.findSession(s.token), { userId: admin.userId, version: null });
    await repo.touchSession(s.token, '2.08');
    t.is((await repo.latestSessionOf(admin.userId))?.version, '2.08');
    t.is(await repo.findSession('ffff'), null);
    const run = await repo.queueRun(s.token, 'catalog', 'import.xml');
    t.true(run.id > 0);
    t.deepEqual(
      (await repo.pendingRuns()).map((r) => r.id),
      [run.id],
    );
    await repo.setRun(run.id, 'running', 40);
    t.like(await repo.latestRun(s.token, 'import.xml'), { status: 'running', progress: 40 });
    t.is((await repo.pendingRuns()).length, 1);
    await repo.setRun(run.id, 'ok', 100, 'done');
    t.is((await repo.pendingRuns()).length, 0);
    await repo.clearRuns(s.token);
    t.is(await repo.latestRun(s.token, 'import.xml'), null);
  },
);
