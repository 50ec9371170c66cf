// The 1C exchange through HAProxy over three replicas, each with its own data directory (README.md
// "Several replicas", gateway/commerceml/README.md §1.3): checkauth on one, the zipped catalog's
// parts spread over the others, mode=import polled wherever round robin sends it, the import run
// by whichever replica claims the job; then the sale flow. Nothing is shared but PostgreSQL.
import test from 'ava';
import { BOOTS, IMPORT_207, OFFERS_207 } from '../commerceml/carono-207.js';
import { openStore } from '../../../store/store.js';
import { ADMIN_ACCESS_KEY } from '../../helpers/gateway.js';
import { clusterFor } from '../../helpers/replicas/setup.js';
import { adminActor, makeZip, OneCClient, seedOrder } from '../commerceml/one-c-client.js';

test('a chunked, zipped catalog and the sale flow with every request on the next replica', async (t) => {
  t.timeout(170_000);
  const cluster = await clusterFor(t, { env: { GATEWAY_BASE_CURRENCY: 'RUB' } });
  if (!cluster) return;
  const store = await openStore({ kind: 'pg', url: cluster.db.url });
  t.teardown(() => store.close());
  const order = await seedOrder({ store }, 'Заказ реплик');

  const c = new OneCClient(cluster.url, 'admin', ADMIN_ACCESS_KEY);
  t.is((await c.checkauth()).lines[0], 'success');
  t.is((await c.init()).lines[0], 'zip=yes');
  const zip = makeZip([
    { name: 'import0_1.xml', data: IMPORT_207 },
    { name: 'offers0_1.xml', data: OFFERS_207 },
  ]);
  // Parts of 2 KiB: round robin sends consecutive parts to different replicas.
  const parts = await c.upload('catalog.zip', zip, 2048);
  t.true(parts.length >= 3, `${parts.length} parts`);
  for (const a of parts) t.is(a.text, 'success');
  for (const f of ['import0_1.xml', 'offers0_1.xml']) {
    const a = await c.importFile(f);
    t.is(a.lines[0], 'success', a.text);
  }
  t.is((await c.call('type=catalog&mode=complete')).text, 'success\n0 deactivated');

  const actor = await adminActor({ store });
  t.is(await store.records.count(actor, 'Catalogs'), 22);
  const link = await store.syncLinks.find('1c', 'default', BOOTS);
  const boots = await store.records.get(actor, 'Products', link?.recordId ?? 0);
  t.is(boots?.values['productcode'], 'Б-130001');
  // The files of the finished exchange are gone from the database too.
  t.is(Number((await store.db.knex('cml_work_chunks').count({ n: '*' }))[0]?.['n']), 0);

  const s = new OneCClient(cluster.url, 'admin', ADMIN_ACCESS_KEY);
  t.is((await s.checkauth('sale')).lines[0], 'success');
  await s.call('type=sale&mode=init&version=2.08');
  const sent = await s.call('type=sale&mode=query');
  t.true(sent.text.includes(`<Номер>${order.number}</Номер>`), sent.text.slice(0, 300));
  t.is((await s.call('type=sale&mode=success')).text, 'success');
  await new Promise((r) => setTimeout(r, 1100));
  t.false((await s.call('type=sale&mode=query')).text.includes('<Документ>'));

  // Every replica took part.
  const served = await cluster.haproxy.served();
  for (const r of cluster.replicas) t.true((served.get(r.name) ?? 0) > 0, `${r.name} served`);
});
