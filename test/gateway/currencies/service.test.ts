// The rules of setCurrency and setTax on every database (gateway/currencies/README.md §2): found
// by code or name, the base currency has rate 1 and stays active and is one at a time, and a
// refused change leaves the store as it was.
import { listCurrencies, setCurrency } from '../../../gateway/currencies/currencies.js';
import { listTaxes, setTax } from '../../../gateway/currencies/taxes.js';
import { storeTest } from '../../helpers/databases.js';

storeTest('currencies: by code, one base at a time, refusals change nothing', async (t, ts) => {
  const { store, admin } = ts;
  const rub = await setCurrency(store, admin, { code: 'руб', rate: '1', base: true });
  t.like(rub, { code: 'RUB', name: 'RUB', rate: '1', active: true, base: true });
  const usd = await setCurrency(store, admin, { code: 'USD', rate: '0.011', symbol: '$' });
  t.like(await setCurrency(store, admin, { code: 'usd', rate: '1' }), {
    id: usd.id,
    symbol: '$',
    rate: '1',
  });
  t.like(await setCurrency(store, admin, { code: 'USD', base: true }), { base: true });
  const before = await listCurrencies(store, admin);
  t.deepEqual(
    before.map((c) => [c.code, c.base]),
    [
      ['RUB', false],
      ['USD', true],
    ],
  );
  const refusals: Array<[Parameters<typeof setCurrency>[2], RegExp]> = [
    [{ code: 'EUR' }, /needs a rate/],
    [{ code: 'EU', rate: '1' }, /not three letters/],
    [{ code: 'USD', active: false }, /must stay active/],
    [{ code: 'USD', rate: '2' }, /base currency's rate is 1/],
    [{ code: 'RUB', rate: '90', base: true }, /base currency's rate is 1/],
    [{ id: Number(rub.id), code: 'USD' }, /already exists/],
    [{ code: 'GBP', rate: '1', symbol: 'x'.repeat(11) }, /symbol/],
  ];
  for (const [input, why] of refusals)
    await t.throwsAsync(setCurrency(store, admin, input), { message: why }, JSON.stringify(input));
  t.deepEqual(await listCurrencies(store, admin), before);
});

storeTest('tax rates: by name, rate and active kept across updates', async (t, ts) => {
  const { store, admin } = ts;
  const vat = await setTax(store, admin, { name: 'VAT', rate: '20' });
  t.like(vat, { name: 'VAT', rate: '20', active: true });
  t.like(await setTax(store, admin, { name: 'vat', active: false }), {
    id: vat.id,
    name: 'vat',
    rate: '20',
    active: false,
  });
  t.like(await setTax(store, admin, { name: 'VAT', rate: '10' }), { rate: '10', active: false });
  await t.throwsAsync(setTax(store, admin, { name: 'Sales' }), { message: /needs a rate/ });
  await t.throwsAsync(setTax(store, admin, { name: ' ', rate: '1' }), { message: /tax name/ });
  t.deepEqual(
    (await listTaxes(store, admin)).map((x) => [x.name, x.rate, x.active]),
    [['VAT', '10', false]],
  );
});
