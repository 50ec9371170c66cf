// The Exchange bridge's calendar both ways against the Exchange sandbox: the first sync (remote
// events become the user's Events; the user's Events not in the past go to Exchange with a
// transactionId and the CRM id), later changes both ways by delta and the change log, every
// request with immutable ids and every body and answer valid against Microsoft's schema.
import test from 'ava';
import { CRM_ID_PROPERTY } from '../../../sync/providers/exchange/event-mapping.js';
import { checkTraffic, oracleAvailable } from '../../helpers/graph-oracle.js';
import { requirePeer } from '../../helpers/peers.js';
import { crmEvent, crmEvents, exchangeWorld, remoteEvent, remoteSubjects } from './fixture.js';

test('first sync and later changes both ways, all traffic schema-valid with immutable ids', async (t) => {
  t.timeout(90_000);
  if (!requirePeer('python3-jsonschema', oracleAvailable(), t)) return;
  const w = await exchangeWorld();
  t.teardown(() => w.dispose());
  remoteEvent(w, 'From Outlook', '2027-02-03');
  const mine = await crmEvent(w, 'From CRM', '2027-02-04');
  await crmEvent(w, 'Long ago', '2001-01-01');

  const first = await w.bridge.syncNow(w.linkId);
  t.true(first.ok, first.error ?? '');
  t.deepEqual(remoteSubjects(w), ['From CRM', 'From Outlook'], 'a past Event is not sent');
  const sent = w.box.ofKind('event').find((i) => i.data['subject'] === 'From CRM');
  t.is(sent?.data['transactionId'], `crm-${mine.id}@gateway`);
  t.deepEqual(sent?.data['singleValueExtendedProperties'], [
    { id: CRM_ID_PROPERTY, value: String(mine.id) },
  ]);
  const pulled = (await crmEvents(w)).find((e) => e.values['subject'] === 'From Outlook');
  t.like(pulled?.values, {
    date_start: '2027-02-03',
    time_start: '14:00:00',
    time_end: '15:00:00',
    description: 'From Outlook notes',
    location: 'Room 2',
  });

  // CRM → Exchange: an edit goes out with If-Match.
  await w.ts.store.records.update(
    w.ts.admin,
    'Events',
    mine.id,
    { values: { subject: 'From CRM, moved', time_start: '11:00:00', time_end: '12:00:00' } },
    'revise',
  );
  // Exchange → CRM: an Outlook edit and an Outlook delete come in by delta.
  const outlook = w.box.ofKind('event').find((i) => i.data['subject'] === 'From Outlook');
  if (!outlook) throw new Error('no remote event');
  w.box.update(outlook, { subject: 'From Outlook, renamed' });
  const second = await w.bridge.syncNow(w.linkId);
  t.true(second.ok, second.error ?? '');
  t.like(second.counts, { pushedUpdated: 1, pulledUpdated: 1 });
  t.deepEqual(remoteSubjects(w), ['From CRM, moved', 'From Outlook, renamed']);
  const patched = w.sandbox.requests.filter((r) => r.method === 'PATCH');
  t.is(patched.length, 1);
  t.regex(patched[0]?.ifMatch ?? '', /^W\/"/);
  t.like(w.box.find('event', sent?.id ?? '')?.data['start'], {
    dateTime: '2027-02-04T11:00:00.0000000',
  });

  w.box.remove(outlook);
  const third = await w.bridge.syncNow(w.linkId);
  t.true(third.ok, third.error ?? '');
  t.deepEqual(
    (await crmEvents(w)).map((e) => e.values['subject']),
    ['From CRM, moved', 'Long ago'],
  );

  await w.ts.store.recycleBin.delete(w.ts.admin, 'Events', mine.id);
  const fourth = await w.bridge.syncNow(w.linkId);
  t.true(fourth.ok, fourth.error ?? '');
  t.deepEqual(remoteSubjects(w), []);

  t.true(w.sandbox.requests.every((r) => (r.prefer ?? '').includes('IdType="ImmutableId"')));
  t.is(checkTraffic(w.sandbox), '', 'every body sent and every answer fits the Graph schema');
});

test('all-day events keep their dates both ways', async (t) => {
  t.timeout(60_000);
  const w = await exchangeWorld();
  t.teardown(() => w.dispose());
  w.box.add('event', 'calendar', {
    subject: 'Holiday',
    isAllDay: true,
    start: { dateTime: '2027-05-01T00:00:00.0000000', timeZone: 'UTC' },
    end: { dateTime: '2027-05-02T00:00:00.0000000', timeZone: 'UTC' },
  });
  await w.ts.store.records.create(w.ts.admin, 'Events', {
    values: {
      subject: 'Offsite',
      date_start: '2027-06-01',
      time_start: '00:00:00',
      due_date: '2027-06-03',
      time_end: '00:00:00',
      eventstatus: 'Planned',
      activitytype: 'Meeting',
    },
  });
  const run = await w.bridge.syncNow(w.linkId);
  t.true(run.ok, run.error ?? '');
  const holiday = (await crmEvents(w)).find((e) => e.values['subject'] === 'Holiday');
  t.like(holiday?.values, {
    date_start: '2027-05-01',
    due_date: '2027-05-02',
    time_start: '00:00:00',
  });
  const offsite = w.box.ofKind('event').find((i) => i.data['subject'] === 'Offsite');
  t.is(offsite?.data['isAllDay'], true);
  t.deepEqual(offsite?.data['start'], { dateTime: '2027-06-01T00:00:00', timeZone: 'UTC' });
  t.deepEqual(offsite?.data['end'], { dateTime: '2027-06-03T00:00:00', timeZone: 'UTC' });
});

test('an event in a Windows time zone is read at the right instant; an unknown zone is skipped, the sync goes on', async (t) => {
  t.timeout(60_000);
  const w = await exchangeWorld();
  t.teardown(() => w.dispose());
  w.box.add('event', 'calendar', {
    subject: 'Berlin summer',
    start: { dateTime: '2027-07-01T09:00:00.0000000', timeZone: 'W. Europe Standard Time' },
    end: { dateTime: '2027-07-01T10:00:00.0000000', timeZone: 'W. Europe Standard Time' },
  });
  w.box.add('event', 'calendar', {
    subject: 'Nowhere',
    start: { dateTime: '2027-07-02T09:00:00.0000000', timeZone: 'Mars Standard Time' },
    end: { dateTime: '2027-07-02T10:00:00.0000000', timeZone: 'Mars Standard Time' },
  });
  const run = await w.bridge.syncNow(w.linkId);
  t.true(run.ok, run.error ?? '');
  const events = await crmEvents(w);
  t.deepEqual(
    events.map((e) => e.values['subject']),
    ['Berlin summer'],
  );
  t.like(events[0]?.values, { time_start: '07:00:00', time_end: '08:00:00' });
});
