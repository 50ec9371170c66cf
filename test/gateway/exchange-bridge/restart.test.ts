// A sync stopped in the middle (as by a gateway restart: the run is aborted between requests, its
// positions not saved) finishes on the next run without losses or duplicates: statuses commit with
// each item, and a create repeated after the stop carries the same transactionId.
import test from 'ava';
import { crmEvent, crmEvents, exchangeWorld, remoteEvent, remoteSubjects } from './fixture.js';

test('a run stopped part-way finishes on the next one without duplicates', async (t) => {
  t.timeout(90_000);
  const w = await exchangeWorld();
  t.teardown(() => w.dispose());
  for (let i = 0; i < 3; i++) remoteEvent(w, `Remote ${i}`, `2027-08-0${i + 1}`);
  for (let i = 0; i < 8; i++) await crmEvent(w, `Local ${i}`, `2027-09-0${i + 1}`);
  w.sandbox.latencyMs = 40;
  const stop = new AbortController();
  let posts = 0;
  const timer = setInterval(() => {
    posts = w.sandbox.requests.filter((r) => r.method === 'POST').length;
    if (posts >= 3) stop.abort(new Error('gateway stopping'));
  }, 5);
  let cutOk: boolean;
  try {
    cutOk = (await w.bridge.syncNow(w.linkId, stop.signal)).ok;
  } catch (err) {
    t.regex(String(err), /gateway stopping/);
    cutOk = false;
  } finally {
    clearInterval(timer);
  }
  t.false(cutOk, 'the first run was cut');
  t.true(w.box.ofKind('event').length < 11, 'it stopped before the end');

  w.sandbox.latencyMs = 0;
  const done = await w.bridge.syncNow(w.linkId);
  t.true(done.ok, done.error ?? '');
  const expected = [
    ...[0, 1, 2, 3, 4, 5, 6, 7].map((i) => `Local ${i}`),
    ...[0, 1, 2].map((i) => `Remote ${i}`),
  ];
  t.deepEqual(remoteSubjects(w), expected);
  t.deepEqual(
    (await crmEvents(w)).map((e) => e.values['subject']),
    expected,
  );
  const again = await w.bridge.syncNow(w.linkId);
  t.true(again.ok);
  t.is(w.box.ofKind('event').length, 11);
});
