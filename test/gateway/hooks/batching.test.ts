// The delivery path's work per change (gateway/hooks/README.md §2, §3): with many subscriptions of
// one user, the fan-out reads the records once per (user, event, filter) — not once per
// subscription — and successful deliveries are recorded in groups, not one transaction each.
import test from 'ava';
import { countQueries } from '../../helpers/query-count.js';
import { sqliteStore } from '../../helpers/store.js';
import { startTarget } from './fixture.js';
import { loopbackHooks } from './hook-service.js';

const SUBSCRIPTIONS = 20;
const CONTACTS = 15;

test('many subscriptions: one record query per group, successes written in groups', async (t) => {
  const ts = await sqliteStore();
  const target = await startTarget();
  t.teardown(async () => {
    await target.close();
    await ts.dispose();
  });
  const hooks = loopbackHooks(ts, 5000);
  for (let i = 0; i < SUBSCRIPTIONS; i++)
    await hooks.subscribe(
      { userId: ts.admin.userId, actor: ts.admin },
      { target_url: target.url, event: 'created', module: 'Contacts' },
    );
  for (let i = 0; i < CONTACTS; i++)
    await ts.store.records.create(ts.admin, 'Contacts', { values: { lastname: `Batch ${i}` } });
  const knex = ts.store.db.knex;
  // matchingIds (store/hooks/record-match.ts) is the query joining crm_entities to the module.
  const recordQueries = await countQueries(
    knex,
    () => hooks.runOnce().then(() => undefined),
    /^select [`"]e[`"]\.[`"]id[`"] from [`"]crm_entities[`"]/i,
  );
  const deliveries = SUBSCRIPTIONS * CONTACTS;
  t.is(target.received.length, deliveries);
  t.is(recordQueries, 1, 'one visibility query for twenty subscriptions of one user');
  const attempts = await knex('hook_attempts').count({ n: '*' });
  t.is(Number(attempts[0]?.n), deliveries, 'every attempt is kept');
  const delivered = await knex('hook_outbox').where({ status: 'delivered' }).count({ n: '*' });
  t.is(Number(delivered[0]?.n), deliveries);
  const commits = await countQueries(
    knex,
    async () => {
      for (let i = 0; i < CONTACTS; i++)
        await ts.store.records.create(ts.admin, 'Contacts', { values: { lastname: `Next ${i}` } });
    },
    /^commit/i,
  );
  const runCommits = await countQueries(
    knex,
    () => hooks.runOnce().then(() => undefined),
    /^commit/i,
  );
  t.is(target.received.length, 2 * deliveries);
  // The fan-out's transaction and a few groups of successes, not one commit per delivery.
  t.true(runCommits <= 5, `${runCommits} commits for ${deliveries} deliveries`);
  t.true(commits >= CONTACTS, 'the count sees the commits of record writes');
});
