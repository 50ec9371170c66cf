// Recurrence over HTTP (RFC 4791 §9.6.5 expand, §9.9 per instance): an all-day series, a bare TZID
// across the DST change, a cancelled (EXDATE) and a moved (RECURRENCE-ID) instance, an endless series
// with an open-ended query, and the cap on expanded instances (403 number-of-matches-within-limits).
import test from 'ava';
import { EVENTS, ICS, queryBody, startDav, type Dav } from './dav-fixture.js';
import {
  caldavProp,
  davProp,
  errorOf,
  propText,
  responseAt,
  withProps,
} from '../../helpers/multistatus.js';

/** The calendar-data a multistatus answer reports for one href. */
const dataOf = (xml: string, name: string): string =>
  propText(responseAt(xml, name), caldavProp('calendar-data')) ?? '';

let dav: Dav;
test.before(async () => {
  dav = await startDav({}, { caldavLimits: { maxInstances: 1000 } });
});
test.after.always(async () => {
  await dav?.gw.dispose();
});

const cal = (...lines: string[]): string =>
  [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//t//EN',
    'BEGIN:VEVENT',
    'DTSTAMP:20260101T000000Z',
    ...lines,
    'END:VEVENT',
    'END:VCALENDAR',
    '',
  ].join('\r\n');

async function query(start: string | null, end: string | null, expand = true): Promise<string> {
  const r = await dav.req('REPORT', EVENTS, queryBody(start, end, expand), { depth: '1' });
  if (r.status !== 207) throw new Error(`${r.status} ${r.text}`);
  return r.text;
}

test.serial(
  'an all-day weekly series expands to DATE instances with a cancelled and a moved one',
  async (t) => {
    const body = cal(
      'UID:allday@t',
      'DTSTART;VALUE=DATE:20260302',
      'DTEND;VALUE=DATE:20260303',
      'RRULE:FREQ=WEEKLY;COUNT=5',
      'EXDATE;VALUE=DATE:20260309',
      'SUMMARY:Jour fixe',
    ).replace(
      'END:VCALENDAR',
      [
        'BEGIN:VEVENT',
        'UID:allday@t',
        'DTSTAMP:20260101T000000Z',
        'RECURRENCE-ID;VALUE=DATE:20260316',
        'DTSTART;VALUE=DATE:20260318',
        'DTEND;VALUE=DATE:20260319',
        'SUMMARY:Jour fixe (moved)',
        'END:VEVENT',
        'END:VCALENDAR',
      ].join('\r\n'),
    );
    t.is((await dav.req('PUT', `${EVENTS}allday.ics`, body, ICS)).status, 201);
    const text = dataOf(await query('20260301T000000Z', '20260401T000000Z'), 'allday.ics');
    const starts = [...text.matchAll(/DTSTART;VALUE=DATE:(\d{8})/g)].map((m) => m[1]);
    t.deepEqual(starts, ['20260302', '20260318', '20260323', '20260330']);
    t.regex(text, /RECURRENCE-ID;VALUE=DATE:20260316/);
    t.notRegex(text, /EXDATE|RRULE/);
    t.false(
      withProps(await query('20260309T000000Z', '20260310T000000Z', false)).includes('allday.ics'),
      'the cancelled day has no instance',
    );
    t.false(
      withProps(await query('20260316T000000Z', '20260317T000000Z', false)).includes('allday.ics'),
      'the moved instance left its day',
    );
  },
);

test.serial(
  'a bare TZID keeps the wall time across the DST change; expanded instances are in UTC',
  async (t) => {
    const body = cal(
      'UID:dst@t',
      'DTSTART;TZID=Europe/Berlin:20260322T090000',
      'DTEND;TZID=Europe/Berlin:20260322T100000',
      'RRULE:FREQ=WEEKLY;COUNT=3',
      'SUMMARY:Standup',
    );
    t.is((await dav.req('PUT', `${EVENTS}dst.ics`, body, ICS)).status, 201);
    const dst = dataOf(await query('20260320T000000Z', '20260410T000000Z'), 'dst.ics');
    t.deepEqual(
      [...dst.matchAll(/DTSTART:(\d{8}T\d{6}Z)/g)].map((m) => m[1]),
      ['20260322T080000Z', '20260329T070000Z', '20260405T070000Z'],
    );
    t.true(
      withProps(await query('20260329T070000Z', '20260329T071000Z', false)).includes('dst.ics'),
    );
    t.false(
      withProps(await query('20260329T080000Z', '20260329T090000Z', false)).includes('dst.ics'),
      'not at the winter-time hour',
    );
  },
);

test.serial(
  'an endless daily series: open-ended queries find it, and a huge expansion is refused by the cap',
  async (t) => {
    const body = cal(
      'UID:daily@t',
      'DTSTART:20250101T060000Z',
      'DURATION:PT15M',
      'RRULE:FREQ=DAILY',
      'SUMMARY:Daily',
    );
    t.is((await dav.req('PUT', `${EVENTS}daily.ics`, body, ICS)).status, 201);
    t.true(withProps(await query('20260601T000000Z', null, false)).includes('daily.ics'));
    const week = dataOf(await query('20260601T000000Z', '20260608T000000Z'), 'daily.ics');
    t.is((week.match(/BEGIN:VEVENT/g) ?? []).length, 7);
    const r = await dav.req(
      'REPORT',
      EVENTS,
      queryBody('20250101T000000Z', '20450101T000000Z', true),
      { depth: '1' },
    );
    t.is(r.status, 403);
    t.is(errorOf(r.text), davProp('number-of-matches-within-limits'));
  },
);
