// Event and task reminders as pushes (gateway/push/README.md §5): reminder_time (minutes before
// the start) is set over REST; the push is queued once when due, to the owner, and expires at the
// start (its TTL). Moving the event arms the reminder again. A controlled clock.
import test from 'ava';
import { adminClient } from '../../helpers/rest-fixture.js';
import { pushFixture, SUBJECT } from './fixture.js';

test('reminders are pushed once when due, with a TTL ending at the start', async (t) => {
  const f = await pushFixture(new Date('2030-01-07T09:00:00Z'));
  t.teardown(() => f.dispose());
  await f.gw.push.push.vapid.setSubject(SUBJECT);
  t.is((await f.call('POST', '/restapi/v1/push/subscriptions', f.service.subscribe())).status, 201);
  const ws = await adminClient(f.gw);
  const event = await ws.doCreate('Events', {
    subject: 'Board meeting',
    date_start: '2030-01-07',
    time_start: '10:00:00',
    due_date: '2030-01-07',
    time_end: '11:00:00',
    eventstatus: 'Planned',
    activitytype: 'Meeting',
    reminder_time: '30',
  });
  const task = await ws.doCreate('Calendar', {
    subject: 'Send the minutes',
    date_start: '2030-01-07',
    time_start: '09:10:00',
    reminder_time: '15',
  });
  if (!event || !task) return t.fail(JSON.stringify(ws.lastError));
  t.is(task.reminder_time, '15');
  // The vtiger session just opened counts as activity; the idle rule is off by default.
  t.is(await f.gw.push.queueReminders(), 1, 'only the task is due at 09:00');
  t.is(await f.gw.push.queueReminders(), 0, 'queued once');
  t.like(await f.gw.push.sendNow(), { sent: 1 });
  t.is(f.service.received[0]?.headers.ttl, '600', 'expires at the start');
  f.clock.now = new Date('2030-01-07T09:30:00Z');
  t.is(await f.gw.push.queueReminders(), 1);
  t.like(await f.gw.push.sendNow(), { sent: 1 });
  const [taskPush, eventPush] = f.service.received;
  t.like(JSON.parse(taskPush?.payload ?? '{}'), {
    title: 'Task: Send the minutes',
    kind: 'reminder',
  });
  t.like(JSON.parse(eventPush?.payload ?? '{}'), { title: 'Event: Board meeting' });
  t.is(eventPush?.headers.ttl, '1800', 'expires at the start');
  t.is(eventPush?.headers.topic, `reminder-${event.id?.split('x')[1]}`);

  // Moving the event arms its reminder again; a past start is never reminded.
  const moved = await ws.doRevise({
    id: String(event.id),
    date_start: '2030-01-07',
    time_start: '09:45:00',
    time_end: '10:30:00',
  });
  if (!moved) return t.fail(JSON.stringify(ws.lastError));
  t.is(await f.gw.push.queueReminders(), 1);
  f.clock.now = new Date('2030-01-07T09:50:00Z');
  await ws.doRevise({ id: String(event.id), time_start: '09:40:00', time_end: '10:30:00' });
  t.is(await f.gw.push.queueReminders(), 0);
});

test('reminder_time refuses what is not a number of minutes, and changes nothing', async (t) => {
  // By default the webservice stores a bad number as 0, as vtiger does (gateway/rest/README.md §4);
  // the strict setting keeps the refusal this test is about.
  const f = await pushFixture(undefined, { GATEWAY_WS_STRICT_VALUES: 'true' });
  t.teardown(() => f.dispose());
  const ws = await adminClient(f.gw);
  const created = await ws.doCreate('Calendar', {
    subject: 'Bad',
    date_start: '2030-01-07',
    reminder_time: 'soon',
  });
  t.false(created);
  t.deepEqual(await f.gw.store.db.knex('mod_calendar').select('id'), []);
});
