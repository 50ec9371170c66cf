// The whole 1C conversation over HTTP on PostgreSQL (docs/architecture.md "Store"): catalog
// checkauth → init → chunked file → import loop → complete, a full snapshot deactivated at
// mode=deactivate, and sale query → success, checked through the store as on SQLite.
import test from 'ava';
import { BOOTS, IMPORT_207, OFFERS_207 } from './carono-207.js';
import { productExtras } from '../../../store/commerceml/product-extras.js';
import { ADMIN_ACCESS_KEY, startOneCGateway } from '../../helpers/gateway.js';
import { freshPgDatabase } from '../../helpers/pg-database.js';
import { requirePeer } from '../../helpers/peers.js';
import { adminActor, OneCClient, seedOrder } from './one-c-client.js';

test('catalog and sale exchange over HTTP on PostgreSQL', async (t) => {
  t.timeout(120_000);
  const pg = await freshPgDatabase();
  if (!requirePeer('postgresql', pg !== null, t) || !pg) return;
  t.teardown(() => pg.drop());
  const gw = await startOneCGateway({
    GATEWAY_DATABASE_URL: pg.url,
    GATEWAY_LOGIN_MAX_FAILURES: '200',
  });
  t.teardown(() => gw.dispose());
  const order = await seedOrder(gw, 'Заказ PG');

  const catalog = async (importXml: Buffer): Promise<OneCClient> => {
    const c = new OneCClient(gw.url, 'admin', ADMIN_ACCESS_KEY);
    t.is((await c.checkauth()).lines[0], 'success');
    t.is((await c.init()).lines[0], 'zip=yes');
    for (const a of await c.upload('import0_1.xml', importXml, 4096)) t.is(a.text, 'success');
    for (const a of await c.upload('offers0_1.xml', OFFERS_207, 4096)) t.is(a.text, 'success');
    for (const f of ['import0_1.xml', 'offers0_1.xml']) {
      const a = await c.importFile(f);
      t.is(a.lines[0], 'success', a.text);
    }
    return c;
  };
  let c = await catalog(IMPORT_207);
  t.is((await c.call('type=catalog&mode=complete')).text, 'success\n0 deactivated');
  const actor = await adminActor(gw);
  t.is(await gw.store.records.count(actor, 'Catalogs'), 22);
  const link = await gw.store.syncLinks.find('1c', 'default', BOOTS);
  const boots = await gw.store.records.get(actor, 'Products', link?.recordId ?? 0);
  t.is(boots?.values['productcode'], 'Б-130001');
  // Its characteristics became variants with prices and stock named after the declared warehouse.
  const extras = await productExtras(gw.store.db.knex, boots?.id ?? 0);
  t.is(extras.variants.length, 2);
  const variant = await productExtras(gw.store.db.knex, extras.variants[0]?.variantId ?? 0);
  t.is(variant.stock[0]?.warehouseName, 'Магазин "Обувь"');
  t.truthy(
    (await gw.store.records.get(actor, 'Products', extras.variants[0]?.variantId ?? 0))?.values[
      'unit_price'
    ],
  );

  // The same full catalog without the boots: deactivated at mode=deactivate, not deleted.
  const full = IMPORT_207.toString('utf8');
  const start = full.indexOf('<Товар>');
  c = await catalog(
    Buffer.from(
      full.slice(0, start) + full.slice(full.indexOf('</Товар>', start) + '</Товар>'.length),
    ),
  );
  t.is(
    (await c.call(`type=catalog&mode=deactivate&timestamp=${Math.floor(Date.now() / 1000)}`)).text,
    'success\n1 deactivated',
  );
  t.is(
    (await gw.store.records.get(actor, 'Products', link?.recordId ?? 0))?.values['discontinued'],
    '0',
  );
  t.is((await c.call('type=catalog&mode=complete')).text, 'success');

  const s = new OneCClient(gw.url, 'admin', ADMIN_ACCESS_KEY);
  t.is((await s.checkauth('sale')).lines[0], 'success');
  await s.call('type=sale&mode=init');
  const sent = await s.call('type=sale&mode=query');
  t.true(sent.text.includes(`<Номер>${order.number}</Номер>`), sent.text);
  t.true(sent.text.includes('ООО Ромашка'));
  t.is((await s.call('type=sale&mode=success')).text, 'success');
  await new Promise((r) => setTimeout(r, 1100));
  t.false((await s.call('type=sale&mode=query')).text.includes('<Документ>'));
  const log = await gw.store.exchangeLog.list({ system: '1c' });
  t.true(log.filter((e) => e.status === 'ok').length >= 5);
});
