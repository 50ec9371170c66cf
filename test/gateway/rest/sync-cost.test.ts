// sync's cost after 100 changes (gateway/rest/README.md §5): the changed records are read in one
// query per module, not one per change, so a sync costs about what a 100-row query does.
import test from 'ava';
import { adminClient, restGateway } from '../../helpers/rest-fixture.js';

test('sync after 100 changes reads the records in a bounded number of queries', async (t) => {
  // Jobs off: only this request's queries are counted.
  const gw = await restGateway({ GATEWAY_JOBS_ENABLED: 'false' });
  t.teardown(() => gw.dispose());
  const admin = await adminClient(gw);
  const actor = await gw.store.users.actor(1);
  if (!actor) return t.fail('no admin actor');
  const created: number[] = [];
  for (let i = 0; i < 100; i++)
    created.push(
      (await gw.store.records.create(actor, 'Contacts', { values: { lastname: `Sync ${i}` } })).id,
    );
  // A second change of one record: it is sent once, at the place of its first change.
  const first = created[0] ?? 0;
  await gw.store.records.update(actor, 'Contacts', first, { values: { title: 'Later' } }, 'revise');
  let queries = 0;
  const count = (): void => {
    queries++;
  };
  gw.store.db.knex.on('query', count);
  const result = await admin.doSync(0, 'Contacts');
  gw.store.db.knex.off('query', count);
  if (!result) return t.fail(JSON.stringify(admin.lastError));
  t.is(result.updated.length, 100);
  t.deepEqual(
    result.updated.map((r) => r['id']),
    created.map((id) => `12x${id}`),
  );
  t.is(result.updated[0]?.['title'], 'Later');
  t.true(queries <= 10, `${queries} queries for one sync of 100 changes`);
});
