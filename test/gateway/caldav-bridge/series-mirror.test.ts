// A pulled remote object becomes the CRM record's stored calendar object (RFC 4791 §4.1): a
// calendar app connected to the gateway's own CalDAV server sees the remote series whole (rule,
// cancelled and moved instances), REST sees the recurrence type, an all-day remote event is
// all-day on the gateway and goes back unchanged, and a later remote exception reaches the gateway.
import test from 'ava';
import { getModule } from '../../../store/modules/registry.js';
import type { CrmRecord } from '../../../store/types.js';
import { startTestGateway, type TestGateway } from '../../helpers/gateway.js';
import { queryBody } from '../caldav/dav-fixture.js';
import { gatewayBridge, makeCalendar, radicale, remote, stopRadicale, vevent } from './fixture.js';

test.after.always(stopRadicale);

const JANE = 'Basic ' + Buffer.from('jane:jane-password-1').toString('base64');
const EVENTS = '/dav/calendars/jane/events/';

async function dav(
  gw: TestGateway,
  method: string,
  path: string,
  body?: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; text: string }> {
  const r = await fetch(gw.url + path, {
    method,
    body,
    headers: { authorization: JANE, ...headers },
    signal: AbortSignal.timeout(10_000),
  });
  return { status: r.status, text: await r.text() };
}

const SERIES = vevent('series@phone', [
  'DTSTART:20400301T090000Z',
  'DTEND:20400301T100000Z',
  'RRULE:FREQ=WEEKLY;COUNT=5',
  'EXDATE:20400308T090000Z',
  'SUMMARY:Weekly review',
  'X-PHONE-COLOR:teal',
]).replace(
  'END:VCALENDAR',
  [
    'BEGIN:VEVENT',
    'UID:series@phone',
    'DTSTAMP:20260101T000000Z',
    'RECURRENCE-ID:20400315T090000Z',
    'DTSTART:20400316T140000Z',
    'DTEND:20400316T150000Z',
    'SUMMARY:Weekly review (moved)',
    'END:VEVENT',
    'END:VCALENDAR',
  ].join('\r\n'),
);
const ALL_DAY = vevent('allday@phone', [
  'DTSTART;VALUE=DATE:20400305',
  'DTEND;VALUE=DATE:20400306',
  'SUMMARY:Offsite',
  'LOCATION:Lakeside',
  'X-PHONE-COLOR:red',
]);

test('a remote series with an exception and a moved instance is served whole by the gateway; an all-day event stays all-day', async (t) => {
  t.timeout(60_000);
  const rad = await radicale(t);
  if (!rad) return;
  const gw = await startTestGateway();
  try {
    const jane = await gw.store.users.create({ userName: 'jane', password: 'jane-password-1' });
    const cal = await makeCalendar(rad.url, 'mirror');
    t.is(await remote.put(`${cal}series.ics`, SERIES), 201);
    t.is(await remote.put(`${cal}allday.ics`, ALL_DAY), 201);
    const bridge = gatewayBridge(gw);
    const link = await bridge.create({
      userId: jane.id,
      kind: 'caldav',
      url: `${rad.url}/`,
      username: 'alice',
      password: 'secret',
      calendarUrl: cal,
    });
    const first = await bridge.syncNow(link.id);
    t.true(first.ok, first.error ?? '');

    // The running gateway's own sync job may take the first sync before this call does (the link
    // lease lets one of them run it): what counts is that both remote objects are records, once.
    const events = await gw.store.records.list(
      { userId: jane.id, isAdmin: false, groupIds: [] },
      'Events',
      { limit: 10 },
    );
    t.is(events.length, 2);
    const bySubject = new Map(
      events.map((e) => [e.values['subject'], e] as [string | null | undefined, CrmRecord]),
    );
    const series = bySubject.get('Weekly review');
    const allDay = bySubject.get('Offsite');
    if (!series || !allDay) return t.fail(`pulled: ${[...bySubject.keys()].join(', ')}`);
    t.is(series.values['recurringtype'], 'Weekly', 'REST sees the rule');
    t.like(allDay.values, {
      date_start: '2040-03-05',
      time_start: '00:00:00',
      due_date: '2040-03-06',
      time_end: '00:00:00',
    });
    t.is(allDay.values['location'] ?? null, null, 'only the synced fields are written');

    // The gateway's CalDAV server: the expanded series has four instances, the moved one at its new time.
    const report = await dav(
      gw,
      'REPORT',
      EVENTS,
      queryBody('20400301T000000Z', '20400401T000000Z', true),
      { depth: '1', 'content-type': 'application/xml' },
    );
    t.is(report.status, 207, report.text);
    const seriesPart = report.text.slice(report.text.indexOf(`crm-${series.id}.ics`));
    const starts = [
      ...seriesPart
        .slice(0, seriesPart.indexOf('</d:response>'))
        .matchAll(/DTSTART:(\d{8}T\d{6}Z)/g),
    ].map((m) => m[1]);
    t.deepEqual(starts, [
      '20400301T090000Z',
      '20400316T140000Z',
      '20400322T090000Z',
      '20400329T090000Z',
    ]);
    const got = await dav(gw, 'GET', `${EVENTS}crm-${series.id}.ics`);
    t.is(got.status, 200);
    for (const line of [
      /RRULE:FREQ=WEEKLY;COUNT=5/,
      /EXDATE:20400308T090000Z/,
      /RECURRENCE-ID:20400315T090000Z/,
      /X-PHONE-COLOR:teal/,
    ])
      t.regex(got.text, line);
    const day = await dav(gw, 'GET', `${EVENTS}crm-${allDay.id}.ics`);
    t.regex(day.text, /DTSTART;VALUE=DATE:20400305/);
    t.regex(day.text, /LOCATION:Lakeside/);

    // Nothing changed: nothing goes back, the remote objects keep their bytes.
    const before = await remote.get(`${cal}allday.ics`);
    const idle = await bridge.syncNow(link.id);
    t.is(idle.counts.pushedUpdated + idle.counts.pulledUpdated, 0);
    t.is((await remote.get(`${cal}allday.ics`)).etag, before.etag);

    // A CRM move by one day keeps the event all-day remotely; the rest of the remote object stays.
    await gw.store.records.update(
      { userId: jane.id, isAdmin: false, groupIds: [] },
      'Events',
      allDay.id,
      { values: { date_start: '2040-03-06', due_date: '2040-03-07', subject: 'Offsite (day 2)' } },
      'revise',
    );
    const moved = await bridge.syncNow(link.id);
    t.true(moved.ok, moved.error ?? '');
    const after = (await remote.get(`${cal}allday.ics`)).body;
    t.regex(after, /DTSTART;VALUE=DATE:20400306/);
    t.regex(after, /DTEND;VALUE=DATE:20400307/);
    t.regex(after, /SUMMARY:Offsite \(day 2\)/);
    t.regex(after, /LOCATION:Lakeside/);
    t.regex(after, /X-PHONE-COLOR:red/);

    // A remote change outside the synced fields (one more cancelled instance) reaches the gateway's server too.
    const current = await remote.get(`${cal}series.ics`);
    const status = await remote.put(
      `${cal}series.ics`,
      current.body.replace('EXDATE:20400308T090000Z', 'EXDATE:20400308T090000Z,20400322T090000Z'),
      { 'if-match': current.etag ?? '*' },
    );
    t.true(status === 201 || status === 204, `PUT ${status}`);
    const later = await bridge.syncNow(link.id);
    t.true(later.ok, later.error ?? '');
    t.is(later.counts.pushedUpdated, 0, 'the CRM did not send anything back');
    t.regex((await dav(gw, 'GET', `${EVENTS}crm-${series.id}.ics`)).text, /20400322T090000Z/);
    const record = await gw.store.records.read(getModule('Events'), series.id, true);
    t.is(record?.values['subject'], 'Weekly review');
  } finally {
    await gw.dispose();
  }
});
