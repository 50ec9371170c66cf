// whatsapp.syncTemplates reads every page of GET /{WABA-ID}/message_templates (cursor paging, Graph
// API "Paginated results": paging.next and cursors.after) into WhatsAppTemplates, once per
// (account, name, language), and a second sync updates instead of duplicating.
import test from 'ava';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startTestGateway } from '../../helpers/gateway.js';
import { configureChannel } from '../../helpers/whatsapp.js';

test('templates are read page by page and kept once each', async (t) => {
  t.timeout(60_000);
  const seen: string[] = [];
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    seen.push(url.searchParams.get('after') ?? '');
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}${url.pathname}`;
    const page =
      url.searchParams.get('after') === 'CURSOR2'
        ? {
            data: [
              {
                name: 'order_ready',
                language: 'pt_BR',
                status: 'APPROVED',
                category: 'UTILITY',
                id: '2',
                components: [{ type: 'BODY', text: 'Pedido {{1}} pronto, {{2}}' }],
              },
            ],
            paging: { cursors: { before: 'CURSOR1', after: 'CURSOR3' } },
          }
        : {
            data: [
              {
                name: 'hello_world',
                language: 'en_US',
                status: 'APPROVED',
                category: 'UTILITY',
                id: '1',
                components: [{ type: 'BODY', text: 'Hello World' }],
              },
            ],
            paging: {
              cursors: { before: 'CURSOR0', after: 'CURSOR2' },
              next: `${base}?after=CURSOR2`,
            },
          };
    res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(page));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => {
    server.close();
  });
  const gw = await startTestGateway({ GATEWAY_JOBS_ENABLED: 'false' });
  t.teardown(() => gw.dispose());
  const channel = await configureChannel(
    gw.whatsapp,
    `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
  );
  t.is(await gw.whatsapp.syncTemplates(channel.id), 2);
  t.is(await gw.whatsapp.syncTemplates(channel.id), 2);
  t.deepEqual(seen, ['', 'CURSOR2', '', 'CURSOR2']);
  const rows = await gw.store.db
    .knex('mod_whatsapptemplates as t')
    .join('crm_entities as e', 'e.id', 't.id')
    .where('e.deleted', false)
    .orderBy('t.id')
    .select<{ template_name: string; template_params: number }[]>(
      't.template_name',
      't.template_params',
    );
  t.deepEqual(
    rows.map((r) => [r.template_name, Number(r.template_params)]),
    [
      ['hello_world', 0],
      ['order_ready', 2],
    ],
  );
});
