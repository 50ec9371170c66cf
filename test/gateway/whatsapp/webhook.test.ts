// The webhook edge and the inbox processing (gateway/whatsapp/README.md §2, §3) against the real
// gateway on port 0: verification, signature refusal with nothing stored, idempotent processing
// into leads, conversations, tickets and comments, and media through a small stub.
import test from 'ava';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startTestGateway, type TestGateway } from '../../helpers/gateway.js';
import { adminActor } from '../../../gateway/currencies/cli-actor.js';
import {
  APP_SECRET,
  VERIFY_TOKEN,
  configureChannel,
  postDelivery,
} from '../../helpers/whatsapp.js';
import {
  envelope,
  everyType,
  incoming,
  messagesChange,
  text,
} from '../../fixtures/whatsapp/webhooks.js';

async function count(gw: TestGateway, table: string): Promise<number> {
  const [row] = await gw.store.db.knex(table).count<{ n: number | string }[]>({ n: '*' });
  return Number(row?.n ?? 0);
}

async function liveCount(gw: TestGateway, module: string): Promise<number> {
  const [row] = await gw.store.db
    .knex('crm_entities')
    .where({ module, deleted: false })
    .count<{ n: number | string }[]>({ n: '*' });
  return Number(row?.n ?? 0);
}

/** A stub Graph API for media: GET /v23.0/{id} → a URL, GET /files/{id} → the bytes. */
async function mediaStub(): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    if (req.headers.authorization !== 'Bearer EAAtestToken0123456789') {
      res.writeHead(401).end();
      return;
    }
    if (req.url === '/v23.0/IMAGE_ID') {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(
        JSON.stringify({ url: `${base}/files/IMAGE_ID`, mime_type: 'image/jpeg', file_size: 4 }),
      );
    } else if (req.url === '/files/IMAGE_ID') {
      res
        .writeHead(200, { 'Content-Type': 'image/jpeg' })
        .end(Buffer.from([0xff, 0xd8, 0xff, 0xd9]));
    } else if (req.url === '/v23.0/BIG_ID') {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(
        JSON.stringify({
          url: `${base}/files/BIG_ID`,
          mime_type: 'video/mp4',
          file_size: 99_000_000,
        }),
      );
    } else {
      res.writeHead(404, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ error: { message: 'Unsupported get request.', code: 100 } }));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

async function setup(t: {
  teardown: (fn: () => Promise<void> | void) => void;
}): Promise<TestGateway> {
  const gw = await startTestGateway({ GATEWAY_JOBS_ENABLED: 'false' });
  t.teardown(() => gw.dispose());
  const stub = await mediaStub();
  t.teardown(() => new Promise<void>((resolve) => stub.server.close(() => resolve())));
  await configureChannel(gw.whatsapp, stub.url);
  return gw;
}

test('GET verification answers the challenge with the verify token, 403 otherwise', async (t) => {
  t.timeout(60_000);
  const gw = await setup(t);
  const ok = await fetch(
    `${gw.url}/whatsapp/webhook?hub.mode=subscribe&hub.verify_token=${VERIFY_TOKEN}&hub.challenge=1158201444`,
  );
  t.is(ok.status, 200);
  t.is(await ok.text(), '1158201444');
  const wrong = await fetch(
    `${gw.url}/whatsapp/webhook?hub.mode=subscribe&hub.verify_token=nope&hub.challenge=1158201444`,
  );
  t.is(wrong.status, 403);
  const mode = await fetch(
    `${gw.url}/whatsapp/webhook?hub.mode=unsubscribe&hub.verify_token=${VERIFY_TOKEN}&hub.challenge=1`,
  );
  t.is(mode.status, 403);
});

test('a wrong signature or a body changed by one byte: 401 and nothing stored', async (t) => {
  t.timeout(60_000);
  const gw = await setup(t);
  const payload = envelope([text({ waId: '16505551234' }, 'wamid.sig', 'hello')]);
  t.is((await postDelivery(gw.url, payload, { secret: 'another-secret' })).status, 401);
  const flipped = await postDelivery(gw.url, payload, {
    tamper: (b) => {
      const copy = Buffer.from(b);
      copy[copy.indexOf('hello') + 1] = 'E'.charCodeAt(0);
      return copy;
    },
  });
  t.is(flipped.status, 401);
  t.is((await postDelivery(gw.url, payload, { signature: '' })).status, 401);
  t.is((await postDelivery(gw.url, payload, { signature: 'sha256=zz' })).status, 401);
  t.is(await count(gw, 'whatsapp_inbox'), 0);
  t.is((await postDelivery(gw.url, payload)).status, 200);
  t.is(await count(gw, 'whatsapp_inbox'), 1);
});

test('a customer writes: lead, conversation and ticket; repeats and later messages', async (t) => {
  t.timeout(60_000);
  const gw = await setup(t);
  const from = { waId: '16505551234', name: 'Kerry Fisher' };
  const first = envelope([text(from, 'wamid.first', 'My order is late')]);
  t.is((await postDelivery(gw.url, first)).status, 200);
  t.is((await postDelivery(gw.url, first)).status, 200);
  const counts = await gw.whatsapp.processor.runPending();
  t.is(counts.failed, 0);
  t.is(await count(gw, 'whatsapp_messages'), 1);
  t.is(await liveCount(gw, 'Leads'), 1);
  t.is(await liveCount(gw, 'WhatsAppConversations'), 1);
  t.is(await liveCount(gw, 'HelpDesk'), 1);
  const ticket = await gw.store.db
    .knex('mod_helpdesk')
    .first<{ description: string; ticketstatus: string }>();
  t.is(ticket?.description, 'My order is late');
  const lead = await gw.store.db.knex('mod_leads').first<{ lastname: string; mobile: string }>();
  t.like(lead, { lastname: 'Kerry Fisher', mobile: '+16505551234' });

  t.is(
    (await postDelivery(gw.url, envelope([text(from, 'wamid.second', 'Any news?')]))).status,
    200,
  );
  await gw.whatsapp.processor.runPending();
  t.is(await liveCount(gw, 'Leads'), 1);
  t.is(await liveCount(gw, 'HelpDesk'), 1);
  t.is(await liveCount(gw, 'ModComments'), 1);
  const comment = await gw.store.db.knex('mod_modcomments').first<{ commentcontent: string }>();
  t.is(comment?.commentcontent, 'Any news?');
  const after = await gw.store.db.knex('mod_helpdesk').first<{ ticketstatus: string }>();
  t.is(after?.ticketstatus, 'Customer Replied');
});

test('a contact stored with the ninth digit matches a Brazilian sender without it', async (t) => {
  t.timeout(60_000);
  const gw = await setup(t);
  const actor = await adminActor(gw.store);
  const contact = await gw.store.records.create(actor, 'Contacts', {
    values: { lastname: 'Souza', mobile: '+55 11 98765-4321' },
  });
  t.is(
    (await postDelivery(gw.url, envelope([text({ waId: '551187654321' }, 'wamid.br', 'Oi')])))
      .status,
    200,
  );
  await gw.whatsapp.processor.runPending();
  t.is(await liveCount(gw, 'Leads'), 0);
  const conversation = await gw.store.db
    .knex('mod_whatsappconversations')
    .first<{ contact_id: number; wa_id: string }>();
  t.is(Number(conversation?.contact_id), contact.id);
  t.is(conversation?.wa_id, '551187654321');
  const ticket = await gw.store.db.knex('mod_helpdesk').first<{ contact_id: number }>();
  t.is(Number(ticket?.contact_id), contact.id);
});

test('every message type is stored once, a batch of several entries and unknown types', async (t) => {
  t.timeout(60_000);
  const gw = await setup(t);
  const from = { waId: '4915112345678' };
  const changes = everyType(from, 'wamid.t');
  const batch = {
    object: 'whatsapp_business_account',
    entry: [
      { id: '102290129340398', changes: changes.slice(0, 5) },
      {
        id: '102290129340398',
        changes: [...changes.slice(5), incoming(from, 'wamid.t.new', 'hologram', { x: 1 })],
      },
    ],
  };
  t.is((await postDelivery(gw.url, batch)).status, 200);
  t.is((await postDelivery(gw.url, batch)).status, 200);
  const counts = await gw.whatsapp.processor.runPending();
  t.is(counts.failed, 0);
  t.is(await count(gw, 'whatsapp_messages'), changes.length + 1);
  const rows = await gw.store.db
    .knex('whatsapp_messages')
    .orderBy('id')
    .select<
      { type: string; text: string | null; error_code: number | null; document_id: number | null }[]
    >('type', 'text', 'error_code', 'document_id');
  t.deepEqual(
    rows.map((r) => r.type),
    [
      'text',
      'image',
      'sticker',
      'location',
      'contacts',
      'interactive',
      'interactive',
      'button',
      'reaction',
      'unsupported',
      'hologram',
    ],
  );
  t.is(rows[0]?.text, 'Olá, preciso de ajuda');
  t.is(rows[5]?.text, 'button-text');
  t.is(rows[6]?.text, 'list_reply_title');
  t.is(rows[9]?.error_code, 131051);
  t.true(typeof rows[1]?.document_id === 'number', 'the image was downloaded');
  const doc = await gw.store.db.knex('documents').first<{ size: number; mime: string }>();
  t.like(doc, { mime: 'image/jpeg' });
  t.is(Number(doc?.size), 4);
  t.is(await liveCount(gw, 'HelpDesk'), 1);
  t.is(await liveCount(gw, 'ModComments'), changes.length);
});

test('expired media ids and oversized media keep the message with the reason', async (t) => {
  t.timeout(60_000);
  const gw = await setup(t);
  const from = { waId: '4915112345679' };
  const payload = envelope([
    incoming(from, 'wamid.m1', 'image', { id: 'EXPIRED_ID', mime_type: 'image/jpeg' }),
    incoming(from, 'wamid.m2', 'video', { id: 'BIG_ID', mime_type: 'video/mp4' }),
  ]);
  t.is((await postDelivery(gw.url, payload)).status, 200);
  const counts = await gw.whatsapp.processor.runPending();
  t.is(counts.failed, 0);
  const rows = await gw.store.db
    .knex('whatsapp_messages')
    .orderBy('id')
    .select<{ error_title: string | null; document_id: number | null }[]>(
      'error_title',
      'document_id',
    );
  t.is(rows.length, 2);
  t.regex(rows[0]?.error_title ?? '', /media not downloaded.*Unsupported get request/);
  t.regex(rows[1]?.error_title ?? '', /over the limit/);
  t.is(await count(gw, 'documents'), 0);
});

test('malformed JSON and foreign objects stay in the inbox with their error, nothing else stored', async (t) => {
  t.timeout(60_000);
  const gw = await setup(t);
  t.is((await postDelivery(gw.url, '{"object":"whatsapp_business_account","entry":[')).status, 200);
  t.is((await postDelivery(gw.url, { object: 'page', entry: [] })).status, 200);
  // The delivery also started a pass in the gateway; either way each failed at least once.
  const counts = await gw.whatsapp.processor.runPending();
  t.true(counts.failed >= 2);
  const rows = await gw.store.db
    .knex('whatsapp_inbox')
    .orderBy('id')
    .select<{ last_error: string; processed_at: string | null }[]>('last_error', 'processed_at');
  t.regex(rows[0]?.last_error ?? '', /not valid JSON/);
  t.regex(rows[1]?.last_error ?? '', /not a whatsapp_business_account/);
  t.true(rows.every((r) => r.processed_at === null));
  t.is(await count(gw, 'whatsapp_messages'), 0);
  t.is(await liveCount(gw, 'Leads'), 0);
});

test('a delivery for a number no channel has fails and is kept for a later channel', async (t) => {
  t.timeout(60_000);
  const gw = await setup(t);
  const payload = envelope([
    messagesChange(
      {
        contacts: [{ profile: { name: 'X' }, wa_id: '16505550000' }],
        messages: [
          {
            from: '16505550000',
            id: 'wamid.other',
            timestamp: '1700000000',
            type: 'text',
            text: { body: 'x' },
          },
        ],
      },
      '999',
    ),
  ]);
  t.is((await postDelivery(gw.url, payload)).status, 200);
  t.true((await gw.whatsapp.processor.runPending()).failed >= 1);
  await configureChannel(gw.whatsapp, 'http://127.0.0.1:9', { phoneNumberId: '999' });
  t.is((await gw.whatsapp.processor.runPending()).processed, 1);
  t.is(await count(gw, 'whatsapp_messages'), 1);
  t.truthy(APP_SECRET);
});
