// The cost of processing the inbox (gateway/whatsapp/README.md §6): statements per delivery for
// new customers (a lead, a conversation, a ticket) and for the next message of a known one, so the
// processing keeps up with the webhook's acceptance. The channel, its owner's rights and the
// number index are read once per pass, not once per message.
import test from 'ava';
import { envelope, metaJson, text } from '../../fixtures/whatsapp/webhooks.js';
import { startTestGateway } from '../../helpers/gateway.js';
import { countQueries } from '../../helpers/query-count.js';
import { configureChannel } from '../../helpers/whatsapp.js';

const CUSTOMERS = 10;

test('statements per processed delivery stay bounded', async (t) => {
  t.timeout(120_000);
  const gw = await startTestGateway({ GATEWAY_JOBS_ENABLED: 'false' });
  t.teardown(() => gw.dispose());
  await configureChannel(gw.whatsapp, 'http://127.0.0.1:9');
  const knex = gw.store.db.knex;
  const post = async (round: number): Promise<void> => {
    for (let i = 0; i < CUSTOMERS; i++) {
      const from = { waId: `4915112345${String(i).padStart(3, '0')}`, name: `Customer ${i}` };
      await gw.whatsapp.inbox.add(
        metaJson(envelope([text(from, `wamid.cost.${round}.${i}`, `message ${round}`)])),
      );
    }
  };
  await post(1);
  const first = await countQueries(knex, () => gw.whatsapp.processor.runPending());
  await post(2);
  const next = await countQueries(knex, () => gw.whatsapp.processor.runPending());
  t.is(Number((await knex('whatsapp_messages').count({ n: '*' }))[0]?.n), 2 * CUSTOMERS);
  const entities = async (module: string): Promise<number> =>
    Number((await knex('crm_entities').where({ module }).count({ n: '*' }))[0]?.n);
  t.is(await entities('Leads'), CUSTOMERS);
  t.is(await entities('HelpDesk'), CUSTOMERS);
  t.is(await entities('WhatsAppConversations'), CUSTOMERS);
  t.is(await entities('ModComments'), CUSTOMERS);
  t.log(`new customer: ${first / CUSTOMERS} statements, next message: ${next / CUSTOMERS}`);
  // Measured: 53.5 and 38.7 when each message refreshed the index, read its channel and actor
  // and rewrote the window of a conversation it had just created; 32 and 35.5 since.
  t.true(first / CUSTOMERS <= 40, `${first / CUSTOMERS} statements per new customer`);
  t.true(next / CUSTOMERS <= 40, `${next / CUSTOMERS} statements per next message`);
});
