// type=sale over HTTP (gateway/commerceml/README.md §1.5): query → success → file, in the old flow
// (applied at mode=file) and the new flow (mode=import loop), UTF-8 and windows-1251 query output,
// and the default status mapping (gateway/commerceml/README.md §2.4).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import test from 'ava';
import iconv from 'iconv-lite';
import { writeCmlSettings } from '../../../gateway/commerceml/settings.js';
import { ADMIN_ACCESS_KEY, startOneCGateway, type TestGateway } from '../../helpers/gateway.js';
import { adminActor, OneCClient, seedOrder } from './one-c-client.js';

const FIXTURES = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../fixtures/commerceml',
);
const DOCS_31 = readFileSync(
  path.join(FIXTURES, 'irpsv-commerceml__bitrix-module-6.5_documents-from-1c_3.1.xml'),
  'utf8',
);

const admin = adminActor;

/** Fixture 7 with its first Документ renumbered to a CRM order and its requisites set. */
function documentFor(number: string, requisites: string): Buffer {
  const first = DOCS_31.replace(/<Номер>320<\/Номер>/, `<Номер>${number}</Номер>`).replace(
    /(<Наименование>Проведен<\/Наименование>\s*<Значение>)true(<\/Значение>)/,
    `$1${requisites}$2`,
  );
  return Buffer.from(first, 'utf8');
}

async function saleClient(gw: TestGateway, version: string | null): Promise<OneCClient> {
  const c = new OneCClient(gw.url, 'admin', ADMIN_ACCESS_KEY);
  await c.checkauth('sale');
  await c.call(`type=sale&mode=init${version ? `&version=${version}` : ''}`);
  return c;
}

test('query → success → query again sends nothing; file (old flow) updates status Approved', async (t) => {
  t.timeout(60_000);
  const gw = await startOneCGateway();
  t.teardown(() => gw.dispose());
  const order = await seedOrder(gw, 'Заказ 1');
  const c = await saleClient(gw, null);
  const first = await c.call('type=sale&mode=query');
  t.regex(first.text, /^<\?xml version="1.0" encoding="UTF-8"\?>/);
  t.true(first.text.includes(`<Номер>${order.number}</Номер>`));
  t.true(first.text.includes('ООО Ромашка'));
  t.regex(first.text, /<Количество>2(\.0+)?<\/Количество>/, first.text);
  // Not committed yet: a failed run sends the same order again.
  t.true((await c.call('type=sale&mode=query')).text.includes(`<Номер>${order.number}</Номер>`));
  t.is((await c.call('type=sale&mode=success')).text, 'success');
  const sent = await gw.store.exchangeLog.list({ system: '1c', direction: 'outbound' });
  t.deepEqual(
    sent.map((e) => [e.status, e.details]),
    [
      ['ok', '1 orders sent (mode=query)'],
      ['ok', '1 orders sent (mode=query)'],
    ],
  );
  await new Promise((r) => setTimeout(r, 1100));
  t.false((await c.call('type=sale&mode=query')).text.includes('<Документ>'));
  const up = await c.upload('documents.xml', documentFor(order.number, 'true'), 1 << 20, 'sale');
  t.regex(up[0]?.text ?? '', /^success\n1 orders updated, 19 unknown/);
  const rec = await gw.store.records.get(await admin(gw), 'SalesOrder', order.id);
  t.is(rec?.values['sostatus'], 'Approved');
  t.is(rec?.lineItems?.length, 1);
  // The 1C counterparty, unknown to the CRM, became an Account linked by its 1C id.
  const link = await gw.store.syncLinks.find(
    '1c',
    'default',
    'account:f1eeedab-5cfb-11df-a14c-00155d3ebc00',
  );
  t.is(String(link?.recordId), String(rec?.values['account_id']));
  t.is(
    (await gw.store.records.get(await admin(gw), 'Accounts', link?.recordId ?? 0))?.values[
      'accountname'
    ],
    'Покупатель через интернет-магазин',
  );
});

test('new flow: file then import loop; not posted → Created, cancelled → Cancelled; windows-1251 query', async (t) => {
  t.timeout(60_000);
  const gw = await startOneCGateway();
  t.teardown(() => gw.dispose());
  const order = await seedOrder(gw, 'Заказ 2');
  await gw.store.records.update(
    await admin(gw),
    'SalesOrder',
    order.id,
    { values: { sostatus: 'Approved' } },
    'revise',
  );
  await writeCmlSettings(gw.store, { encoding: 'windows-1251' });
  const c = await saleClient(gw, '2.08');
  const q = await fetch(`${gw.url}/1c_exchange.php?type=sale&mode=query&sessid=${c.sessid}`, {
    headers: { cookie: c.cookie },
    signal: AbortSignal.timeout(10_000),
  });
  t.is(q.headers.get('content-type'), 'application/xml; charset=windows-1251');
  const xml = iconv.decode(Buffer.from(await q.arrayBuffer()), 'win1251');
  t.true(xml.includes('encoding="windows-1251"'));
  t.true(xml.includes('ООО Ромашка'));
  await c.upload('documents/1/documents.xml', documentFor(order.number, 'false'), 1 << 20, 'sale');
  t.is((await c.importFile('documents/1/documents.xml', 'sale')).lines[0], 'success');
  t.is(
    (await gw.store.records.get(await admin(gw), 'SalesOrder', order.id))?.values['sostatus'],
    'Created',
  );
  const cancelled = documentFor(order.number, 'true')
    .toString('utf8')
    .replace(/(<Наименование>Отменен<\/Наименование>\s*<Значение>)false/, '$1true');
  await c.call('type=sale&mode=init&version=2.08');
  await c.upload('documents.xml', Buffer.from(cancelled), 1 << 20, 'sale');
  t.is((await c.importFile('documents.xml', 'sale')).lines[0], 'success');
  t.is(
    (await gw.store.records.get(await admin(gw), 'SalesOrder', order.id))?.values['sostatus'],
    'Cancelled',
  );
});

test('a windows-1251 order file (Bitrix 2.05 sample) updates the order it names', async (t) => {
  t.timeout(60_000);
  const gw = await startOneCGateway();
  t.teardown(() => gw.dispose());
  const order = await seedOrder(gw, 'Заказ 3');
  const text = iconv.decode(
    readFileSync(
      path.join(
        FIXTURES,
        'dobromyslov-commerceml-parser__bitrix-sale-query-response_2.05_windows-1251.xml',
      ),
    ),
    'win1251',
  );
  const renumbered = iconv.encode(
    text.replace('<Номер>132</Номер>', `<Номер>${order.number}</Номер>`),
    'win1251',
  );
  const c = await saleClient(gw, null);
  const up = await c.upload('orders.xml', renumbered, 1 << 20, 'sale');
  t.regex(up[0]?.text ?? '', /^success\n1 orders updated, 1 unknown/);
  const rec = await gw.store.records.get(await admin(gw), 'SalesOrder', order.id);
  t.is(rec?.values['sostatus'], 'Created');
  const account = await gw.store.records.get(
    await admin(gw),
    'Accounts',
    Number(rec?.values['account_id']),
  );
  // Its Контрагент has no name: the order keeps its account.
  t.is(account?.values['accountname'], 'ООО Ромашка');
});

test('query sends the account ИНН, КПП, address and contacts; a 1C counterparty is matched by name before one is created with its ИНН/КПП', async (t) => {
  t.timeout(60_000);
  const gw = await startOneCGateway();
  t.teardown(() => gw.dispose());
  const actor = await admin(gw);
  const order = await seedOrder(gw, 'Заказ 4');
  const account = Number(
    (await gw.store.records.get(actor, 'SalesOrder', order.id))?.values['account_id'],
  );
  await gw.store.records.update(
    actor,
    'Accounts',
    account,
    { values: { inn: '7701234567', kpp: '770101001', phone: '+7 495 000-00-00' } },
    'revise',
  );
  const c = await saleClient(gw, null);
  const xml = (await c.call('type=sale&mode=query')).text;
  t.regex(xml, /<ИНН>7701234567<\/ИНН>\s*<КПП>770101001<\/КПП>/);
  t.regex(xml, /<Представление>Москва<\/Представление>/);
  t.regex(xml, /<Тип>Почта<\/Тип>\s*<Значение>buy@romashka.example<\/Значение>/);
  t.regex(xml, /<Тип>ТелефонРабочий<\/Тип>\s*<Значение>\+7 495 000-00-00<\/Значение>/);
  // An Account with the 1C counterparty's name exists: it is used (and linked), not duplicated.
  const same = await gw.store.records.create(actor, 'Accounts', {
    values: { accountname: 'Покупатель через интернет-магазин' },
  });
  const before = await gw.store.records.count(actor, 'Accounts');
  await c.upload('documents.xml', documentFor(order.number, 'true'), 1 << 20, 'sale');
  t.is(
    String((await gw.store.records.get(actor, 'SalesOrder', order.id))?.values['account_id']),
    String(same.id),
  );
  t.is(await gw.store.records.count(actor, 'Accounts'), before);
  t.is(
    (await gw.store.syncLinks.find('1c', 'default', 'account:f1eeedab-5cfb-11df-a14c-00155d3ebc00'))
      ?.recordId,
    same.id,
  );
  // An unknown counterparty with ИНН/КПП becomes a new Account carrying them.
  const stranger = documentFor(order.number, 'true')
    .toString('utf8')
    .replace('f1eeedab-5cfb-11df-a14c-00155d3ebc00', 'new-party-1')
    .replace(
      /<Наименование>Покупатель через интернет-магазин<\/Наименование>/,
      '<Наименование>ООО Новый</Наименование>',
    )
    .replace(/<ИНН\/>\s*<КПП\/>/, '<ИНН>5001112223</ИНН><КПП>500101001</КПП>');
  await c.call('type=sale&mode=init');
  await c.upload('documents.xml', Buffer.from(stranger), 1 << 20, 'sale');
  const created = await gw.store.records.get(
    actor,
    'Accounts',
    Number((await gw.store.records.get(actor, 'SalesOrder', order.id))?.values['account_id']),
  );
  t.like(created?.values, { accountname: 'ООО Новый', inn: '5001112223', kpp: '500101001' });
  t.is(await gw.store.records.count(actor, 'Accounts'), before + 1);
});

test('status mapping: posted and paid → Delivered by default; the setting maps posted to another status; mode=info lists statuses', async (t) => {
  t.timeout(60_000);
  const gw = await startOneCGateway();
  t.teardown(() => gw.dispose());
  const actor = await admin(gw);
  const order = await seedOrder(gw, 'Заказ 5');
  const c = await saleClient(gw, null);
  const paid = documentFor(order.number, 'true')
    .toString('utf8')
    .replace(
      '<ЗначенияРеквизитов>',
      '<ЗначенияРеквизитов><ЗначениеРеквизита><Наименование>Номер оплаты по 1С</Наименование><Значение>П-0001</Значение></ЗначениеРеквизита>',
    );
  await c.upload('documents.xml', Buffer.from(paid), 1 << 20, 'sale');
  t.is(
    (await gw.store.records.get(actor, 'SalesOrder', order.id))?.values['sostatus'],
    'Delivered',
  );
  await writeCmlSettings(gw.store, {
    statuses: { posted: 'Delivered', paid: 'Approved' },
  });
  await c.call('type=sale&mode=init');
  await c.upload('documents.xml', documentFor(order.number, 'true'), 1 << 20, 'sale');
  t.is(
    (await gw.store.records.get(actor, 'SalesOrder', order.id))?.values['sostatus'],
    'Delivered',
  );
  await c.call('type=sale&mode=init');
  await c.upload('documents.xml', Buffer.from(paid), 1 << 20, 'sale');
  t.is((await gw.store.records.get(actor, 'SalesOrder', order.id))?.values['sostatus'], 'Approved');
  const info = await c.call('type=sale&mode=info');
  t.regex(info.text, /^<\?xml version="1.0" encoding="UTF-8"\?>\s*<Справочник>\s*<Статусы>/);
  for (const s of ['Created', 'Approved', 'Delivered', 'Cancelled'])
    t.true(info.text.includes(`<Ид>${s}</Ид>`), s);
  t.true(info.text.includes('<ПлатежныеСистемы/>'));
});
