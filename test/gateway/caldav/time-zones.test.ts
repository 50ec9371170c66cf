// Time zones are the object's own (RFC 5545 §3.6.5: a VTIMEZONE defines a TZID for the iCalendar
// object it is in): one user's VTIMEZONE never changes how another user's times are read, a bare
// IANA TZID is read with ICU, and nothing a client sends is kept process-wide
// (gateway/caldav/README.md §3 time zones).
import test from 'ava';
import ICAL from 'ical.js';
import { ICS, queryBody, startDav, type Dav } from './dav-fixture.js';

let dav: Dav;
const auth = (user: string): Record<string, string> => ({
  ...ICS,
  authorization: 'Basic ' + Buffer.from(`${user}:${user}-password-1`).toString('base64'),
});
const events = (user: string): string => `/dav/calendars/${user}/events/`;

test.before(async () => {
  dav = await startDav();
  for (const userName of ['alice', 'bob'])
    await dav.gw.store.users.create({
      userName,
      password: `${userName}-password-1`,
      lastName: userName,
    });
});
test.after.always(async () => {
  await dav?.gw.dispose();
});

const tokyo = (offset: string): string[] => [
  'BEGIN:VTIMEZONE',
  'TZID:Asia/Tokyo',
  'BEGIN:STANDARD',
  'DTSTART:19700101T000000',
  `TZOFFSETFROM:${offset}`,
  `TZOFFSETTO:${offset}`,
  'TZNAME:JST',
  'END:STANDARD',
  'END:VTIMEZONE',
];

const event = (uid: string, zone: string[], extra: string[] = []): string =>
  [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//t//EN',
    ...zone,
    'BEGIN:VEVENT',
    `UID:${uid}`,
    'DTSTAMP:20260101T000000Z',
    'DTSTART;TZID=Asia/Tokyo:20260301T100000',
    'DTEND;TZID=Asia/Tokyo:20260301T110000',
    'SUMMARY:Tokyo',
    ...extra,
    'END:VEVENT',
    'END:VCALENDAR',
    '',
  ].join('\r\n');

/** The UTC DTSTARTs the server expands the user's events of 28 Feb – 2 Mar 2026 to. */
async function startsOf(user: string): Promise<string[]> {
  const body = queryBody('20260228T000000Z', '20260302T000000Z', true);
  const r = await dav.req('REPORT', events(user), body, { ...auth(user), depth: '1' });
  return [...r.text.matchAll(/DTSTART:(\d{8}T\d{6}Z)/g)].map((m) => m[1] ?? '').sort();
}

test.serial("one user's VTIMEZONE does not move another user's times", async (t) => {
  const fake = await dav.req(
    'PUT',
    `${events('alice')}fake.ics`,
    event('fake@t', tokyo('-0100')),
    auth('alice'),
  );
  t.is(fake.status, 201);
  const real = await dav.req(
    'PUT',
    `${events('bob')}real.ics`,
    event('real@t', tokyo('+0900')),
    auth('bob'),
  );
  t.is(real.status, 201);
  // python-caldav sends a bare IANA TZID without a VTIMEZONE (gateway/caldav/README.md §1.4).
  const bare = await dav.req('PUT', `${events('bob')}bare.ics`, event('bare@t', []), auth('bob'));
  t.is(bare.status, 201);
  t.deepEqual(await startsOf('alice'), ['20260301T110000Z'], "alice's own definition");
  t.deepEqual(await startsOf('bob'), ['20260301T010000Z', '20260301T010000Z']);
});

test.serial('a refused PUT leaves no time zone behind, nor does an accepted one', async (t) => {
  const before = ICAL.TimezoneService.count;
  const zone = tokyo('+0500').map((l) => l.replace('Asia/Tokyo', 'Leak/Refused'));
  const refused = event('leak@t', zone, ['RRULE:FREQ=MINUTELY']).replace(
    /TZID=Asia\/Tokyo/g,
    'TZID=Leak/Refused',
  );
  const r = await dav.req('PUT', `${events('alice')}leak.ics`, refused, auth('alice'));
  t.is(r.status, 403);
  const accepted = refused.replace('RRULE:FREQ=MINUTELY\r\n', '').replace('leak@t', 'kept@t');
  t.is((await dav.req('PUT', `${events('alice')}kept.ics`, accepted, auth('alice'))).status, 201);
  t.false(ICAL.TimezoneService.has('Leak/Refused'));
  t.false(ICAL.TimezoneService.has('Asia/Tokyo'));
  t.is(ICAL.TimezoneService.count, before);
});
