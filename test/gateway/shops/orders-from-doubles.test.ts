// Orders as shop modules really answer mode=query (sync/shop/README.md §5): Bitrix's windows-1251
// 2.05 answer with empty counterparty names, a WooCommerce-style answer that declares
// windows-1251 but is UTF-8, with two counterparties and lines without Ид, inside a 2.10
// Контейнер; an empty answer; and the faults: a hostile document (DOCTYPE with an entity bomb)
// stores nothing and is never acknowledged, Bitrix's `error` at success fails the run.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import test from 'ava';
import { exchangeOrders } from '../../../sync/shop/order-exchange.js';
import { sqliteStore } from '../../helpers/store.js';
import { runDeps, smallCatalog } from './shop-fixture.js';
import { startShopDouble, type DoubleOptions } from './shop-double.js';

const FIXTURES = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../fixtures/commerceml',
);

const WOO = `<?xml version="1.0" encoding="windows-1251"?>
<КоммерческаяИнформация ВерсияСхемы="2.10" ДатаФормирования="2026-01-02EET10:00:00">
<Контейнер>
<Документ>
  <Ид>wc1c#order#501</Ид><Номер>501</Номер><Дата>2026-01-02</Дата>
  <ХозОперация>Заказ товара</ХозОперация><Роль>Продавец</Роль><Валюта>руб.</Валюта><Сумма>3 300,00</Сумма>
  <Контрагенты>
    <Контрагент><Наименование>Гость</Наименование><Роль>Получатель</Роль></Контрагент>
    <Контрагент><Ид>wc1c#user#7</Ид><ПолноеНаименование></ПолноеНаименование><Фамилия>Иванова</Фамилия><Имя>Мария</Имя><Роль>Плательщик</Роль>
      <Контакты><Контакт><Тип>Почта</Тип><Значение>maria@example.com</Значение></Контакт></Контакты></Контрагент>
  </Контрагенты>
  <Товары>
    <Товар><Наименование>Кеды &lt;летние&gt; &amp; "лёгкие"</Наименование><ЦенаЗаЕдиницу>1500,00</ЦенаЗаЕдиницу><Количество>2,000</Количество><Сумма>3000,00</Сумма></Товар>
    <Товар><Наименование>Доставка курьером</Наименование><ЦенаЗаЕдиницу>300</ЦенаЗаЕдиницу><Количество>1</Количество>
      <ЗначенияРеквизитов><ЗначениеРеквизита><Наименование>ТипНоменклатуры</Наименование><Значение>Услуга</Значение></ЗначениеРеквизита></ЗначенияРеквизитов></Товар>
  </Товары>
  <ЗначенияРеквизитов><ЗначениеРеквизита><Наименование>Статус заказа</Наименование><Значение>В обработке</Значение></ЗначениеРеквизита></ЗначенияРеквизитов>
</Документ>
</Контейнер>
</КоммерческаяИнформация>`;

const BOMB = `<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
<КоммерческаяИнформация ВерсияСхемы="2.08"><Документ><Номер>&lol2;</Номер></Документ></КоммерческаяИнформация>`;

async function setup(
  t: { teardown(fn: () => Promise<void> | void): void },
  options: Omit<DoubleOptions, 'flavor'> & { flavor?: DoubleOptions['flavor'] },
) {
  const ts = await sqliteStore();
  t.teardown(() => ts.dispose());
  const cat = await smallCatalog(ts.store, ts.admin);
  const shop = await startShopDouble({ flavor: 'bitrix', ...options });
  t.teardown(() => shop.close());
  const deps = runDeps(ts.store);
  const conn = await deps.connections.create({
    name: 'shop',
    url: shop.url,
    login: 'admin',
    password: 'secret',
    userId: ts.admin.userId,
  });
  const statuses = ['Created', 'Approved', 'Delivered', 'Cancelled'];
  await deps.connections.mapStatus(
    conn.id,
    { site: 'Принят, ожидается оплата', crm: 'Created' },
    statuses,
  );
  await deps.connections.mapStatus(conn.id, { site: 'В обработке', crm: 'Approved' }, statuses);
  const count = (module: string): Promise<number> => ts.store.records.count(ts.admin, module);
  return { ts, cat, shop, deps, id: conn.id, count };
}

test("Bitrix's windows-1251 2.05 answer: two orders, accounts named by the counterparty's Ид, lines kept without a product", async (t) => {
  t.timeout(60_000);
  const s = await setup(t, {
    saleQuery: readFileSync(
      path.join(
        FIXTURES,
        'dobromyslov-commerceml-parser__bitrix-sale-query-response_2.05_windows-1251.xml',
      ),
    ),
  });
  const result = await exchangeOrders(s.deps, s.ts.store, s.id);
  t.like(result, { received: 2, created: 2, accounts: 2, unmatchedLines: 8 });
  const orders = await s.ts.store.records.list(s.ts.admin, 'SalesOrder', { limit: 5 });
  t.deepEqual(orders.map((o) => o.values['from_site']).sort(), ['132', '133']);
  t.true(orders.every((o) => o.values['sostatus'] === 'Created'));
  const accounts = await s.ts.store.records.list(s.ts.admin, 'Accounts', { limit: 5 });
  t.true(accounts.some((a) => a.values['accountname'] === '38#catalog_exchange#'));
  t.true(s.shop.seen.some((r) => r.type === 'sale' && r.mode === 'success'));
  // Resent as they were: nothing duplicated.
  const again = await exchangeOrders(s.deps, s.ts.store, s.id);
  t.like(again, { received: 2, created: 0, unchanged: 2 });
  t.is(await s.count('SalesOrder'), 2);
});

test('a WooCommerce-style answer: UTF-8 under a windows-1251 declaration, Контейнер, payer named by surname and name, lines matched by name', async (t) => {
  t.timeout(60_000);
  const s = await setup(t, { saleQuery: Buffer.from(WOO, 'utf8') });
  const result = await exchangeOrders(s.deps, s.ts.store, s.id);
  t.like(result, { received: 1, created: 1, unmatchedLines: 0 });
  const [order] = await s.ts.store.records.list(s.ts.admin, 'SalesOrder', { limit: 5 });
  t.is(order?.values['sostatus'], 'Approved');
  const full = await s.ts.store.records.get(s.ts.admin, 'SalesOrder', order?.id ?? 0);
  t.deepEqual(
    full?.lineItems?.map((l) => [l.productId, Number(l.quantity), Number(l.listPrice)]),
    [
      [s.cat.sneakers, 2, 1500],
      [s.cat.delivery, 1, 300],
    ],
  );
  const [account] = await s.ts.store.records.list(s.ts.admin, 'Accounts', { limit: 5 });
  t.is(account?.values['accountname'], 'Иванова Мария');
});

test('an empty answer is an empty document and is acknowledged', async (t) => {
  t.timeout(60_000);
  const s = await setup(t, {
    saleQuery: readFileSync(
      path.join(FIXTURES, 'shop-side/bitrix-sale-query-response-empty_windows-1251.xml'),
    ),
  });
  t.like(await exchangeOrders(s.deps, s.ts.store, s.id), { received: 0, created: 0 });
  const blank = await setup(t, { saleQuery: Buffer.alloc(0) });
  t.like(await exchangeOrders(blank.deps, blank.ts.store, blank.id), { received: 0 });
  t.true(blank.shop.seen.some((r) => r.mode === 'success'));
});

test('a hostile orders document stores nothing and is never acknowledged', async (t) => {
  t.timeout(60_000);
  const s = await setup(t, { saleQuery: Buffer.from(BOMB) });
  const err = await t.throwsAsync(exchangeOrders(s.deps, s.ts.store, s.id));
  t.regex(err?.message ?? '', /DOCTYPE/);
  t.is(await s.count('SalesOrder'), 0);
  t.false(s.shop.seen.some((r) => r.mode === 'success'));
  const [entry] = await s.ts.store.exchangeLog.list({ system: 'shop', limit: 1 });
  t.is(entry?.status, 'error');
});

test("Bitrix's `error` at success fails the run; the orders resent next time are not duplicated", async (t) => {
  t.timeout(60_000);
  const s = await setup(t, { saleQuery: Buffer.from(WOO, 'utf8'), saleSuccess: 'error' });
  const err = await t.throwsAsync(exchangeOrders(s.deps, s.ts.store, s.id));
  t.regex(err?.message ?? '', /success: the shop answered error/);
  t.is((await s.deps.connections.mustGet(s.id)).ordersUntil, null);
  await t.throwsAsync(exchangeOrders(s.deps, s.ts.store, s.id));
  t.is(await s.count('SalesOrder'), 1);
});
