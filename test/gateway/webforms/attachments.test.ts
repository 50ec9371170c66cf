// Attachments (gateway/webforms/README.md §4.2 "Files"): multipart files become documents on the
// record, with hard limits on size, count and type (extension allow-list plus the content's
// first bytes); anything over a limit is a clear 4xx and nothing is stored.
import { createHash } from 'node:crypto';
import test from 'ava';
import { DocumentRepository } from '../../../store/webforms/documents.js';
import { intakeUrl, records, startWebforms } from './fixture.js';

const PDF = Buffer.concat([
  Buffer.from('%PDF-1.4\n'),
  Buffer.alloc(2000, 0x20),
  Buffer.from('\n%%EOF\n'),
]);
const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.alloc(100, 1),
]);
const ENV = {
  GATEWAY_WEBFORMS_MAX_FILE_BYTES: String(64 * 1024),
  GATEWAY_WEBFORMS_MAX_FILES: '2',
  GATEWAY_WEBFORMS_FILE_TYPES: 'pdf,png,txt',
};

function formData(
  files: [string, Buffer][],
  fields: Record<string, string> = { lastname: 'Files', email: 'f@example.org' },
): FormData {
  const data = new FormData();
  for (const [k, v] of Object.entries(fields)) data.set(k, v);
  for (const [name, content] of files) data.append('attachment', new Blob([content]), name);
  return data;
}

function send(url: string, body: FormData, json = true): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    body,
    redirect: 'manual',
    headers: json ? { accept: 'application/json' } : {},
    signal: AbortSignal.timeout(20_000),
  });
}

test('attachments become documents on the new record', async (t) => {
  t.timeout(60_000);
  const { gw, form } = await startWebforms(t, ENV);
  const f = await form({ allowFiles: true });
  const res = await send(
    intakeUrl(gw, f),
    formData([
      ['../../offer.pdf', PDF],
      ['logo.PNG', PNG],
    ]),
  );
  t.is(res.status, 201, await res.clone().text());
  const [lead] = await records(gw);
  const docs = await new DocumentRepository(gw.store.db.knex).forRecord(lead?.id ?? 0);
  t.deepEqual(
    docs.map((d) => [d.fileName, d.mime, d.size, d.sha256]),
    [
      ['offer.pdf', 'application/pdf', PDF.length, createHash('sha256').update(PDF).digest('hex')],
      ['logo.PNG', 'image/png', PNG.length, createHash('sha256').update(PNG).digest('hex')],
    ],
  );
  const stored = await new DocumentRepository(gw.store.db.knex).content(docs[0]?.id ?? 0);
  t.true(stored?.content.equals(PDF));
  t.is(
    await gw.store.db
      .knex('webform_inbox_files')
      .count<{ n: number }[]>({ n: '*' })
      .then((r) => Number(r[0]?.n)),
    0,
    'the inbox copy is released once the document exists',
  );
  t.like(await res.json(), { ok: true });
});

test('oversized, disallowed, disguised and surplus files are refused and nothing is stored', async (t) => {
  t.timeout(60_000);
  const { gw, form, service } = await startWebforms(t, ENV);
  const f = await form({ allowFiles: true });
  const url = intakeUrl(gw, f);
  const big = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(70 * 1024, 0x20)]);
  const cases: [string, FormData, number, RegExp][] = [
    ['too large', formData([['big.pdf', big]]), 413, /larger than 64 KB/],
    [
      'type not allowed',
      formData([['tool.exe', Buffer.from('MZ\x90\x00')]]),
      400,
      /not accepted \(allowed: pdf, png, txt\)/,
    ],
    [
      'html renamed to pdf',
      formData([['invoice.pdf', Buffer.from('<html><script>alert(1)</script></html>')]]),
      400,
      /not a valid \.pdf file/,
    ],
    [
      'three files',
      formData([
        ['a.txt', Buffer.from('a')],
        ['b.txt', Buffer.from('b')],
        ['c.txt', Buffer.from('c')],
      ]),
      413,
      /At most 2 files/,
    ],
  ];
  for (const [name, body, status, message] of cases) {
    const res = await send(url, body);
    t.is(res.status, status, name);
    t.regex(JSON.stringify(await res.json()), message, name);
  }
  const html = await send(
    url,
    formData([['big.pdf', big]], { lastname: 'Kept', email: 'k@example.org' }),
    false,
  );
  t.is(html.status, 413);
  const page = await html.text();
  t.regex(page, /larger than 64 KB/);
  t.regex(page, /value="Kept"/, 'the visitor keeps what they typed');
  const noFiles = await form({ allowFiles: false, name: 'No files' });
  const refused = await send(intakeUrl(gw, noFiles), formData([['a.txt', Buffer.from('a')]]));
  t.is(refused.status, 400);
  t.regex(JSON.stringify(await refused.json()), /does not accept files/);
  t.deepEqual(await records(gw), []);
  t.deepEqual(await service.inbox.recent(f.id), []);
});

test('oversized bodies are refused before they are read whole', async (t) => {
  t.timeout(60_000);
  const { gw, form } = await startWebforms(t, { GATEWAY_WEBFORMS_MAX_FIELD_BYTES: '4096' });
  const f = await form();
  const big = await fetch(intakeUrl(gw, f), {
    method: 'POST',
    body: new URLSearchParams({
      lastname: 'x',
      email: 'x@example.org',
      description: 'y'.repeat(10_000),
    }),
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
  });
  t.is(big.status, 413);
  t.like(await big.json(), { ok: false, error: 'too_large' });
  const fields = new FormData();
  fields.set('lastname', 'x');
  fields.set('description', 'y'.repeat(10_000));
  t.is((await fetch(intakeUrl(gw, f), { method: 'POST', body: fields })).status, 413);
  const odd = await fetch(intakeUrl(gw, f), {
    method: 'POST',
    body: '<xml/>',
    headers: { 'content-type': 'application/xml' },
  });
  t.is(odd.status, 415);
  const broken = await fetch(intakeUrl(gw, f), {
    method: 'POST',
    body: '{"lastname":',
    headers: { 'content-type': 'application/json' },
  });
  t.is(broken.status, 400);
  t.deepEqual(await records(gw), []);
  // and the gateway keeps serving
  t.is(
    (
      await fetch(intakeUrl(gw, f), {
        method: 'POST',
        body: JSON.stringify({ lastname: 'Fine', email: 'f@example.org' }),
        headers: { 'content-type': 'application/json' },
      })
    ).status,
    201,
  );
});
