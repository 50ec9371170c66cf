// The console page "Currencies & taxes" over HTTP with its CSRF token (gateway/currencies/README.md):
// add, edit, activate and deactivate currencies, choose the base, add and edit tax rates; bad
// input and a missing token change nothing; values are escaped; non-admins are refused; and
// changing the base currency or a rate leaves every stored price as it was.
import anyTest, { type TestFn } from 'ava';
import { listCurrencies, type CurrencyView } from '../../../gateway/currencies/currencies.js';
import { listTaxes } from '../../../gateway/currencies/taxes.js';
import type { Actor } from '../../../store/types.js';
import { ConsoleClient } from '../../helpers/console-client.js';
import { ADMIN_PASSWORD, startTestGateway, type TestGateway } from '../../helpers/gateway.js';

interface Ctx {
  gw: TestGateway;
  admin: ConsoleClient;
  actor: Actor;
}

const test = anyTest as TestFn<Ctx>;
const PAGE = '/console/currencies';

test.before(async (t) => {
  const gw = await startTestGateway();
  const admin = new ConsoleClient(gw.url);
  await admin.login('admin', ADMIN_PASSWORD);
  const user = await gw.store.users.findByUserName('admin');
  const actor = user ? await gw.store.users.actor(user.id) : null;
  if (!actor) throw new Error('no admin actor');
  t.context = { gw, admin, actor };
});

test.after.always(async (t) => t.context.gw?.dispose());

async function currency(t: { context: Ctx }, code: string): Promise<CurrencyView | undefined> {
  return (await listCurrencies(t.context.gw.store, t.context.actor)).find((c) => c.code === code);
}

async function post(
  t: { context: Ctx },
  path: string,
  fields: Record<string, string>,
): Promise<Response> {
  const { admin } = t.context;
  return admin.post(path, { _csrf: await admin.csrf(PAGE), ...fields });
}

test.serial('add, edit, deactivate and choose the base currency', async (t) => {
  t.timeout(30_000);
  const page = await t.context.admin.get(PAGE);
  t.is(page.status, 200);
  const text = await page.text();
  t.regex(text, /<a href="\/console\/currencies" aria-current="page">Currencies &amp; taxes<\/a>/);

  let res = await post(t, PAGE, {
    code: 'rub',
    name: 'Russian ruble',
    symbol: '₽',
    rate: '1',
    active: '1',
  });
  t.is(res.status, 303);
  t.like(await currency(t, 'RUB'), {
    name: 'Russian ruble',
    symbol: '₽',
    rate: '1',
    active: true,
    base: false,
  });
  const rub = (await currency(t, 'RUB'))?.id ?? '';
  res = await post(t, `${PAGE}/base`, { id: rub });
  t.is(res.status, 303);
  t.like(await currency(t, 'RUB'), { base: true });

  await post(t, PAGE, { code: 'USD', name: '', symbol: '$', rate: '0,011', active: '1' });
  t.like(await currency(t, 'USD'), { name: 'USD', rate: '0.011', active: true });
  const usd = (await currency(t, 'USD'))?.id ?? '';
  await post(t, PAGE, { id: usd, code: 'USD', name: 'US dollar', symbol: 'US$', rate: '0.012' });
  t.like(await currency(t, 'USD'), {
    name: 'US dollar',
    symbol: 'US$',
    rate: '0.012',
    active: false,
  });
  await post(t, PAGE, {
    id: usd,
    code: 'USD',
    name: 'US dollar',
    symbol: 'US$',
    rate: '0.012',
    active: '1',
  });
  t.like(await currency(t, 'USD'), { active: true });

  await post(t, PAGE, { code: 'EUR', name: 'Euro', rate: '0.0105', active: '1' });
  const eur = (await currency(t, 'EUR'))?.id ?? '';
  await post(t, PAGE, { id: eur, code: 'GBP', name: 'Pound sterling', rate: '0.009', active: '1' });
  t.is(await currency(t, 'EUR'), undefined, 'the code was edited, not a second currency added');
  t.like(await currency(t, 'GBP'), { id: eur, name: 'Pound sterling', rate: '0.009' });

  const listed = await (await t.context.admin.get(PAGE)).text();
  t.true(listed.includes('value="US$"'));
  t.true(listed.includes('<strong>base</strong>'));
});

test.serial('bad input and a missing CSRF token change nothing', async (t) => {
  t.timeout(30_000);
  const { admin, gw } = t.context;
  const before = await listCurrencies(gw.store, t.context.actor);
  const usd = (await currency(t, 'USD'))?.id ?? '';
  const cases: Array<[string, string, Record<string, string>, RegExp]> = [
    [
      'rate not a number',
      PAGE,
      { code: 'EUR', rate: 'abc', active: '1' },
      /rate &quot;abc&quot; is not a number/,
    ],
    ['code too long', PAGE, { code: 'EURO', rate: '1', active: '1' }, /not three letters/],
    ['code of another', PAGE, { id: usd, code: 'RUB', rate: '1', active: '1' }, /already exists/],
    ['base with another rate', `${PAGE}/base`, { id: usd }, /base currency&#39;s rate is 1/],
    [
      'deactivating the base',
      PAGE,
      { id: (await currency(t, 'RUB'))?.id ?? '', code: 'RUB', rate: '1' },
      /must stay active/,
    ],
    [
      'tax rate above 100',
      `${PAGE}/taxes`,
      { name: 'VAT', rate: '120', active: '1' },
      /between 0 and 100/,
    ],
  ];
  for (const [name, path, fields, why] of cases) {
    const res = await admin.post(
      path,
      { _csrf: await admin.csrf(PAGE), ...fields },
      { referer: `${gw.url}${PAGE}` },
    );
    t.is(res.status, 303, name);
    const back = await (await admin.get(PAGE)).text();
    t.regex(back, why, name);
  }
  const forged = await admin.post(PAGE, {
    _csrf: 'x'.repeat(32),
    code: 'EUR',
    rate: '1',
    active: '1',
  });
  t.is(forged.status, 403);
  t.deepEqual(await listCurrencies(gw.store, t.context.actor), before);
  t.deepEqual(await listTaxes(gw.store, t.context.actor), []);
});

test.serial('tax rates: add, edit, deactivate; names are escaped', async (t) => {
  t.timeout(30_000);
  const { gw, actor } = t.context;
  t.is((await post(t, `${PAGE}/taxes`, { name: 'VAT', rate: '20', active: '1' })).status, 303);
  const vat = (await listTaxes(gw.store, actor))[0];
  t.like(vat, { name: 'VAT', rate: '20', active: true });
  await post(t, `${PAGE}/taxes`, { id: vat?.id ?? '', name: 'VAT', rate: '10' });
  t.like((await listTaxes(gw.store, actor))[0], { rate: '10', active: false });
  await post(t, `${PAGE}/taxes`, { name: '<b>x</b>', rate: '0', active: '1' });
  const text = await (await t.context.admin.get(PAGE)).text();
  t.true(text.includes('value="&lt;b&gt;x&lt;/b&gt;"'));
  t.false(text.includes('<b>x</b>'));
});

test.serial('a non-admin is refused', async (t) => {
  t.timeout(30_000);
  const { gw } = t.context;
  await gw.store.users.create({
    userName: 'clerk',
    password: 'clerk-password-1',
    lastName: 'Clerk',
  });
  const clerk = new ConsoleClient(gw.url);
  await clerk.login('clerk', 'clerk-password-1');
  t.is((await clerk.get(PAGE)).status, 403);
  const csrf = await clerk.csrf('/console');
  t.is((await clerk.post(PAGE, { _csrf: csrf, code: 'EUR', rate: '1', active: '1' })).status, 403);
  t.is(await currency(t, 'EUR'), undefined);
});

test.serial('changing the base currency or a rate leaves stored prices as they were', async (t) => {
  t.timeout(30_000);
  const { gw, actor } = t.context;
  const rub = (await currency(t, 'RUB'))?.id ?? '';
  const usd = (await currency(t, 'USD'))?.id ?? '';
  const products = [];
  for (const [name, price, cur] of [
    ['Tea', '150.50', rub],
    ['Pen', '2.25', usd],
  ] as const) {
    products.push(
      await gw.store.records.create(actor, 'Products', {
        values: { productname: name, unit_price: price, currency_id: cur },
      }),
    );
  }
  await post(t, PAGE, { id: usd, code: 'USD', name: 'US dollar', rate: '1', active: '1' });
  t.is((await post(t, `${PAGE}/base`, { id: usd })).status, 303);
  await post(t, PAGE, { id: rub, code: 'RUB', name: 'Russian ruble', rate: '92.5', active: '1' });
  t.like(await currency(t, 'USD'), { base: true, rate: '1' });
  t.like(await currency(t, 'RUB'), { base: false, rate: '92.5' });
  for (const p of products) {
    const now = await gw.store.records.get(actor, 'Products', p.id);
    t.is(now?.values['unit_price'], p.values['unit_price']);
    t.is(now?.values['currency_id'], p.values['currency_id']);
    t.is(now?.modifiedTime, p.modifiedTime, 'the product was not written at all');
  }
});
