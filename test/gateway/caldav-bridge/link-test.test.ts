// The connection test: discovery of principal, calendar home and calendars against
// Radicale, and plain words when a server's calendar lacks the sync-token property (a stub: every
// real server here has it), which then cannot be linked: its sync fails and says why.
import test from 'ava';
import { linkAlice, radicale, stopRadicale, world } from './fixture.js';
import { startStubDav } from './stub-dav.js';

test.after.always(stopRadicale);

test('the connection test discovers principal, home and calendars on Radicale', async (t) => {
  const rad = await radicale(t);
  if (!rad) return;
  const w = await world(rad, 'discovered');
  try {
    const link = await w.bridge.create({
      userId: w.userId,
      kind: 'caldav',
      url: `${rad.url}/`,
      username: 'alice',
      password: 'secret',
    });
    const report = await w.bridge.test(link.id);
    t.true(report.ok, report.message);
    t.regex(report.principal ?? '', /\/alice\/$/);
    t.regex(report.home ?? '', /\/alice\/$/);
    const cal = report.calendars.find((c) => c.url === w.calendar);
    t.truthy(cal);
    t.true(cal?.syncToken);
    t.true(cal?.linkable);
    // Without a chosen calendar the first sync picks the discovered one.
    t.true((await w.bridge.syncNow(link.id)).ok);
    t.is((await w.bridge.links.mustGet(link.id)).calendarUrl, w.calendar);
    const wrong = await w.bridge.create({
      userId: w.userId,
      kind: 'caldav',
      url: `${rad.url}/`,
      username: 'alice',
      password: 'wrong',
    });
    const refused = await w.bridge.test(wrong.id);
    t.false(refused.ok);
    t.regex(refused.message, /refused the credentials/);
    const linked = await linkAlice(w, rad);
    t.true((await w.bridge.test(linked.id)).ok, 'a calendar URL is tested directly');
  } finally {
    await w.dispose();
  }
});

test('a calendar without sync-token is reported in plain words and cannot be linked', async (t) => {
  const rad = await radicale(t);
  if (!rad) return;
  const w = await world(rad, 'unused');
  const stub = await startStubDav({ syncToken: false, bearer: false });
  try {
    const link = await w.bridge.create({
      userId: w.userId,
      kind: 'caldav',
      url: `${stub.url}/dav/`,
      username: 'u',
      password: 'p',
    });
    const report = await w.bridge.test(link.id);
    t.false(report.ok);
    t.is(report.calendars.length, 1);
    t.false(report.calendars[0]?.syncToken);
    t.regex(report.message, /cannot be linked: the server does not offer the sync-token property/);
    const run = await w.bridge.syncNow(link.id);
    t.false(run.ok);
    t.regex(run.error ?? '', /cannot be linked/);
    t.regex((await w.bridge.links.mustGet(link.id)).lastError ?? '', /sync-token/);
    t.true(stub.auth.every((a) => a === 'Basic ' + Buffer.from('u:p').toString('base64')));
  } finally {
    await stub.close();
    await w.dispose();
  }
});
