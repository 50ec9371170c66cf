// Objects stored before the sub-hourly refusal (formats/ical/recurrence-limits.ts) cannot freeze the
// server: a calendar-query draws on one expansion budget for all its objects and lets the event
// loop turn while it expands (gateway/caldav/README.md §3 expansion budget).
import test from 'ava';
import { EVENTS, ICS, queryBody, startDav, vevent } from './dav-fixture.js';
import { davProp, errorOf } from '../../helpers/multistatus.js';

const seq = (n: number): string => Array.from({ length: n }, (_, i) => i).join(',');
const EVERY_SECOND = `RRULE:FREQ=DAILY;BYHOUR=${seq(24)};BYMINUTE=${seq(60)};BYSECOND=${seq(60)}`;
const OBJECTS = 20;

test('20 stored every-second rules: the REPORT ends in bounded time and /healthz stays fast', async (t) => {
  const dav = await startDav();
  try {
    // Stored as endless daily series through PUT, then given the every-second rule behind the
    // PUT check, as objects stored before it was introduced.
    for (let i = 0; i < OBJECTS; i++) {
      const body = vevent(`s${i}@test`, 'RRULE:FREQ=DAILY', '20250101T000000Z', '20250101T000001Z');
      t.is((await dav.req('PUT', `${EVENTS}s${i}.ics`, body, ICS)).status, 201);
    }
    const { knex } = dav.gw.store.db;
    const updated = await knex('caldav_objects')
      .where('ics', 'like', '%RRULE:FREQ=DAILY\r\n%')
      .update({
        ics: knex.raw('replace(ics, ?, ?)', ['RRULE:FREQ=DAILY\r\n', `${EVERY_SECOND}\r\n`]),
      });
    t.is(updated, OBJECTS);

    const started = Date.now();
    const report = dav.req('REPORT', EVENTS, queryBody('20260301T000000Z', '20260302T000000Z'), {
      depth: '1',
    });
    // Sent while the query expands: answered between two slices of the work.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const healthStarted = Date.now();
    const health = await fetch(`${dav.gw.url}/healthz`, { signal: AbortSignal.timeout(10_000) });
    const healthMs = Date.now() - healthStarted;
    const r = await report;
    const reportMs = Date.now() - started;
    t.log(`REPORT ${reportMs} ms, /healthz ${healthMs} ms`);

    t.is(health.status, 200);
    t.true(healthMs < 500, `/healthz took ${healthMs} ms`);
    t.true(reportMs < 15_000, `the REPORT took ${reportMs} ms`);
    t.is(r.status, 403);
    t.is(errorOf(r.text), davProp('number-of-matches-within-limits'));
    t.regex(r.text, /narrower time range/);
  } finally {
    await dav.gw.dispose();
  }
});

test('a small step budget refuses the query with the clear error', async (t) => {
  const dav = await startDav({}, { caldavLimits: { expansionSteps: 100 } });
  try {
    const body = vevent('h@test', 'RRULE:FREQ=HOURLY', '20250101T000000Z', '20250101T000100Z');
    t.is((await dav.req('PUT', `${EVENTS}h.ics`, body, ICS)).status, 201);
    const range = queryBody('20250101T000000Z', '20250102T000000Z', true);
    // 24 instances fit; a week of hourly instances (168 steps) does not.
    t.is((await dav.req('REPORT', EVENTS, range, { depth: '1' })).status, 207);
    const week = queryBody('20250101T000000Z', '20250108T000000Z', true);
    const r = await dav.req('REPORT', EVENTS, week, { depth: '1' });
    t.is(r.status, 403);
    t.is(errorOf(r.text), davProp('number-of-matches-within-limits'));
  } finally {
    await dav.gw.dispose();
  }
});
