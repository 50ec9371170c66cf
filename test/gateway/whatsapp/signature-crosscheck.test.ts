// The webhook signature check against an independent implementation, npm whatsapp-api-js
// (WhatsAppAPI.verifyRequestSignature): over a corpus of deliveries built from Meta's webhook
// reference examples (test/fixtures/whatsapp/webhooks.ts), signed and tampered, the gateway's
// answer (200 or 401) and the library's verdict agree on every one.
import test from 'ava';
import { WhatsAppAPI } from 'whatsapp-api-js';
import { signBody } from '../../../gateway/whatsapp/core/signature.js';
import {
  envelope,
  everyType,
  metaJson,
  status,
  templateStatus,
} from '../../fixtures/whatsapp/webhooks.js';
import { startTestGateway } from '../../helpers/gateway.js';
import { APP_SECRET, configureChannel, postDelivery } from '../../helpers/whatsapp.js';

interface Case {
  readonly name: string;
  readonly body: Buffer;
  readonly signature: string;
}

function corpus(): Case[] {
  const payloads = [
    ...everyType({ waId: '16505551234', name: 'Zoë Ångström' }, 'wamid.c').map((c) =>
      envelope([c]),
    ),
    envelope([status('wamid.s', '16505551234', 'sent')]),
    envelope([status('wamid.s', '16505551234', 'failed')]),
    envelope([templateStatus('APPROVED', '594425479261596', 'order_ready', 'en_US')]),
    envelope([templateStatus('REJECTED', '594425479261597', 'promo', 'pt_BR', 'INVALID_FORMAT')]),
  ];
  const cases: Case[] = [];
  payloads.forEach((p, i) => {
    const body = Buffer.from(metaJson(p));
    const good = signBody(body, APP_SECRET);
    cases.push({ name: `signed #${i}`, body, signature: good });
    const flipped = Buffer.from(body);
    const at = (i * 37) % flipped.length;
    flipped[at] = (flipped[at] ?? 0) ^ 0x01;
    cases.push({ name: `one byte changed #${i}`, body: flipped, signature: good });
    cases.push({ name: `wrong secret #${i}`, body, signature: signBody(body, `${APP_SECRET}x`) });
    cases.push({
      name: `uppercase hex #${i}`,
      body,
      signature: `sha256=${good.slice(7).toUpperCase()}`,
    });
    cases.push({ name: `sha1 scheme #${i}`, body, signature: `sha1=${good.slice(7)}` });
    cases.push({ name: `short #${i}`, body, signature: good.slice(0, 40) });
    cases.push({
      name: `trailing space in body #${i}`,
      body: Buffer.concat([body, Buffer.from(' ')]),
      signature: good,
    });
  });
  return cases;
}

test('the gateway and whatsapp-api-js accept and refuse the same deliveries', async (t) => {
  t.timeout(120_000);
  const gw = await startTestGateway({ GATEWAY_JOBS_ENABLED: 'false' });
  t.teardown(() => gw.dispose());
  await configureChannel(gw.whatsapp, 'http://127.0.0.1:9');
  const library = new WhatsAppAPI({ token: 'unused', appSecret: APP_SECRET, v: 'v23.0' });
  const cases = corpus();
  let accepted = 0;
  for (const c of cases) {
    const theirs = await library.verifyRequestSignature(c.body.toString('utf8'), c.signature);
    const res = await postDelivery(gw.url, c.body.toString('latin1'), {
      signature: c.signature,
      tamper: () => c.body,
    });
    t.is(res.status === 200, theirs, c.name);
    if (theirs) accepted++;
  }
  t.is(accepted, (cases.length / 7) * 2, 'signed and uppercase-hex cases only');
  const [row] = await gw.store.db
    .knex('whatsapp_inbox')
    .count<{ n: number | string }[]>({ n: '*' });
  t.is(Number(row?.n), accepted);
});
