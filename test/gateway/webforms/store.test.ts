// The webform repositories on SQLite and, when the peer runs, PostgreSQL: definitions, the inbox
// with files, the one-transaction writer (record, documents, exchange log, done), duplicate
// look-up, the shared rate counters, the captcha replay table and the generated secret.
import { storeTest } from '../../helpers/databases.js';
import { CaptchaReplay } from '../../../store/webforms/captcha-replay.js';
import { DocumentRepository } from '../../../store/webforms/documents.js';
import { InboxRepository } from '../../../store/webforms/inbox-repository.js';
import { RateCounters } from '../../../store/webforms/rate-counters.js';
import { loadOrCreateSecret } from '../../../store/webforms/secret.js';
import { SubmissionWriter } from '../../../store/webforms/submission-writer.js';
import { WebformRepository } from '../../../store/webforms/webform-repository.js';
import { settings } from './fixture.js';

storeTest('webform definitions, inbox and the record writer', async (t, { store, admin }) => {
  const knex = store.db.knex;
  const forms = new WebformRepository(knex);
  const form = await forms.create(
    settings({ allowedOrigins: ['https://www.example.com'], dedupe: 'update' }),
    admin.userId,
  );
  t.is((await forms.byPublicId(form.publicId))?.id, form.id);
  t.is(await forms.byPublicId('AAAAAAAAAAAAAAAAAAAAAAAA'), null);
  t.deepEqual(
    (await forms.get(form.id))?.fields.map((f) => f.name),
    ['firstname', 'lastname', 'email', 'company', 'description', 'leadsource'],
  );
  t.true(await forms.markCapReached(form.id, '2030-01-01'));
  t.false(await forms.markCapReached(form.id, '2030-01-01'));

  const inbox = new InboxRepository(knex);
  const content = Buffer.from('%PDF-1.4 test');
  const entry = await inbox.add({
    webformId: form.id,
    received: { lastname: 'Store' },
    values: { lastname: 'Store', email: 'Store@Example.org', leadsource: 'Web Site' },
    ip: '192.0.2.1',
    origin: null,
    files: [
      {
        fileName: 'a.pdf',
        mime: 'application/pdf',
        size: content.length,
        sha256: 'x'.repeat(64),
        content,
      },
    ],
  });
  const writer = new SubmissionWriter(knex, inbox, store.picklists);
  const result = await writer.write(entry, form, admin);
  t.is(result?.outcome, 'created');
  t.is(await writer.write(entry, form, admin), null, 'a row is processed once');
  const stored = await inbox.get(entry.id);
  t.like(stored, { status: 'done', outcome: 'created', recordId: result?.recordId, attempts: 1 });
  t.deepEqual(stored?.files, []);
  const docs = new DocumentRepository(knex);
  const [doc] = await docs.forRecord(result?.recordId ?? 0);
  t.true((await docs.content(doc?.id ?? 0))?.content.equals(content));
  t.like((await store.exchangeLog.list({ system: 'webforms' }))[0], {
    status: 'ok',
    created: 1,
    connection: form.publicId,
  });

  const again = await inbox.add({
    webformId: form.id,
    received: {},
    values: { lastname: 'Store', email: 'store@example.ORG', company: 'Dup' },
    ip: null,
    origin: null,
    files: [],
  });
  t.like(await writer.write(again, form, admin), {
    outcome: 'updated',
    recordId: result?.recordId,
  });
  t.is(await store.records.count(admin, 'Leads'), 1);

  const failing = await inbox.add({
    webformId: form.id,
    received: {},
    values: { lastname: 'X' },
    ip: null,
    origin: null,
    files: [],
  });
  await inbox.markError(failing.id, 'boom', 1);
  t.deepEqual(await inbox.retryable(10, '2000-01-01'), [failing.id]);
  t.like(await inbox.counts(form.id), { done: 2, error: 1, pending: 0 });
});

storeTest(
  'rate counters, captcha replay and the generated secret are shared through the database',
  async (t, { store }) => {
    const knex = store.db.knex;
    const counters = new RateCounters(knex);
    t.is(await counters.hit('ip:1:192.0.2.1', 100), 1);
    t.is(await counters.hit('ip:1:192.0.2.1', 100), 2);
    t.is(await counters.hit('ip:1:192.0.2.1', 101), 1);
    t.is(await counters.peek('ip:1:192.0.2.1', 100), 2);
    t.is(await counters.purge('ip:', 101), 1);
    const replay = new CaptchaReplay(knex);
    const later = new Date(Date.now() + 60_000);
    t.true(await replay.use('sig-1', later));
    t.false(await replay.use('sig-1', later));
    t.true(await replay.use('sig-old', new Date(Date.now() - 1000)));
    t.is(await replay.purgeExpired(), 1);
    const secret = await loadOrCreateSecret(knex);
    t.true(secret.length >= 32);
    t.is(await loadOrCreateSecret(knex), secret);
  },
);
