// CRM edits of client objects reach CalDAV clients (changes made in the CRM through any other path
// appear in the next sync of every client): over HTTP, a client PUTs, the CRM edits
// through REST or the store, and GET, sync-collection (RFC 6578) and an expanded calendar-query
// (RFC 4791 §9.6.5) show the change in the object's own forms (RFC 5545 §3.3.4 dates, §3.3.5 TZIDs,
// §3.8.4.4 a moved series with its exceptions).
import test from 'ava';
import { adminClient } from '../../helpers/rest-fixture.js';
import { EVENTS, ICS, queryBody, startDav, syncBody, tokenOf, type Dav } from './dav-fixture.js';
import { caldavProp, davProp, propText, responseAt, withProps } from '../../helpers/multistatus.js';

let dav: Dav;
test.before(async () => {
  dav = await startDav({ GATEWAY_LOGIN_MAX_FAILURES: '200' });
});
test.after.always(async () => {
  await dav?.gw.dispose();
});

const cal = (...lines: string[]): string =>
  ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//t//EN', ...lines, 'END:VCALENDAR', ''].join('\r\n');
const lines = (text: string, re: RegExp): string[] => text.split(/\r\n/).filter((l) => re.test(l));

async function recordIdOf(uid: string): Promise<number> {
  const row = await dav.gw.store.db
    .knex('caldav_objects')
    .where({ uid })
    .first<{ record_id: number } | undefined>('record_id');
  if (!row) throw new Error(`no object ${uid}`);
  return Number(row.record_id);
}

async function crmUpdate(uid: string, values: Record<string, string>): Promise<void> {
  const admin = await dav.gw.store.users.actor(1);
  if (!admin) throw new Error('no admin');
  await dav.gw.store.records.update(admin, 'Events', await recordIdOf(uid), { values }, 'revise');
}

async function put(name: string, body: string): Promise<string> {
  const r = await dav.req('PUT', `${EVENTS}${name}`, body, { ...ICS, 'if-none-match': '*' });
  if (r.status !== 201) throw new Error(`${r.status} ${r.text}`);
  return r.headers.get('etag') ?? '';
}

async function query(start: string, end: string, expand: boolean): Promise<string> {
  const r = await dav.req('REPORT', EVENTS, queryBody(start, end, expand), { depth: '1' });
  if (r.status !== 207) throw new Error(`${r.status} ${r.text}`);
  return r.text;
}

/** The calendar-data a multistatus answer reports for one href. */
function dataOf(xml: string, name: string): string {
  return propText(responseAt(xml, name), caldavProp('calendar-data')) ?? '';
}

test.serial(
  'an all-day event moved a day over REST stays VALUE=DATE; the ETag changes and sync-collection reports it',
  async (t) => {
    const etag = await put(
      'allday.ics',
      cal(
        'BEGIN:VEVENT',
        'UID:allday@crm',
        'DTSTAMP:20260101T000000Z',
        'DTSTART;VALUE=DATE:20260302',
        'DTEND;VALUE=DATE:20260303',
        'SUMMARY:Offsite',
        'END:VEVENT',
      ),
    );
    const token = tokenOf((await dav.req('REPORT', EVENTS, syncBody(''), { depth: '1' })).text);
    const rest = await adminClient(dav.gw);
    const id = `18x${await recordIdOf('allday@crm')}`;
    const before = await rest.doRetrieve(id);
    t.is(before && before['date_start'], '2026-03-02');
    const moved = await rest.doRevise({ id, date_start: '2026-03-03', due_date: '2026-03-04' });
    t.truthy(moved, JSON.stringify(rest.lastError));
    const get = await dav.req('GET', `${EVENTS}allday.ics`);
    t.deepEqual(lines(get.text, /^(DTSTART|DTEND)/), [
      'DTSTART;VALUE=DATE:20260303',
      'DTEND;VALUE=DATE:20260304',
    ]);
    t.not(get.headers.get('etag'), etag);
    const sync = await dav.req('REPORT', EVENTS, syncBody(token), { depth: '1' });
    const reported = responseAt(sync.text, 'allday.ics');
    t.is(reported?.status, null, 'reported with its properties');
    t.is(
      propText(reported, davProp('getetag')) ?? null,
      get.headers.get('etag'),
      'the new ETag is reported',
    );
    t.deepEqual(withProps(await query('20260303T000000Z', '20260304T000000Z', false)), [
      'allday.ics',
    ]);
    t.false(
      withProps(await query('20260302T000000Z', '20260303T000000Z', false)).includes('allday.ics'),
      'not on the old day',
    );
  },
);

const SERIES = cal(
  'BEGIN:VEVENT',
  'UID:series@crm',
  'DTSTAMP:20260101T000000Z',
  'DTSTART;TZID=Europe/Berlin:20260315T090000',
  'DTEND;TZID=Europe/Berlin:20260315T100000',
  'RRULE:FREQ=WEEKLY;COUNT=5',
  'EXDATE;TZID=Europe/Berlin:20260322T090000',
  'SUMMARY:Jour fixe',
  'END:VEVENT',
  'BEGIN:VEVENT',
  'UID:series@crm',
  'DTSTAMP:20260101T000000Z',
  'RECURRENCE-ID;TZID=Europe/Berlin:20260329T090000',
  'DTSTART;TZID=Europe/Berlin:20260330T150000',
  'DTEND;TZID=Europe/Berlin:20260330T160000',
  'SUMMARY:Jour fixe (moved)',
  'END:VEVENT',
);

function instances(
  xml: string,
  name: string,
): Array<{ start: string; summary: string; rid: string }> {
  const body = dataOf(xml, name).replace(/\r/g, '').replace(/\n /g, '');
  return body
    .split('BEGIN:VEVENT')
    .slice(1)
    .map((v) => ({
      start: /DTSTART:(\S+)/.exec(v)?.[1] ?? '',
      summary: /SUMMARY:([^\n<]+)/.exec(v)?.[1] ?? '',
      rid: /RECURRENCE-ID:(\S+)/.exec(v)?.[1] ?? '',
    }))
    .sort((a, b) => a.start.localeCompare(b.start));
}

test.serial(
  'a Berlin weekly series moved by 2 hours in the CRM: every instance moves, the EXDATE still cancels, the override still applies',
  async (t) => {
    await put('series.ics', SERIES);
    const before = instances(
      await query('20260301T000000Z', '20260501T000000Z', true),
      'series.ics',
    );
    t.deepEqual(
      before.map((i) => i.start),
      ['20260315T080000Z', '20260330T130000Z', '20260405T070000Z', '20260412T070000Z'],
    );
    // The CRM holds the first instance in UTC: 08:00–09:00Z becomes 10:00–11:00Z.
    await crmUpdate('series@crm', { time_start: '10:00:00', time_end: '11:00:00' });
    const after = instances(
      await query('20260301T000000Z', '20260501T000000Z', true),
      'series.ics',
    );
    t.deepEqual(
      after.map((i) => i.start),
      ['20260315T100000Z', '20260330T130000Z', '20260405T090000Z', '20260412T090000Z'],
    );
    t.deepEqual(
      after.map((i) => i.summary),
      ['Jour fixe', 'Jour fixe (moved)', 'Jour fixe', 'Jour fixe'],
    );
    t.is(after[1]?.rid, '20260329T090000Z', "the override names the moved series' occurrence");
    t.false(
      withProps(await query('20260322T000000Z', '20260323T000000Z', false)).includes('series.ics'),
      'the cancelled week stays cancelled',
    );
    t.false(
      withProps(await query('20260315T080000Z', '20260315T090000Z', false)).includes('series.ics'),
      'nothing left at the old hour',
    );
    const get = await dav.req('GET', `${EVENTS}series.ics`);
    t.deepEqual(lines(get.text, /^(DTSTART|DTEND|EXDATE|RECURRENCE-ID|RRULE)/), [
      'DTSTART;TZID=Europe/Berlin:20260315T110000',
      'DTEND;TZID=Europe/Berlin:20260315T120000',
      'RRULE:FREQ=WEEKLY;COUNT=5',
      'EXDATE;TZID=Europe/Berlin:20260322T110000',
      'RECURRENCE-ID;TZID=Europe/Berlin:20260329T110000',
      'DTSTART;TZID=Europe/Berlin:20260330T150000',
      'DTEND;TZID=Europe/Berlin:20260330T160000',
    ]);
  },
);

test.serial(
  'a bare-TZID event moved in the CRM keeps its zone, with the wall time of the new date (DST)',
  async (t) => {
    await put(
      'ny.ics',
      cal(
        'BEGIN:VEVENT',
        'UID:ny@crm',
        'DTSTAMP:20260101T000000Z',
        'DTSTART;TZID=America/New_York:20260302T090000',
        'DTEND;TZID=America/New_York:20260302T100000',
        'SUMMARY:Call',
        'END:VEVENT',
      ),
    );
    // 13:00Z on 16 March is 09:00 EDT (New York changed to summer time on 8 March).
    await crmUpdate('ny@crm', {
      date_start: '2026-03-16',
      time_start: '13:00:00',
      due_date: '2026-03-16',
      time_end: '14:00:00',
    });
    const get = await dav.req('GET', `${EVENTS}ny.ics`);
    t.deepEqual(lines(get.text, /^(DTSTART|DTEND)/), [
      'DTSTART;TZID=America/New_York:20260316T090000',
      'DTEND;TZID=America/New_York:20260316T100000',
    ]);
    t.true(
      withProps(await query('20260316T130000Z', '20260316T131000Z', false)).includes('ny.ics'),
    );
  },
);

test.serial('subject-only CRM edits leave every time line byte-identical', async (t) => {
  const zoned = cal(
    'BEGIN:VTIMEZONE',
    'TZID:Custom/Plus2',
    'BEGIN:STANDARD',
    'DTSTART:19700101T000000',
    'TZOFFSETFROM:+0200',
    'TZOFFSETTO:+0200',
    'END:STANDARD',
    'END:VTIMEZONE',
    'BEGIN:VEVENT',
    'UID:zoned@crm',
    'DTSTAMP:20260101T000000Z',
    'DTSTART;TZID=Custom/Plus2:20260302T090000',
    'DURATION:PT45M',
    'RRULE:FREQ=DAILY;COUNT=3',
    'SUMMARY:Zoned',
    'END:VEVENT',
  );
  const single = (uid: string, ...times: string[]): string =>
    cal(
      'BEGIN:VEVENT',
      `UID:${uid}`,
      'DTSTAMP:20260101T000000Z',
      ...times,
      'SUMMARY:Before',
      'END:VEVENT',
    );
  const cases: Array<[string, string, string]> = [
    ['zoned.ics', 'zoned@crm', zoned],
    [
      'day.ics',
      'day@crm',
      single('day@crm', 'DTSTART;VALUE=DATE:20260305', 'DTEND;VALUE=DATE:20260306'),
    ],
    [
      'bare.ics',
      'bare@crm',
      single(
        'bare@crm',
        'DTSTART;TZID=Europe/Berlin:20260305T090000',
        'DTEND;TZID=Europe/Berlin:20260305T100000',
      ),
    ],
    [
      'vtz.ics',
      'vtz@crm',
      zoned.replace('zoned@crm', 'vtz@crm').replace('RRULE:FREQ=DAILY;COUNT=3\r\n', ''),
    ],
  ];
  const timeLines = /^(DTSTART|DTEND|DURATION|EXDATE|RDATE|RRULE|RECURRENCE-ID)/;
  for (const [name, uid, body] of cases) {
    await put(name, body);
    const before = await dav.req('GET', `${EVENTS}${name}`);
    t.is(before.text, body);
    await crmUpdate(uid, { subject: `Renamed ${uid}` });
    const after = await dav.req('GET', `${EVENTS}${name}`);
    t.regex(after.text, new RegExp(`SUMMARY:Renamed ${uid}`));
    t.not(after.headers.get('etag'), before.headers.get('etag'));
    t.deepEqual(lines(after.text, timeLines), lines(before.text, timeLines), name);
  }
});
