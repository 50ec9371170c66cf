// The webservice on PostgreSQL with two gateway replicas sharing one database (docs/architecture.md
// "Store"): a session opened on one replica works on the other, a challenge fetched from one is
// accepted by the other, and the round trip (create, query, sync, convertlead) behaves as on
// SQLite.
import test from 'ava';
import { ADMIN_ACCESS_KEY, startTestGateway } from '../../helpers/gateway.js';
import { freshPgDatabase } from '../../helpers/pg-database.js';
import { requirePeer } from '../../helpers/peers.js';
import { form, md5, rawCall } from '../../helpers/rest-fixture.js';
import { VtigerClient } from '../../helpers/vtiger-client.js';

test('two replicas on one PostgreSQL accept each other’s sessions and challenges', async (t) => {
  const pg = await freshPgDatabase();
  if (!requirePeer('postgresql', pg !== null, t) || !pg) return;
  t.teardown(() => pg.drop());
  const env = { GATEWAY_DATABASE_URL: pg.url, GATEWAY_LOGIN_MAX_FAILURES: '200' };
  const a = await startTestGateway(env);
  t.teardown(() => a.dispose());
  const b = await startTestGateway(env);
  t.teardown(() => b.dispose());

  const challenge = (await rawCall(a, { query: 'operation=getchallenge&username=admin' }))
    .result as { token: string };
  const login = await rawCall(b, {
    body: form({
      operation: 'login',
      username: 'admin',
      accessKey: md5(challenge.token + ADMIN_ACCESS_KEY),
    }),
  });
  t.true(login.success, JSON.stringify(login.error));
  const sessionName = (login.result as { sessionName: string }).sessionName;

  const onA = new VtigerClient(a.url);
  onA.sessionName = sessionName;
  onA.userId = '19x1';
  const onB = new VtigerClient(b.url);
  onB.sessionName = sessionName;
  onB.userId = '19x1';
  const lead = await onA.doCreate('Leads', { lastname: 'Replica', company: 'Replica AG' });
  if (!lead) return t.fail(JSON.stringify(onA.lastError));
  t.like(await onB.doRetrieve(lead.id ?? ''), { lastname: 'Replica' });
  const rows = await onB.doQuery("SELECT lastname FROM Leads WHERE company LIKE 'replica%'");
  t.deepEqual(rows, [{ lastname: 'Replica', id: lead.id }]);
  const converted = await onB.post({
    operation: 'convertlead',
    element: JSON.stringify({
      leadId: lead.id,
      entities: { Accounts: { create: true }, Contacts: { create: true } },
    }),
  });
  t.true(converted.success, JSON.stringify(converted.error));
  const again = await onA.post({
    operation: 'convertlead',
    element: JSON.stringify({ leadId: lead.id, entities: { Contacts: { create: true } } }),
  });
  t.is(again.error?.code, 'LEAD_ALREADY_CONVERTED');
  const sync = await onA.doSync(0);
  if (!sync) return t.fail(JSON.stringify(onA.lastError));
  // Lead, account, contact and the base currency 21x1 (test/gateway/rest/base-currency.test.ts).
  t.is(sync.updated.length, 4);
  t.false(sync.more);
  t.true(await onB.doLogout());
  t.is(await onA.doRetrieve(lead.id ?? ''), false);
  t.is(onA.lastError?.code, 'INVALID_SESSIONID', 'a logout on one replica ends the session on all');
});
