// reminder_time ⇄ VALARM (formats/ical/alarm.ts, RFC 5545 §3.6.6, §3.8.6.3): a client's alarm
// before the start becomes vtiger's reminder_time, a REST edit of reminder_time rewrites that
// alarm in the served object, and the client's other alarms stay as they were; 0 removes none.
import test from 'ava';
import { adminClient } from '../../helpers/rest-fixture.js';
import { EVENTS, ICS, startDav, TASKS, type Dav } from './dav-fixture.js';

let dav: Dav;
test.before(async () => {
  dav = await startDav({ GATEWAY_LOGIN_MAX_FAILURES: '200' });
});
test.after.always(async () => {
  await dav?.gw.dispose();
});

const cal = (...lines: string[]): string =>
  ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//t//EN', ...lines, 'END:VCALENDAR', ''].join('\r\n');
const alarm = (trigger: string): string[] => [
  'BEGIN:VALARM',
  'ACTION:DISPLAY',
  'DESCRIPTION:x',
  trigger,
  'END:VALARM',
];

async function recordIdOf(uid: string): Promise<number> {
  const row = await dav.gw.store.db
    .knex('caldav_objects')
    .where({ uid })
    .first<{ record_id: number } | undefined>('record_id');
  if (!row) throw new Error(`no object ${uid}`);
  return Number(row.record_id);
}

test.serial('a VALARM before the start sets reminder_time; a REST edit rewrites it', async (t) => {
  const put = await dav.req(
    'PUT',
    `${EVENTS}alarm.ics`,
    cal(
      'BEGIN:VEVENT',
      'UID:alarm@crm',
      'DTSTAMP:20260101T000000Z',
      'DTSTART:20300107T100000Z',
      'DTEND:20300107T110000Z',
      'SUMMARY:Board',
      ...alarm('TRIGGER;RELATED=END:PT5M'),
      ...alarm('TRIGGER:-PT15M'),
      'END:VEVENT',
    ),
    { ...ICS, 'if-none-match': '*' },
  );
  t.is(put.status, 201, put.text);
  const rest = await adminClient(dav.gw);
  const id = `18x${await recordIdOf('alarm@crm')}`;
  t.is(((await rest.doRetrieve(id)) || {})['reminder_time'], '15');
  t.truthy(await rest.doRevise({ id, reminder_time: '60' }), JSON.stringify(rest.lastError));
  const get = await dav.req('GET', `${EVENTS}alarm.ics`);
  const triggers = get.text.split(/\r\n/).filter((l) => l.startsWith('TRIGGER'));
  t.deepEqual(triggers.sort(), ['TRIGGER:-PT1H', 'TRIGGER;RELATED=END:PT5M']);
  // 0 leaves the client's alarms alone (older objects carry 0 in the CRM beside real alarms): the
  // object is served with the alarms the client stored.
  t.truthy(await rest.doRevise({ id, reminder_time: '0' }));
  const kept = await dav.req('GET', `${EVENTS}alarm.ics`);
  t.deepEqual(
    kept.text
      .split(/\r\n/)
      .filter((l) => l.startsWith('TRIGGER'))
      .sort(),
    ['TRIGGER:-PT15M', 'TRIGGER;RELATED=END:PT5M'],
  );
});

test.serial('a task created over REST with a reminder is served with its VALARM', async (t) => {
  const rest = await adminClient(dav.gw);
  const task = await rest.doCreate('Calendar', {
    subject: 'Call back',
    date_start: '2030-01-07',
    time_start: '09:00:00',
    reminder_time: '10',
  });
  if (!task) return t.fail(JSON.stringify(rest.lastError));
  const listing = await dav.req('PROPFIND', TASKS, undefined, { depth: '1' });
  const href = /<d:href>([^<]*\.ics)<\/d:href>/i.exec(listing.text)?.[1];
  if (!href) return t.fail(listing.text);
  const get = await dav.req('GET', href);
  t.true(get.text.includes('TRIGGER:-PT10M'), get.text);
});
