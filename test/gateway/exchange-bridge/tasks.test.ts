// To Do tasks both ways through the Exchange bridge against the sandbox (sync/providers/exchange/
// README.md "To Do tasks"): the mailbox's "CRM" list made when missing, CRM Tasks ⇄ todoTasks
// (title, body, due date, status, importance), edits and deletes both ways by delta and the change
// log, and a failed or empty read of the list deletes nothing. Every body and answer schema-valid.
import test from 'ava';
import type { CrmRecord } from '../../../store/types.js';
import { checkTraffic, oracleAvailable } from '../../helpers/graph-oracle.js';
import { requirePeer } from '../../helpers/peers.js';
import { exchangeWorld, type ExchangeWorld } from './fixture.js';

async function crmTasks(w: ExchangeWorld): Promise<CrmRecord[]> {
  const all = await w.ts.store.records.list(w.ts.admin, 'Calendar');
  return all.sort((a, b) => (a.values['subject'] ?? '').localeCompare(b.values['subject'] ?? ''));
}

const crmLists = (w: ExchangeWorld): string[] =>
  [...w.box.folders.values()].filter((f) => f.displayName === 'CRM').map((f) => f.id);

const todoTitles = (w: ExchangeWorld, list: string): string[] =>
  w.box
    .ofKind('task', list)
    .map((i) => String(i.data['title']))
    .sort();

test('tasks go both ways through the "CRM" To Do list, made when missing, with edits and deletes', async (t) => {
  t.timeout(120_000);
  if (!requirePeer('python3-jsonschema', oracleAvailable(), t)) return;
  const w = await exchangeWorld();
  t.teardown(() => w.dispose());
  const mine = await w.ts.store.records.create(w.ts.admin, 'Calendar', {
    values: {
      subject: 'Call back Fabrikam',
      description: 'About the renewal',
      date_start: '2027-02-01',
      due_date: '2027-02-10',
      taskstatus: 'In Progress',
      taskpriority: 'High',
    },
  });
  await w.ts.store.records.create(w.ts.admin, 'Calendar', {
    values: { subject: 'Done long ago', date_start: '2020-01-01', taskstatus: 'Completed' },
  });

  const first = await w.bridge.syncNow(w.linkId);
  t.true(first.ok, first.error ?? '');
  t.is(crmLists(w).length, 1, 'the list is made once');
  const list = crmLists(w)[0] ?? '';
  t.deepEqual(todoTitles(w, list), ['Call back Fabrikam'], 'a finished task is not sent');
  const sent = w.box.ofKind('task', list)[0];
  t.like(sent?.data, {
    title: 'Call back Fabrikam',
    body: { contentType: 'text', content: 'About the renewal' },
    dueDateTime: { dateTime: '2027-02-10T00:00:00.0000000', timeZone: 'UTC' },
    status: 'inProgress',
    importance: 'high',
  });
  t.like((sent?.data['linkedResources'] as unknown[] | undefined)?.[0], {
    externalId: `crm-${mine.id}@gateway`,
  });

  // A task made in To Do comes in; the CRM's task completed in To Do is completed in the CRM.
  w.box.add('task', list, {
    title: 'Send the contract',
    body: { contentType: 'text', content: 'Two copies' },
    dueDateTime: { dateTime: '2027-03-01T00:00:00.0000000', timeZone: 'UTC' },
    importance: 'low',
  });
  if (!sent) throw new Error('no task sent');
  w.box.update(sent, { status: 'completed' });
  const second = await w.bridge.syncNow(w.linkId);
  t.true(second.ok, second.error ?? '');
  const tasks = await crmTasks(w);
  t.deepEqual(
    tasks.map((r) => r.values['subject']),
    ['Call back Fabrikam', 'Done long ago', 'Send the contract'],
  );
  t.like(tasks[0]?.values, { taskstatus: 'Completed', taskpriority: 'High' });
  t.like(tasks[2]?.values, {
    description: 'Two copies',
    due_date: '2027-03-01',
    taskstatus: 'Not Started',
    taskpriority: 'Low',
  });

  // A CRM edit goes out with If-Match; a CRM delete and a To Do delete both travel.
  const pulled = tasks[2] as CrmRecord;
  await w.ts.store.records.update(
    w.ts.admin,
    'Calendar',
    pulled.id,
    { values: { subject: 'Send the signed contract', taskpriority: 'High' } },
    'revise',
  );
  const third = await w.bridge.syncNow(w.linkId);
  t.true(third.ok, third.error ?? '');
  t.deepEqual(todoTitles(w, list), ['Call back Fabrikam', 'Send the signed contract']);
  const patch = w.sandbox.requests.find((r) => r.method === 'PATCH' && r.path.includes('/tasks/'));
  t.regex(patch?.ifMatch ?? '', /^W\//);
  t.like(patch?.body, { title: 'Send the signed contract', importance: 'high' });

  await w.ts.store.recycleBin.delete(w.ts.admin, 'Calendar', pulled.id);
  w.box.remove(sent);
  const fourth = await w.bridge.syncNow(w.linkId);
  t.true(fourth.ok, fourth.error ?? '');
  t.deepEqual(todoTitles(w, list), []);
  t.deepEqual(
    (await crmTasks(w)).map((r) => r.values['subject']),
    ['Done long ago'],
  );
  t.is(crmLists(w).length, 1);
  t.is(checkTraffic(w.sandbox), '', 'every body sent and every answer fits the Graph schema');
});

test('a failed or empty read of the task list deletes nothing on either side', async (t) => {
  t.timeout(90_000);
  const w = await exchangeWorld();
  t.teardown(() => w.dispose());
  const list = w.box.addFolder('todoTaskList', 'CRM').id;
  w.box.add('task', list, { title: 'Remote one' });
  await w.ts.store.records.create(w.ts.admin, 'Calendar', {
    values: { subject: 'Local one', date_start: '2027-02-01', taskstatus: 'Not Started' },
  });
  const first = await w.bridge.syncNow(w.linkId);
  t.true(first.ok, first.error ?? '');
  t.deepEqual(todoTitles(w, list), ['Local one', 'Remote one']);
  t.is(crmLists(w).length, 1, 'the existing list is used');

  w.sandbox.faults.add({ kind: '503', path: /\/tasks\/delta/, retryAfterS: 120, times: 1 });
  const failed = await w.bridge.syncNow(w.linkId);
  t.false(failed.ok);
  w.sandbox.faults.add({ kind: 'empty-page', path: /\/tasks\/delta/ });
  w.sandbox.faults.add({ kind: 'malformed', path: /\/tasks\/delta/, times: 1 });
  await w.bridge.syncNow(w.linkId);
  await w.bridge.syncNow(w.linkId);
  t.deepEqual(
    (await crmTasks(w)).map((r) => r.values['subject']),
    ['Local one', 'Remote one'],
  );
  t.deepEqual(todoTitles(w, list), ['Local one', 'Remote one']);
});
