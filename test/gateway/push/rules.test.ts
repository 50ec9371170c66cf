// The user's push rules with a controlled clock (gateway/push/README.md §4): the schedule and
// quiet hours in the user's time zone hold non-urgent pushes and drop them when stale; the idle
// rule holds them while the user is active elsewhere; urgent pushes always go.
import test from 'ava';
import { decide, localTime, type RuleInput } from '../../../gateway/push/rules.js';
import { DEFAULT_PREFERENCES, type PushPreferences } from '../../../store/push/types.js';
import { ADMIN_ACCESS_KEY, ADMIN_PASSWORD } from '../../helpers/gateway.js';
import { basic, pushFixture, SUBJECT } from './fixture.js';

function input(
  now: string,
  preferences: Partial<PushPreferences>,
  extra: Partial<RuleInput> = {},
): RuleInput {
  return {
    now: new Date(now),
    timeZone: 'Europe/Berlin',
    preferences: { ...DEFAULT_PREFERENCES, ...preferences },
    lastActiveMs: null,
    urgency: 'normal',
    expiresAtMs: Date.parse('2030-01-09T00:00:00Z'),
    ...extra,
  };
}

const WORKDAYS = { schedule: { days: [1, 2, 3, 4, 5], from: '08:00', to: '18:00' } };

test('local time follows the user’s zone, including the day', (t) => {
  // 2030-01-06 is a Sunday; 23:30 UTC is already Monday 00:30 in Berlin.
  t.deepEqual(localTime(new Date('2030-01-06T23:30:00Z'), 'Europe/Berlin'), {
    day: 1,
    time: '00:30',
  });
  t.deepEqual(localTime(new Date('2030-01-06T23:30:00Z'), 'Not/AZone'), { day: 0, time: '23:30' });
});

test('the schedule holds outside its days and hours', (t) => {
  t.is(decide(input('2030-01-07T09:00:00Z', WORKDAYS)).action, 'send'); // Monday 10:00
  t.is(decide(input('2030-01-07T17:30:00Z', WORKDAYS)).action, 'hold'); // Monday 18:30
  t.is(decide(input('2030-01-05T10:00:00Z', WORKDAYS)).action, 'hold'); // Saturday
  t.is(decide(input('2030-01-05T10:00:00Z', WORKDAYS, { urgency: 'high' })).action, 'send');
});

test('quiet hours across midnight hold, and a stale push is dropped', (t) => {
  const quiet = { quiet: { from: '22:00', to: '07:00' } };
  t.is(decide(input('2030-01-07T22:30:00Z', quiet)).action, 'hold'); // 23:30 Berlin
  t.is(decide(input('2030-01-07T05:30:00Z', quiet)).action, 'hold'); // 06:30 Berlin
  t.is(decide(input('2030-01-07T06:30:00Z', quiet)).action, 'send'); // 07:30 Berlin
  const verdict = decide(input('2030-01-08T22:30:00Z', quiet));
  t.is(verdict.action, 'hold');
  if (verdict.action === 'hold')
    t.true(verdict.until.getTime() <= Date.parse('2030-01-09T00:00:00Z'));
  t.is(decide(input('2030-01-09T00:00:00Z', quiet)).action, 'drop');
});

test('the idle rule holds until N minutes after the last activity', (t) => {
  const active = Date.parse('2030-01-07T09:00:00Z');
  const held = decide(input('2030-01-07T09:04:00Z', { idleMinutes: 5 }, { lastActiveMs: active }));
  t.like(held, { action: 'hold' });
  if (held.action === 'hold') t.is(held.until.toISOString(), '2030-01-07T09:05:00.000Z');
  t.is(
    decide(input('2030-01-07T09:05:00Z', { idleMinutes: 5 }, { lastActiveMs: active })).action,
    'send',
  );
  t.is(decide(input('2030-01-07T09:04:00Z', {}, { lastActiveMs: active })).action, 'send');
});

test('the sender holds during quiet hours and while the user is active, then delivers', async (t) => {
  const f = await pushFixture(new Date('2030-01-07T22:30:00Z'));
  t.teardown(() => f.dispose());
  await f.gw.push.push.vapid.setSubject(SUBJECT);
  t.is((await f.call('POST', '/restapi/v1/push/subscriptions', f.service.subscribe())).status, 201);
  const prefs = { quiet: { from: '22:00', to: '07:00' }, idleMinutes: 15 };
  t.is((await f.call('PUT', '/restapi/v1/push/preferences', prefs)).status, 200);
  const admin = await f.gw.store.users.findByUserName('admin');
  if (!admin) return t.fail('no admin');
  // Users are UTC unless set otherwise.
  const expiresAt = new Date('2030-01-08T12:00:00Z');
  await f.gw.push.notifier.notify(admin.id, { kind: 'assigned', title: 'A', body: '', expiresAt });
  t.like(await f.gw.push.sendNow(), { held: 1, sent: 0 });
  f.clock.now = new Date('2030-01-08T07:00:00Z');
  await f.gw.push.push.activity.touch(admin.id, new Date('2030-01-08T06:50:00Z'));
  t.like(await f.gw.push.sendNow(), { held: 1, sent: 0 });
  const [row] = await f.gw.push.push.outbox.all();
  t.is(row?.nextAttemptAt, '2030-01-08 07:05:00.000');
  f.clock.now = new Date('2030-01-08T07:05:00Z');
  t.like(await f.gw.push.sendNow(), { sent: 1 });
  // An urgent notice is not held by quiet hours.
  f.clock.now = new Date('2030-01-08T23:00:00Z');
  await f.gw.push.notifier.notify(admin.id, {
    kind: 'security',
    title: 'Your account was locked',
    body: '',
    expiresAt: new Date('2030-01-09T23:00:00Z'),
  });
  t.like(await f.gw.push.sendNow(), { sent: 1 });
  t.is(f.service.received[1]?.headers.urgency, 'high');
  // A held push that goes stale is dropped, never sent late.
  await f.gw.push.notifier.notify(admin.id, {
    kind: 'assigned',
    title: 'B',
    body: '',
    expiresAt: new Date('2030-01-08T23:30:00Z'),
  });
  t.like(await f.gw.push.sendNow(), { held: 1 });
  f.clock.now = new Date('2030-01-08T23:30:00Z');
  t.like(await f.gw.push.sendNow(), { dropped: 1, sent: 0 });
  t.is(f.service.received.length, 2);
});

test('a REST call or a CalDAV request marks the user active for the idle rule', async (t) => {
  const f = await pushFixture(new Date('2030-01-07T09:00:00Z'));
  t.teardown(() => f.dispose());
  const admin = await f.gw.store.users.findByUserName('admin');
  if (!admin) return t.fail('no admin');
  t.is(await f.gw.push.push.activity.lastActive(admin.id), null);
  const rest = await fetch(`${f.gw.url}/restapi/v1/vtews/listtypes`, {
    method: 'POST',
    headers: { authorization: basic('admin', ADMIN_ACCESS_KEY) },
  });
  t.is(rest.status, 200);
  t.is(await f.gw.push.push.activity.lastActive(admin.id), Date.parse('2030-01-07T09:00:00Z'));
  f.clock.now = new Date('2030-01-07T09:10:00Z');
  const dav = await fetch(`${f.gw.url}/dav/calendars/admin/`, {
    method: 'PROPFIND',
    headers: { authorization: basic('admin', ADMIN_PASSWORD), depth: '0' },
  });
  t.is(dav.status, 207);
  t.is(await f.gw.push.push.activity.lastActive(admin.id), Date.parse('2030-01-07T09:10:00Z'));
});
