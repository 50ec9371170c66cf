// Group commit of the webform intake (gateway/webforms/intake-batch.ts, README §4): concurrent
// submissions share transactions, a failing one still ends in the inbox with its error while the
// others get their records, and a submission answered 2xx survives the process being killed.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import test from 'ava';
import { loadConfig } from '../../../gateway/config.js';
import { databaseOptions } from '../../../gateway/database-options.js';
import { startBenchServer } from '../../../scripts/bench/server-process.js';
import { openStore } from '../../../store/store.js';
import { intakeUrl, postJson, records, startWebforms } from './fixture.js';

test('concurrent submissions share commits and each gets its lead, inbox row and log row', async (t) => {
  const { gw, form, service } = await startWebforms(t);
  const f = await form({ dailyCap: 0 });
  let inboxInserts = 0;
  const count = (q: { sql: string }): void => {
    if (/^insert into [`"]webform_inbox[`"]/i.test(q.sql)) inboxInserts++;
  };
  gw.store.db.knex.on('query', count);
  const answers = await Promise.all(
    Array.from({ length: 20 }, (_, i) =>
      postJson(intakeUrl(gw, f), { lastname: `Burst ${i}`, email: `b${i}@example.org` }),
    ),
  );
  gw.store.db.knex.off('query', count);
  t.deepEqual(
    answers.map((a) => a.status),
    Array.from({ length: 20 }, () => 201),
  );
  t.is((await records(gw)).length, 20);
  const inbox = await service.inbox.recent(f.id);
  t.is(inbox.length, 20);
  t.true(
    inbox.every((e) => e.status === 'done' && e.recordId !== null && e.exchangeLogId !== null),
  );
  t.is(new Set(inbox.map((e) => e.recordId)).size, 20, 'one record per row');
  t.true(inboxInserts < 20, `${inboxInserts} inbox INSERTs for 20 submissions`);
});

test('a failing submission in a batch stays in the inbox with its error; the others are made', async (t) => {
  const { gw, form, service } = await startWebforms(t);
  const f = await form({ dailyCap: 0 });
  await gw.store.db.knex.raw(
    "CREATE TRIGGER webform_test_fail BEFORE INSERT ON mod_leads WHEN NEW.lastname = 'Bad' BEGIN SELECT RAISE(ABORT, 'injected failure'); END",
  );
  const names = ['One', 'Two', 'Bad', 'Four', 'Five', 'Six'];
  const answers = await Promise.all(
    names.map((n) => postJson(intakeUrl(gw, f), { lastname: n, email: `${n}@example.org` })),
  );
  t.deepEqual(
    answers.map((a) => a.status),
    [201, 201, 202, 201, 201, 201],
  );
  t.deepEqual((await records(gw)).map((r) => r.values['lastname']).sort(), [
    'Five',
    'Four',
    'One',
    'Six',
    'Two',
  ]);
  const inbox = await service.inbox.recent(f.id);
  t.deepEqual(
    inbox.filter((e) => e.status === 'error').map((e) => e.received['lastname']),
    ['Bad'],
  );
  t.is(inbox.filter((e) => e.status === 'done').length, 5);
});

test('submissions answered 2xx survive a SIGKILL of the gateway', async (t) => {
  t.timeout(120_000);
  const dir = mkdtempSync(path.join(tmpdir(), 'gw-webform-kill-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const env = {
    GATEWAY_PORT: '0',
    GATEWAY_DATA_DIR: dir,
    GATEWAY_LOG_LEVEL: 'silent',
    GATEWAY_ADMIN_PASSWORD: 'admin-password-1',
    GATEWAY_JOBS_ENABLED: 'false',
  };
  // The gateway in a process of its own, with a webform (scripts/bench/bench-server.ts).
  const server = await startBenchServer({
    env,
    ceilingPath: '/none',
    ceilingStatus: 200,
    webform: true,
  });
  t.teardown(() => server.kill());
  const answers = await Promise.all(
    Array.from({ length: 30 }, (_, i) =>
      fetch(server.intake ?? '', {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          accept: 'application/json',
        },
        body: new URLSearchParams({ lastname: `Kept ${i}`, email: `k${i}@example.org` }),
        signal: AbortSignal.timeout(30_000),
      }),
    ),
  );
  await server.kill();
  t.true(answers.every((a) => a.status === 201));
  const store = await openStore(databaseOptions(loadConfig(env)));
  try {
    const leads = await store.db
      .knex('mod_leads')
      .where('lastname', 'like', 'Kept %')
      .count<{ n: number }[]>({ n: '*' });
    t.is(Number(leads[0]?.n), 30);
    const done = await store.db
      .knex('webform_inbox')
      .where({ status: 'done' })
      .count<{ n: number }[]>({ n: '*' });
    t.is(Number(done[0]?.n), 30);
  } finally {
    await store.close();
  }
});
