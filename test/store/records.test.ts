import { storeTest } from '../helpers/databases.js';
import { GatewayError } from '../../store/errors.js';

storeTest('create, read, update and revise a record', async (t, { store, admin }) => {
  const acc = await store.records.create(admin, 'Accounts', {
    values: {
      accountname: 'Acme GmbH',
      employees: '42',
      annual_revenue: '1500',
      emailoptout: 'true',
      email1: 'info@acme.example',
    },
  });
  t.is(acc.module, 'Accounts');
  t.regex(acc.recordNo ?? '', /^ACC\d+$/);
  t.is(acc.label, 'Acme GmbH');
  t.deepEqual(acc.owner, { kind: 'user', id: admin.userId });
  t.is(acc.values.employees, '42');
  t.is(acc.values.annual_revenue, '1500.00000000');
  t.is(acc.values.emailoptout, '1');
  t.regex(acc.createdTime, /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3}$/);

  const contact = await store.records.create(admin, 'Contacts', {
    values: {
      firstname: 'Ada',
      lastname: 'Lovelace',
      account_id: String(acc.id),
      birthday: '1815-12-10',
    },
  });
  t.is(contact.label, 'Ada Lovelace');
  t.is(contact.values.account_id, String(acc.id));

  const revised = await store.records.update(
    admin,
    'Contacts',
    contact.id,
    { values: { mobile: '+44 20 0000' } },
    'revise',
  );
  t.is(revised.values.mobile, '+44 20 0000');
  t.is(revised.values.firstname, 'Ada');
  t.true(revised.modifiedTime >= contact.modifiedTime);

  const updated = await store.records.update(
    admin,
    'Contacts',
    contact.id,
    { values: { firstname: 'Augusta', lastname: 'King' } },
    'update',
  );
  t.is(updated.label, 'Augusta King');
  t.is((await store.records.get(admin, 'Contacts', contact.id))?.values.lastname, 'King');
  t.is(await store.records.count(admin, 'Contacts'), 1);
});

storeTest('record numbers count per module and never repeat', async (t, { store, admin }) => {
  const numbers: string[] = [];
  for (let i = 0; i < 5; i++) {
    const so = await store.records
      .create(admin, 'SalesOrder', { values: { subject: `Order ${i}`, account_id: null } })
      .catch((e: unknown) => e);
    t.true(so instanceof GatewayError, 'account_id is mandatory on SalesOrder');
  }
  const acc = await store.records.create(admin, 'Accounts', { values: { accountname: 'Buyer' } });
  for (let i = 0; i < 3; i++) {
    const so = await store.records.create(admin, 'SalesOrder', {
      values: { subject: `Order ${i}`, account_id: String(acc.id) },
    });
    numbers.push(so.recordNo ?? '');
  }
  // failed creates gave their numbers back (the transaction rolled back)
  t.deepEqual(numbers, ['SO-1001', 'SO-1002', 'SO-1003']);
});

storeTest(
  'bad values are refused with the field named and nothing is written',
  async (t, { store, admin }) => {
    const cases: [string, Record<string, string>, RegExp][] = [
      ['Accounts', { accountname: 'X', employees: 'many' }, /employees/],
      ['Accounts', { accountname: 'X', email1: 'not-an-email' }, /email1/],
      ['Contacts', { lastname: 'X', birthday: '2023-02-30' }, /birthday/],
      ['Accounts', { accountname: 'X', annual_revenue: '1e9' }, /annual_revenue/],
      ['Accounts', { accountname: 'X', no_such_field: '1' }, /no_such_field/],
      ['Accounts', { accountname: 'X', emailoptout: 'perhaps' }, /emailoptout/],
      ['Contacts', { firstname: 'No last name' }, /lastname/],
      [
        'Events',
        {
          subject: 'E',
          date_start: '2026-01-01',
          time_start: '25:00',
          due_date: '2026-01-01',
          time_end: '10:00',
        },
        /time_start/,
      ],
    ];
    for (const [module, values, field] of cases) {
      const err = await t.throwsAsync(store.records.create(admin, module, { values }), {
        instanceOf: GatewayError,
      });
      t.regex(err?.message ?? '', field);
    }
    t.is(await store.records.count(admin, 'Accounts'), 0);
    t.is(await store.records.count(admin, 'Contacts'), 0);
    t.is(await store.changeLog.latestSeq(), 0);
  },
);

storeTest(
  'revise may not empty a mandatory field; system fields sent back are ignored',
  async (t, { store, admin }) => {
    const lead = await store.records.create(admin, 'Leads', {
      values: { lastname: 'Doe', company: 'Doe Inc' },
    });
    const err = await t.throwsAsync(
      store.records.update(admin, 'Leads', lead.id, { values: { lastname: '' } }, 'revise'),
    );
    t.is((err as GatewayError).kind, 'mandatory_missing');
    const again = await store.records.update(
      admin,
      'Leads',
      lead.id,
      { values: { company: 'Doe Ltd', lead_no: 'LEA999', createdtime: '2000-01-01 00:00:00' } },
      'revise',
    );
    t.is(again.recordNo, lead.recordNo);
    t.is(again.createdTime, lead.createdTime);
    t.is(again.values.company, 'Doe Ltd');
  },
);

storeTest(
  'picklists grow with new values (a unit of measure from 1C is added, not refused)',
  async (t, { store, admin }) => {
    const before = await store.picklists.values('Products', 'usageunit');
    t.false(before.includes('шт'));
    const p = await store.records.create(admin, 'Products', {
      values: { productname: 'Болт М8', usageunit: 'шт', unit_price: '12.5', qtyinstock: '100' },
    });
    t.is(p.values.usageunit, 'шт');
    const after = await store.picklists.values('Products', 'usageunit');
    t.is(after.length, before.length + 1);
    t.is(after.at(-1), 'шт');
    await store.records.create(admin, 'Products', {
      values: { productname: 'Болт М10', usageunit: 'шт' },
    });
    t.is((await store.picklists.values('Products', 'usageunit')).length, after.length);
    const multi = await store.records.create(admin, 'Products', {
      values: { productname: 'Taxed', taxclass: 'VAT |##| Reduced' },
    });
    t.is(multi.values.taxclass, 'VAT |##| Reduced');
    t.true((await store.picklists.values('Products', 'taxclass')).includes('Reduced'));
  },
);

storeTest('inventory records keep line items and exact totals', async (t, { store, admin }) => {
  const acc = await store.records.create(admin, 'Accounts', { values: { accountname: 'Buyer' } });
  const prod = await store.records.create(admin, 'Products', {
    values: { productname: 'Widget', unit_price: '0.10' },
  });
  const line = { productId: prod.id, discountPercent: null, discountAmount: null, comment: null };
  const so = await store.records.create(admin, 'SalesOrder', {
    values: {
      subject: 'Float trap',
      account_id: String(acc.id),
      hdnTaxType: 'individual',
      hdnS_H_Amount: '5',
      txtAdjustment: '-0.3',
    },
    lineItems: [
      { ...line, quantity: '3', listPrice: '0.10', taxPercent: '20' },
      { ...line, quantity: '1', listPrice: '0.20', taxPercent: '10', discountAmount: '0.05' },
    ],
  });
  t.is(so.lineItems?.length, 2);
  t.is(so.lineItems?.[0]?.netPrice, '0.30000000');
  t.is(so.lineItems?.[1]?.netPrice, '0.15000000');
  t.is(so.values.hdnSubTotal, '0.45000000');
  t.is(so.values.tax_total, '0.07500000');
  t.is(so.values.pre_tax_total, '5.45000000');
  t.is(so.values.hdnGrandTotal, '5.22500000');

  const revised = await store.records.update(
    admin,
    'SalesOrder',
    so.id,
    { values: { hdnDiscountPercent: '10', hdnTaxType: 'group' } },
    'revise',
  );
  t.is(revised.lineItems?.length, 2, 'line items kept when not given');
  t.is(revised.values.hdnSubTotal, '0.45000000');
  t.is(revised.values.pre_tax_total, '5.40500000');

  const err = await t.throwsAsync(
    store.records.update(
      admin,
      'SalesOrder',
      so.id,
      { values: {}, lineItems: [{ ...line, quantity: '0', listPrice: '1', taxPercent: null }] },
      'revise',
    ),
  );
  t.regex(err?.message ?? '', /quantity/);
  t.is(
    (await store.records.get(admin, 'SalesOrder', so.id))?.lineItems?.length,
    2,
    'failed update left the lines alone',
  );
  await t.throwsAsync(
    store.records.create(admin, 'Accounts', {
      values: { accountname: 'x' },
      lineItems: [{ ...line, quantity: '1', listPrice: '1', taxPercent: null }],
    }),
  );
});

storeTest(
  'records can be owned by a group; a missing owner is refused',
  async (t, { store, admin }) => {
    const group = await store.groups.create('Sales team');
    const acc = await store.records.create(admin, 'Accounts', {
      values: { accountname: 'Shared' },
      owner: { kind: 'group', id: group.id },
    });
    t.deepEqual(acc.owner, { kind: 'group', id: group.id });
    const err = await t.throwsAsync(
      store.records.create(admin, 'Accounts', {
        values: { accountname: 'Orphan' },
        owner: { kind: 'user', id: 9999 },
      }),
    );
    t.regex(err?.message ?? '', /9999/);
    t.is(await store.records.count(admin, 'Accounts'), 1);
  },
);
