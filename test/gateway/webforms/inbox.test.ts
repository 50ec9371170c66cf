// Nothing lost: a submission is in the inbox before its record is made; an injected
// database failure leaves it there with its error (visible in the console, in the exchange log),
// the visitor is still told it arrived, and the webforms.inbox job creates the record later.
// Also duplicate detection by e-mail: update the existing record or comment on it.
import test from 'ava';
import { DocumentRepository } from '../../../store/webforms/documents.js';
import { ConsoleClient } from '../../helpers/console-client.js';
import { ADMIN_PASSWORD } from '../../helpers/gateway.js';
import { intakeUrl, postForm, postJson, records, startWebforms } from './fixture.js';

/** Runs due jobs until webforms.inbox has run (runOnce claims at most the worker's concurrency). */
async function runInboxJob(gw: Awaited<ReturnType<typeof startWebforms>>['gw']): Promise<void> {
  await gw.store.jobs.runNow('webforms.inbox');
  for (let i = 0; i < 10; i++) {
    await gw.worker.runOnce();
    const job = await gw.store.jobs.get('webforms.inbox');
    if (job && !job.runRequested && job.lastFinishedAt) return;
  }
  throw new Error('webforms.inbox did not run');
}

const FAIL =
  "CREATE TRIGGER webform_test_fail BEFORE INSERT ON mod_leads BEGIN SELECT RAISE(ABORT, 'injected failure: disk on fire'); END";

test('a database failure keeps the submission in the inbox until the job creates the record', async (t) => {
  t.timeout(90_000);
  const { gw, form, service } = await startWebforms(t);
  const f = await form({ allowFiles: true, returnUrl: 'https://www.example.com/thanks' });
  await gw.store.db.knex.raw(FAIL);
  const json = await postJson(intakeUrl(gw, f), { lastname: 'Durable', email: 'd@example.org' });
  t.is(json.status, 202);
  t.deepEqual(await json.json(), { ok: true, queued: true });
  const files = new FormData();
  files.set('lastname', 'With file');
  files.set('email', 'w@example.org');
  files.append('attachment', new Blob(['hello']), 'note.txt');
  const html = await fetch(intakeUrl(gw, f), { method: 'POST', body: files, redirect: 'manual' });
  t.is(html.status, 303, 'the visitor is told it arrived: it did');

  t.deepEqual(await records(gw), []);
  t.is(
    Number(
      (
        await gw.store.db
          .knex('crm_entities')
          .whereNot({ module: 'Currency' })
          .count<{ n: number }[]>({ n: '*' })
      )[0]?.n,
    ),
    0,
    'the record transaction was rolled back (only the base currency is there)',
  );
  const inbox = await service.inbox.recent(f.id);
  t.deepEqual(
    inbox.map((e) => e.status),
    ['error', 'error'],
  );
  t.regex(inbox[0]?.lastError ?? '', /injected failure/);
  t.deepEqual(
    inbox[0]?.files.map((x) => x.fileName),
    ['note.txt'],
  );
  const log = await gw.store.exchangeLog.list({ system: 'webforms' });
  t.deepEqual(
    log.map((e) => e.status),
    ['error', 'error'],
  );

  const admin = new ConsoleClient(gw.url);
  await admin.login('admin', ADMIN_PASSWORD);
  const page = await (await admin.get(`/console/webforms/${f.id}`)).text();
  t.regex(page, /injected failure: disk on fire/);
  t.regex(page, /Retry/);

  await gw.store.db.knex.raw('DROP TRIGGER webform_test_fail');
  await runInboxJob(gw);
  t.like(await gw.store.jobs.get('webforms.inbox'), { status: 'ok', lastError: null });
  const leads = await records(gw);
  t.deepEqual(leads.map((l) => l.values.lastname).sort(), ['Durable', 'With file']);
  t.deepEqual(
    (await service.inbox.recent(f.id)).map((e) => [e.status, e.outcome]),
    [
      ['done', 'created'],
      ['done', 'created'],
    ],
  );
  const withFile = leads.find((l) => l.values.lastname === 'With file');
  t.deepEqual(
    (await new DocumentRepository(gw.store.db.knex).forRecord(withFile?.id ?? 0)).map(
      (d) => d.fileName,
    ),
    ['note.txt'],
  );
  const after = await gw.store.exchangeLog.list({ system: 'webforms' });
  t.deepEqual(
    after.map((e) => [e.status, e.created]),
    [
      ['ok', 1],
      ['ok', 1],
    ],
    'the same log rows, now ok',
  );
});

test('a retry from the console, and a row left pending by a stopped process', async (t) => {
  t.timeout(90_000);
  const { gw, form, service } = await startWebforms(t);
  const f = await form();
  await gw.store.db.knex.raw(FAIL);
  t.is(
    (await postForm(intakeUrl(gw, f), { lastname: 'Console', email: 'c@example.org' })).status,
    200,
  );
  await gw.store.db.knex.raw('DROP TRIGGER webform_test_fail');
  const [failed] = await service.inbox.recent(f.id);
  const admin = new ConsoleClient(gw.url);
  await admin.login('admin', ADMIN_PASSWORD);
  const csrf = await admin.csrf(`/console/webforms/${f.id}`);
  const retry = await admin.post(`/console/webforms/${f.id}/inbox/${failed?.id ?? 0}/retry`, {
    _csrf: csrf,
  });
  t.is(retry.status, 303);
  t.is((await service.inbox.get(failed?.id ?? 0))?.status, 'done');

  const pending = await service.inbox.add({
    webformId: f.id,
    received: { lastname: 'Orphan' },
    values: { lastname: 'Orphan', email: 'o@example.org' },
    ip: null,
    origin: null,
    files: [],
  });
  await gw.store.db
    .knex('webform_inbox')
    .where({ id: pending.id })
    .update({ received_at: '2000-01-01 00:00:00.000' });
  await runInboxJob(gw);
  t.is((await service.inbox.get(pending.id))?.status, 'done');
  t.deepEqual(
    (await records(gw)).map((l) => l.values.lastname),
    ['Console', 'Orphan'],
  );
});

test('duplicate e-mail: update the existing lead or comment on it instead of a second lead', async (t) => {
  t.timeout(60_000);
  const { gw, form, service } = await startWebforms(t);
  const admin = await gw.store.users.actor(1);
  if (!admin) throw new Error('no admin');
  const existing = await gw.store.records.create(admin, 'Leads', {
    values: { lastname: 'Known', email: 'Known@Example.org', company: 'Old Co' },
  });
  const update = await form({ dedupe: 'update' });
  t.is(
    (
      await postJson(intakeUrl(gw, update), {
        lastname: 'Known',
        email: 'known@example.org',
        company: 'New Co',
        firstname: '',
      })
    ).status,
    201,
  );
  const leads = await records(gw);
  t.is(leads.length, 1);
  t.like(leads[0]?.values, {
    company: 'New Co',
    email: 'known@example.org',
    leadsource: 'Web Site',
  });
  t.like((await service.inbox.recent(update.id))[0], { outcome: 'updated', recordId: existing.id });

  const link = await form({ dedupe: 'link', name: 'Link' });
  t.is(
    (
      await postJson(intakeUrl(gw, link), {
        lastname: 'Known',
        email: 'KNOWN@example.org',
        description: 'Call me',
      })
    ).status,
    201,
  );
  t.is((await records(gw)).length, 1);
  const [comment] = await records(gw, 'ModComments');
  t.is(comment?.values.related_to, String(existing.id));
  t.regex(
    comment?.values.commentcontent ?? '',
    /Webform "Link" submission:[\s\S]*Your message: Call me/,
  );
  t.is(
    (await postJson(intakeUrl(gw, link), { lastname: 'New', email: 'new@example.org' })).status,
    201,
  );
  t.is((await records(gw)).length, 2, 'a new address still makes a new lead');
});
