// Free/busy through REST (operation `freebusy`): a linked user's busy times are their CRM Events
// merged with what their mailbox's getSchedule reports; an unlinked user gets their CRM times;
// every getSchedule body the bridge sends fits Microsoft's schema; bad windows are refused.
import test from 'ava';
import { ExchangeBridge } from '../../../gateway/exchange-bridge/service.js';
import { mergeSpans } from '../../../gateway/exchange-bridge/free-busy.js';
import { ExchangeSandbox } from '../../../scripts/exchange-sandbox/server.js';
import { checkTraffic, oracleAvailable } from '../../helpers/graph-oracle.js';
import { requirePeer } from '../../helpers/peers.js';
import { adminClient, createBob, restGateway } from '../../helpers/rest-fixture.js';

const event = (day: string, from: string, to: string): Record<string, string> => ({
  date_start: day,
  time_start: from,
  due_date: day,
  time_end: to,
  eventstatus: 'Planned',
  activitytype: 'Meeting',
});

test('freebusy merges CRM events with the linked mailbox, schema-valid', async (t) => {
  t.timeout(90_000);
  if (!requirePeer('python3-jsonschema', oracleAvailable(), t)) return;
  const sandbox = new ExchangeSandbox();
  sandbox.addApp({ tenantId: 'contoso', clientId: 'app-1', clientSecret: 'app-secret' });
  const box = sandbox.addMailbox('admin@contoso.example');
  box.add('event', 'calendar', {
    subject: 'Outlook only',
    start: { dateTime: '2027-03-01T10:00:00', timeZone: 'W. Europe Standard Time' },
    end: { dateTime: '2027-03-01T11:00:00', timeZone: 'W. Europe Standard Time' },
  });
  box.add('event', 'calendar', {
    subject: 'Free time',
    showAs: 'free',
    start: { dateTime: '2027-03-01T14:00:00', timeZone: 'UTC' },
    end: { dateTime: '2027-03-01T15:00:00', timeZone: 'UTC' },
  });
  const url = await sandbox.start();
  t.teardown(() => sandbox.stop());
  const gw = await restGateway();
  t.teardown(() => gw.dispose());
  const bridge = gw.bridges.get('exchange-bridge');
  if (!(bridge instanceof ExchangeBridge)) throw new Error('no Exchange bridge');
  const connection = await bridge.createConnection({
    name: 'contoso',
    tenantId: 'contoso',
    clientId: 'app-1',
    clientSecret: 'app-secret',
    graphUrl: url,
    loginUrl: url,
  });
  const admin = await gw.store.users.findByUserName('admin');
  if (!admin) throw new Error('no admin');
  await bridge.createLink({
    userId: admin.id,
    connectionId: connection.id,
    mailbox: 'admin@contoso.example',
  });
  const adminActor = await gw.store.users.actor(admin.id);
  if (!adminActor) throw new Error('no actor');
  await gw.store.records.create(adminActor, 'Events', {
    values: { subject: 'CRM', ...event('2027-03-01', '09:30:00', '09:45:00') },
  });
  const bobId = await createBob(gw.store);
  const bob = await gw.store.users.actor(bobId);
  if (!bob) throw new Error('no bob');
  await gw.store.records.create(bob, 'Events', {
    values: { subject: 'Bob', ...event('2027-03-01', '12:00:00', '13:00:00') },
  });

  const client = await adminClient(gw);
  const answer = await client.get({
    operation: 'freebusy',
    users: 'admin,bob',
    start: '2027-03-01T00:00:00Z',
    end: '2027-03-02T00:00:00Z',
  });
  t.true(answer.success, JSON.stringify(answer.error));
  t.deepEqual(answer.result, [
    {
      user: 'admin',
      exchange: 'linked',
      busy: [
        // 09:30–09:45 in the CRM and 10:00–11:00 Berlin time (09:00–10:00 UTC) in Outlook, merged.
        { start: '2027-03-01T09:00:00.000Z', end: '2027-03-01T10:00:00.000Z' },
      ],
    },
    {
      user: 'bob',
      exchange: 'not linked',
      busy: [{ start: '2027-03-01T12:00:00.000Z', end: '2027-03-01T13:00:00.000Z' }],
    },
  ]);
  t.is(checkTraffic(sandbox), '');

  const backwards = await client.get({
    operation: 'freebusy',
    start: '2027-03-02T00:00:00Z',
    end: '2027-03-01T00:00:00Z',
  });
  t.false(backwards.success);
  t.regex(backwards.error?.message ?? '', /end after it starts/);
  const bad = await client.get({
    operation: 'freebusy',
    start: 'tomorrow',
    end: '2027-03-01T00:00:00Z',
  });
  t.regex(bad.error?.message ?? '', /ISO 8601/);
});

test('busy spans merge when they touch or overlap', (t) => {
  t.deepEqual(
    mergeSpans([
      { startMs: 5, endMs: 7 },
      { startMs: 0, endMs: 2 },
      { startMs: 2, endMs: 3 },
      { startMs: 6, endMs: 9 },
    ]),
    [
      { startMs: 0, endMs: 3 },
      { startMs: 5, endMs: 9 },
    ],
  );
});
