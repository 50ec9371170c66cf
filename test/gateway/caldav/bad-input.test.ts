// Hostile and broken input (RFC 4791 §5.3.2.1 preconditions, RFC 4918 §20.6 XXE): a clear 4xx,
// never a 500 or a hung worker, and the store unchanged.
import test from 'ava';
import { EVENTS, ICS, queryBody, startDav, vevent, type Dav } from './dav-fixture.js';
import { caldavProp, davProp, errorOf } from '../../helpers/multistatus.js';

let dav: Dav;
test.before(async () => {
  dav = await startDav();
  await dav.req('PUT', `${EVENTS}taken.ics`, vevent('taken@test'), ICS);
});
test.after.always(async () => {
  await dav?.gw.dispose();
});

/** Rows of every table a PUT writes: records, stored objects, href links, the change log. */
async function eventCount(): Promise<string> {
  const { knex } = dav.gw.store.db;
  const counts: number[] = [];
  for (const table of ['crm_entities', 'caldav_objects', 'sync_links', 'change_log']) {
    counts.push(Number((await knex(table).count<{ n: number }[]>({ n: '*' }))[0]?.n ?? -1));
  }
  return counts.join('/');
}

const seq = (n: number): string => Array.from({ length: n }, (_, i) => i).join(',');

const BAD_PUTS: ReadonlyArray<readonly [string, string, number, RegExp]> = [
  [
    'broken iCalendar',
    'BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART:garbage',
    403,
    /valid-calendar-data/,
  ],
  ['not a calendar', 'hello world', 403, /valid-calendar-data/],
  [
    'two UIDs',
    vevent('a@test').replace(
      'END:VCALENDAR',
      'BEGIN:VEVENT\r\nUID:b@test\r\nDTSTART:20260301T080000Z\r\nEND:VEVENT\r\nEND:VCALENDAR',
    ),
    403,
    /valid-calendar-object-resource/,
  ],
  ['a UID used elsewhere', vevent('taken@test'), 403, /no-uid-conflict/],
  [
    'an unknown time zone',
    vevent('tz@test').replace(
      'DTSTART:20260301T080000Z',
      'DTSTART;TZID=Mars/Olympus:20260301T080000',
    ),
    403,
    /valid-calendar-data/,
  ],
  [
    'a VTODO in the events calendar',
    vevent('todo@test').replace(/VEVENT/g, 'VTODO'),
    403,
    /supported-calendar-component/,
  ],
  [
    'an exploding rule (BYSECOND every second, endless)',
    vevent(
      'explode@test',
      `RRULE:FREQ=SECONDLY;BYSECOND=${Array.from({ length: 60 }, (_, i) => i).join(',')}`,
    ),
    403,
    /valid-calendar-data/,
  ],
  [
    'a DAILY rule made sub-hourly by its BY-lists (every second, RFC 5545 §3.3.10)',
    vevent(
      'daily-seconds@test',
      `RRULE:FREQ=DAILY;BYHOUR=${seq(24)};BYMINUTE=${seq(60)};BYSECOND=${seq(60)}`,
    ),
    403,
    /valid-calendar-data/,
  ],
  [
    'an HOURLY rule with two minutes in each hour',
    vevent('hourly-twice@test', 'RRULE:FREQ=HOURLY;BYMINUTE=0,30'),
    403,
    /valid-calendar-data/,
  ],
  [
    'a WEEKLY rule with two seconds in its minute',
    vevent('weekly-seconds@test', 'RRULE:FREQ=WEEKLY;BYHOUR=9;BYMINUTE=0;BYSECOND=0,1'),
    403,
    /valid-calendar-data/,
  ],
  [
    'a VTIMEZONE whose observance recurs hourly (half a million offset changes)',
    vevent('hourly-zone@test', '', '20260301T080000', '20260301T090000')
      .replace(/DT(START|END):/g, 'DT$1;TZID=Hourly/Zone:')
      .replace(
        'BEGIN:VEVENT',
        [
          'BEGIN:VTIMEZONE',
          'TZID:Hourly/Zone',
          'BEGIN:STANDARD',
          'DTSTART:19700101T000000',
          'TZOFFSETFROM:+0100',
          'TZOFFSETTO:+0100',
          'RRULE:FREQ=HOURLY',
          'END:STANDARD',
          'END:VTIMEZONE',
          'BEGIN:VEVENT',
        ].join('\r\n'),
      ),
    403,
    /valid-calendar-data/,
  ],
  [
    'a MINUTELY rule',
    vevent('minutely@test', 'RRULE:FREQ=MINUTELY;COUNT=100000'),
    403,
    /valid-calendar-data/,
  ],
  [
    'a bad RRULE value',
    vevent('badrule@test', 'RRULE:FREQ=YEARLY;BYWEEKNO=60'),
    403,
    /valid-calendar-data/,
  ],
  ['no UID', vevent('x').replace('UID:x\r\n', ''), 403, /valid-calendar-object-resource/],
  [
    'two masters with one UID',
    vevent('dup@test').replace(
      'END:VCALENDAR',
      'BEGIN:VEVENT\r\nUID:dup@test\r\nDTSTART:20260302T080000Z\r\nEND:VEVENT\r\nEND:VCALENDAR',
    ),
    403,
    /valid-calendar-object-resource/,
  ],
];

for (const [name, body, status, precondition] of BAD_PUTS) {
  test.serial(`PUT with ${name} is refused with its precondition`, async (t) => {
    const before = await eventCount();
    const r = await dav.req('PUT', `${EVENTS}bad-${name.replace(/\W/g, '-')}.ics`, body, ICS);
    t.is(r.status, status);
    t.regex(errorOf(r.text) ?? '', precondition, 'the precondition is the error element');
    t.is(await eventCount(), before);
  });
}

test.serial('wrong Content-Type is 415', async (t) => {
  const r = await dav.req('PUT', `${EVENTS}json.ics`, vevent('json@test'), {
    'content-type': 'application/json',
  });
  t.is(r.status, 415);
});

test.serial('an oversized body is refused before it is stored', async (t) => {
  const before = await eventCount();
  const huge = vevent('huge@test', `DESCRIPTION:${'x'.repeat(600 * 1024)}`);
  const r = await dav.req('PUT', `${EVENTS}huge.ics`, huge, ICS);
  t.is(r.status, 413);
  t.is(errorOf(r.text), caldavProp('max-resource-size'));
  t.is(await eventCount(), before);
});

test.serial('DOCTYPE / XXE in PROPFIND is refused', async (t) => {
  const xxe =
    '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]><d:propfind xmlns:d="DAV:"><d:prop><d:displayname>&x;</d:displayname></d:prop></d:propfind>';
  const r = await dav.req('PROPFIND', EVENTS, xxe, { depth: '0' });
  t.is(r.status, 400);
  t.notRegex(r.text, /root:/);
  const broken = await dav.req('PROPFIND', EVENTS, '<d:propfind xmlns:d="DAV:"><d:prop>', {
    depth: '0',
  });
  t.is(broken.status, 400);
});

// Rules that are legal but costly or never match: stored, and every query stays bounded in time.
const COSTLY: ReadonlyArray<readonly [string, string]> = [
  ['HOURLY with a COUNT of a million', 'RRULE:FREQ=HOURLY;COUNT=1000000'],
  ['a BYSETPOS that never matches', 'RRULE:FREQ=MONTHLY;BYDAY=MO;BYSETPOS=10'],
  ['DAILY, endless, from 1970', 'RRULE:FREQ=DAILY'],
];

for (const [i, [name, rule]] of COSTLY.entries()) {
  test.serial(`${name} is stored and queried within bounds`, async (t) => {
    const started = Date.now();
    const put = await dav.req(
      'PUT',
      `${EVENTS}costly-${i}.ics`,
      vevent(`costly-${i}@test`, rule, '19700105T080000Z', '19700105T090000Z'),
      ICS,
    );
    t.is(put.status, 201);
    for (const [start, end] of [
      ['20270101T000000Z', null],
      [null, '19700201T000000Z'],
      ['20300101T000000Z', '20300201T000000Z'],
    ] as const) {
      const r = await dav.req('REPORT', EVENTS, queryBody(start, end, true), { depth: '1' });
      t.true([207, 403].includes(r.status), r.text.slice(0, 200));
    }
    t.true(Date.now() - started < 20_000);
  });
}

test.serial('an unsupported filter is 403 supported-filter, an unknown report 403', async (t) => {
  const q =
    '<c:calendar-query xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav"><d:prop><d:getetag/></d:prop><c:filter><c:comp-filter name="VCALENDAR"><c:comp-filter name="VEVENT"><c:prop-filter name="SUMMARY"><c:text-match>x</c:text-match></c:prop-filter></c:comp-filter></c:comp-filter></c:filter></c:calendar-query>';
  const r = await dav.req('REPORT', EVENTS, q, { depth: '1' });
  t.is(r.status, 403);
  t.is(errorOf(r.text), caldavProp('supported-filter'));
  const other = await dav.req('REPORT', EVENTS, '<d:expand-property xmlns:d="DAV:"/>', {
    depth: '0',
  });
  t.is(other.status, 403);
  t.is(errorOf(other.text), davProp('supported-report'));
});
