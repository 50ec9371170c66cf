// Calendar both ways through the Exchange bridge over EWS, against the EWS double: the first sync,
// edits and deletes both ways with ChangeKey and SendToNone, all-day events of a Windows zone,
// the NTLM handshake on one socket; every request envelope valid under Microsoft's XSDs.
import test from 'ava';
import { checkEws, xmllintAvailable } from '../../helpers/ews-oracle.js';
import { requirePeer } from '../../helpers/peers.js';
import {
  calendarItems,
  crmEvent,
  crmEvents,
  ewsWorld,
  MAILBOX,
  outlookItem,
  outlookSubjects,
} from './fixture.js';

test('first sync, then edits and deletes both ways over NTLM', async (t) => {
  t.timeout(120_000);
  const w = await ewsWorld();
  t.teardown(() => w.dispose());
  const mine = await crmEvent(w, 'From CRM', '2027-02-04');
  outlookItem(w, 'From Outlook', '2027-02-03T14:00:00Z', '2027-02-03T15:00:00Z');

  const first = await w.bridge.syncNow(w.linkId);
  t.true(first.ok, first.error ?? '');
  t.like(first.counts, { pulledCreated: 1, pushedCreated: 1 });
  t.deepEqual(outlookSubjects(w), ['From CRM', 'From Outlook']);
  const pushed = calendarItems(w).find((i) => i.field('Subject') === 'From CRM');
  t.is(pushed?.field('Start'), '2027-02-04T09:00:00Z');
  const anchor = w.sandbox.mailboxes.get(MAILBOX)?.find(pushed?.id ?? '')?.item.extended;
  t.is([...(anchor?.values() ?? [])][0]?.children[1]?.text, String(mine.id), 'CRM id anchor');
  t.like((await crmEvents(w)).find((e) => e.values['subject'] === 'From Outlook')?.values, {
    date_start: '2027-02-03',
    time_start: '14:00:00',
    time_end: '15:00:00',
    description: 'From Outlook notes',
    location: 'Room 2',
  });

  await w.ts.store.records.update(
    w.ts.admin,
    'Events',
    mine.id,
    { values: { subject: 'From CRM, moved', time_start: '11:00:00', time_end: '12:00:00' } },
    'revise',
  );
  const outlook = calendarItems(w).find((i) => i.field('Subject') === 'From Outlook');
  w.sandbox.edit(MAILBOX, outlook?.id ?? '', { Subject: 'From Outlook, renamed' });
  const second = await w.bridge.syncNow(w.linkId);
  t.true(second.ok, second.error ?? '');
  t.like(second.counts, { pushedUpdated: 1, pulledUpdated: 1 });
  t.deepEqual(outlookSubjects(w), ['From CRM, moved', 'From Outlook, renamed']);
  t.is(
    calendarItems(w)
      .find((i) => i.id === pushed?.id)
      ?.field('Start'),
    '2027-02-04T11:00:00Z',
  );

  w.sandbox.mailboxes
    .get(MAILBOX)
    ?.folder('calendar')
    .remove(outlook?.id ?? '');
  const third = await w.bridge.syncNow(w.linkId);
  t.true(third.ok, third.error ?? '');
  t.deepEqual(
    (await crmEvents(w)).map((e) => e.values['subject']),
    ['From CRM, moved'],
  );
  await w.ts.store.recycleBin.delete(w.ts.admin, 'Events', mine.id);
  const fourth = await w.bridge.syncNow(w.linkId);
  t.true(fourth.ok, fourth.error ?? '');
  t.deepEqual(outlookSubjects(w), []);

  for (const write of w.sandbox.writes) {
    const attr =
      write.op === 'CreateItem'
        ? 'SendMeetingInvitations'
        : write.op === 'UpdateItem'
          ? 'SendMeetingInvitationsOrCancellations'
          : 'SendMeetingCancellations';
    t.is(write.attrs[attr], 'SendToNone', `${write.op} sends no meeting mail`);
    if (write.op === 'UpdateItem') t.is(write.attrs['ConflictResolution'], 'AutoResolve');
  }
  t.deepEqual([...new Set(w.sandbox.writes.map((x) => x.op))].sort(), [
    'CreateItem',
    'DeleteItem',
    'UpdateItem',
  ]);
  t.true(
    w.sent.every((xml) => !xml.includes('<m:SyncState>') || /MaxChangesReturned>512</.test(xml)),
  );
  t.true(w.sandbox.handshakes.length > 0);
  t.true(
    w.sandbox.handshakes.every((h) => h.ok && h.challengePort === h.authenticatePort),
    'each NTLM answer came on the socket that got its challenge',
  );
  if (requirePeer('xmllint', xmllintAvailable(), t))
    t.is(checkEws(w.sent), '', 'every request envelope fits Microsoft’s schemas');
});

test('all-day events of a Windows zone stay whole days both ways', async (t) => {
  t.timeout(120_000);
  const w = await ewsWorld({ auth: 'basic' });
  t.teardown(() => w.dispose());
  // Outlook in Berlin: 10–11 June local, reported as midnight of the zone in UTC.
  outlookItem(
    w,
    'Berlin holiday',
    '2027-06-09T22:00:00Z',
    '2027-06-11T22:00:00Z',
    { IsAllDayEvent: 'true' },
    { StartTimeZone: { Id: 'W. Europe Standard Time' } },
  );
  await crmEvent(w, 'CRM offsite', '2027-07-01', ['00:00:00', '00:00:00'], '2027-07-02');
  const run = await w.bridge.syncNow(w.linkId);
  t.true(run.ok, run.error ?? '');
  t.like((await crmEvents(w)).find((e) => e.values['subject'] === 'Berlin holiday')?.values, {
    date_start: '2027-06-10',
    time_start: '00:00:00',
    due_date: '2027-06-12',
    time_end: '00:00:00',
  });
  const offsite = calendarItems(w).find((i) => i.field('Subject') === 'CRM offsite');
  t.is(offsite?.field('IsAllDayEvent'), 'true');
  t.is(offsite?.field('Start'), '2027-07-01T00:00:00Z');
  t.is(offsite?.field('End'), '2027-07-02T00:00:00Z');
  const zone = w.sandbox.mailboxes
    .get(MAILBOX)
    ?.find(offsite?.id ?? '')
    ?.item.fields.get('StartTimeZone');
  t.is(zone?.attrs['Id'], 'UTC');
  if (requirePeer('xmllint', xmllintAvailable(), t)) t.is(checkEws(w.sent), '');
});

test('an event where the mailbox only attends is never written', async (t) => {
  t.timeout(120_000);
  const w = await ewsWorld();
  t.teardown(() => w.dispose());
  outlookItem(w, 'Their meeting', '2027-03-01T09:00:00Z', '2027-03-01T10:00:00Z', {
    IsOrganizer: 'false',
    MyResponseType: 'Accept',
  });
  t.true((await w.bridge.syncNow(w.linkId)).ok);
  const pulled = (await crmEvents(w)).find((e) => e.values['subject'] === 'Their meeting');
  if (!pulled) return t.fail('not pulled');
  await w.ts.store.records.update(
    w.ts.admin,
    'Events',
    pulled.id,
    { values: { subject: 'Mine now' } },
    'revise',
  );
  const run = await w.bridge.syncNow(w.linkId);
  t.true(run.ok, run.error ?? '');
  t.deepEqual(
    w.sandbox.writes.filter((x) => x.op === 'UpdateItem'),
    [],
  );
  t.deepEqual(outlookSubjects(w), ['Their meeting']);
});
