// The same recurring objects (DST change, EXDATE, RDATE, a moved instance) stored in Radicale, the
// reference server, and in the gateway: calendar-query time-ranges (RFC 4791 §9.9, evaluated per
// instance) must match the same resources on both. Radicale 3.1.8 does not expand server-side, and
// with a bare TZID (no VTIMEZONE) it keeps the first offset across DST, so the objects carry a VTIMEZONE.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import test from 'ava';
import { requirePeer } from '../../helpers/peers.js';
import { startRadicale } from './radicale-peer.js';
import { EVENTS, ICS, queryBody, startDav } from './dav-fixture.js';
import { lastSegment, responses } from '../../helpers/multistatus.js';

const PYTHON = '/usr/bin/python3';
const ALICE = 'Basic ' + Buffer.from('alice:secret').toString('base64');

async function hasRadicale(): Promise<boolean> {
  try {
    await promisify(execFile)(PYTHON, ['-c', 'import radicale'], { timeout: 20_000 });
    return true;
  } catch {
    return false;
  }
}

const cal = (...lines: string[]): string =>
  ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//t//EN', ...lines, 'END:VCALENDAR', ''].join('\r\n');
const BERLIN = [
  'BEGIN:VTIMEZONE',
  'TZID:Europe/Berlin',
  'BEGIN:DAYLIGHT',
  'TZOFFSETFROM:+0100',
  'TZOFFSETTO:+0200',
  'TZNAME:CEST',
  'DTSTART:19700329T020000',
  'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU',
  'END:DAYLIGHT',
  'BEGIN:STANDARD',
  'TZOFFSETFROM:+0200',
  'TZOFFSETTO:+0100',
  'TZNAME:CET',
  'DTSTART:19701025T030000',
  'RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU',
  'END:STANDARD',
  'END:VTIMEZONE',
];
const OBJECTS: Readonly<Record<string, string>> = {
  'dst.ics': cal(
    ...BERLIN,
    'BEGIN:VEVENT',
    'UID:dst@t',
    'DTSTAMP:20260101T000000Z',
    'DTSTART;TZID=Europe/Berlin:20260315T090000',
    'DTEND;TZID=Europe/Berlin:20260315T100000',
    'RRULE:FREQ=WEEKLY;COUNT=6',
    'EXDATE;TZID=Europe/Berlin:20260405T090000',
    'SUMMARY:Weekly',
    'END:VEVENT',
    'BEGIN:VEVENT',
    'UID:dst@t',
    'DTSTAMP:20260101T000000Z',
    'RECURRENCE-ID;TZID=Europe/Berlin:20260322T090000',
    'DTSTART;TZID=Europe/Berlin:20260322T140000',
    'DTEND;TZID=Europe/Berlin:20260322T150000',
    'SUMMARY:Moved',
    'END:VEVENT',
  ),
  'daily.ics': cal(
    'BEGIN:VEVENT',
    'UID:daily@t',
    'DTSTAMP:20260101T000000Z',
    'DTSTART:20260320T120000Z',
    'DURATION:PT30M',
    'RRULE:FREQ=DAILY;UNTIL=20260325T120000Z',
    'EXDATE:20260323T120000Z',
    'RDATE:20260401T120000Z',
    'SUMMARY:Daily',
    'END:VEVENT',
  ),
};

/** The resource names a multistatus lists. */
function names(xml: string): string[] {
  return responses(xml)
    .map((r) => decodeURIComponent(lastSegment(r.href)))
    .filter((n) => n.endsWith('.ics'))
    .sort();
}

// Windows probing per-instance evaluation (RFC 4791 §9.9): an EXDATE'd date, a DST-shifted instance, a moved instance's old
// and new times, the RDATE, after UNTIL, and a gap between weekly instances.
const WINDOWS: ReadonlyArray<readonly [string, string]> = [
  ['20260323T110000Z', '20260323T130000Z'],
  ['20260405T070000Z', '20260405T090000Z'],
  ['20260322T080000Z', '20260322T083000Z'],
  ['20260322T130000Z', '20260322T133000Z'],
  ['20260401T110000Z', '20260401T130000Z'],
  ['20260327T000000Z', '20260328T000000Z'],
  ['20260316T000000Z', '20260320T000000Z'],
  ['20260329T065000Z', '20260329T071000Z'],
  ['20260310T000000Z', '20260410T000000Z'],
];

test('time-range queries match the same resources as Radicale', async (t) => {
  if (!requirePeer('radicale', await hasRadicale(), t)) return;
  const radicale = await startRadicale(PYTHON);
  const dav = await startDav();
  try {
    const home = `${radicale.url}/alice/crosscheck/`;
    const mk = await fetch(home, {
      method: 'MKCALENDAR',
      headers: { authorization: ALICE },
      signal: AbortSignal.timeout(10_000),
    });
    t.is(mk.status, 201);
    for (const [name, body] of Object.entries(OBJECTS)) {
      const r = await fetch(home + name, {
        method: 'PUT',
        body,
        headers: { authorization: ALICE, ...ICS },
        signal: AbortSignal.timeout(10_000),
      });
      t.true(r.status < 300, `radicale PUT ${name}: ${r.status}`);
      t.is((await dav.req('PUT', EVENTS + name, body, ICS)).status, 201);
    }
    for (const [start, end] of WINDOWS) {
      const query = queryBody(start, end);
      const ref = await fetch(home, {
        method: 'REPORT',
        body: query,
        headers: { authorization: ALICE, depth: '1', 'content-type': 'application/xml' },
        signal: AbortSignal.timeout(10_000),
      });
      const ours = await dav.req('REPORT', EVENTS, query, { depth: '1' });
      t.deepEqual(names(ours.text), names(await ref.text()), `window ${start}..${end}`);
    }
  } finally {
    await dav.gw.dispose();
    await radicale.stop();
  }
});
