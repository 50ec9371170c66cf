// Faults of the send API (gateway/whatsapp/README.md §4.3) from a stub Graph API: a revoked token
// (190) pauses the channel and shows the error; 429 keeps the message queued and
// whatsapp.syncMessages sends it once the stub accepts; 131047 (re-engagement required) fails the
// message with Meta's code and title. Nothing is lost and nothing is sent twice.
import test from 'ava';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { envelope, text } from '../../fixtures/whatsapp/webhooks.js';
import { startTestGateway, type TestGateway } from '../../helpers/gateway.js';
import { configureChannel, postDelivery } from '../../helpers/whatsapp.js';

interface Answer {
  readonly status: number;
  readonly body: unknown;
  readonly headers?: Record<string, string>;
}

async function stub(answers: Answer[]): Promise<{ url: string; server: Server; sends: string[] }> {
  const sends: string[] = [];
  let n = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.method === 'POST' && req.url?.endsWith('/messages')) {
        sends.push(Buffer.concat(chunks).toString('utf8'));
        const answer = answers.shift() ?? {
          status: 200,
          body: { messaging_product: 'whatsapp', messages: [{ id: `wamid.stub.${++n}` }] },
        };
        res.writeHead(answer.status, { 'Content-Type': 'application/json', ...answer.headers });
        res.end(JSON.stringify(answer.body));
        return;
      }
      res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"id":"1"}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server, sends };
}

const graphError = (code: number, message: string): unknown => ({
  error: { message, type: 'OAuthException', code, fbtrace_id: 'Az8or2yhqkZfEZ-_4Qn_Bam' },
});

async function setup(
  t: { teardown: (fn: () => void | Promise<void>) => void },
  answers: Answer[],
): Promise<{ gw: TestGateway; sends: string[]; channelId: number }> {
  const s = await stub(answers);
  t.teardown(() => {
    s.server.close();
  });
  const gw = await startTestGateway({ GATEWAY_JOBS_ENABLED: 'false' });
  t.teardown(() => gw.dispose());
  const channel = await configureChannel(gw.whatsapp, s.url);
  await postDelivery(gw.url, envelope([text({ waId: '16505551234' }, 'wamid.in', 'Hi')]));
  await gw.whatsapp.processor.runPending();
  return { gw, sends: s.sends, channelId: channel.id };
}

const hello = (channelId: number) =>
  ({ channelId, to: '16505551234', content: { kind: 'text', text: 'Hello' } }) as const;

test('a revoked token pauses the channel with the error; the message waits', async (t) => {
  t.timeout(60_000);
  const { gw, sends, channelId } = await setup(t, [
    {
      status: 401,
      body: graphError(190, 'Error validating access token: The session has been invalidated'),
    },
  ]);
  const err = await gw.whatsapp.send(hello(channelId)).catch((e: unknown) => e);
  t.regex((err as Error).message, /code 190.*sending is paused/);
  const channel = await gw.whatsapp.channels.get(channelId);
  t.true(channel?.paused);
  t.regex(channel?.lastError ?? '', /session has been invalidated/);
  const refused = await gw.whatsapp.send(hello(channelId)).catch((e: unknown) => e);
  t.regex((refused as Error).message, /is paused/);
  t.is(sends.length, 1, 'nothing sent while paused');
  // `whatsapp test` succeeding (a new token configured) lifts the pause; the queued one goes out.
  t.like(await gw.whatsapp.test(channelId), { ok: true });
  t.is(await gw.whatsapp.sender.retryQueued(), 1);
  t.is(sends.length, 2);
  const rows = await gw.store.db
    .knex('whatsapp_messages')
    .where({ direction: 'out' })
    .select('status');
  t.deepEqual(rows, [{ status: 'sent' }]);
});

test('429 keeps the message queued and the retry sends it once', async (t) => {
  t.timeout(60_000);
  const { gw, sends, channelId } = await setup(t, [
    { status: 429, body: graphError(130429, 'Rate limit hit'), headers: { 'Retry-After': '1' } },
  ]);
  const queued = await gw.whatsapp.send(hello(channelId));
  t.is(queued.status, 'queued');
  t.is(queued.errorCode, 130429);
  t.is(await gw.whatsapp.sender.retryQueued(), 1);
  t.is(await gw.whatsapp.sender.retryQueued(), 0);
  t.is(sends.length, 2);
  t.is((await gw.whatsapp.messages.get(queued.id))?.status, 'sent');
});

test('131047 fails the message with Meta code and title and a clear error', async (t) => {
  t.timeout(60_000);
  const { gw, sends, channelId } = await setup(t, [
    {
      status: 400,
      body: graphError(
        131047,
        'Re-engagement message: More than 24 hours have passed since the recipient last replied',
      ),
    },
  ]);
  const err = await gw.whatsapp.send(hello(channelId)).catch((e: unknown) => e);
  t.regex((err as Error).message, /Re-engagement message.*send a template/);
  const row = await gw.store.db
    .knex('whatsapp_messages')
    .where({ direction: 'out' })
    .first<{ status: string; error_code: number }>('status', 'error_code');
  t.like(row, { status: 'failed' });
  t.is(Number(row?.error_code), 131047);
  t.is(await gw.whatsapp.sender.retryQueued(), 0);
  t.is(sends.length, 1);
});
