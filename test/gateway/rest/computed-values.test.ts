// Values vtiger 8.2 computes rather than takes from clients (README "Answers as vtiger 8.2 gives
// them"): a Potential's forecast_amount is amount × probability / 100, on create and on every
// change of either, and a client's own value is ignored; what convertlead creates is marked
// isconvertedfromlead "1", other records "0"; converted leads are left out of query.
import test from 'ava';
import { adminClient, restGateway } from '../../helpers/rest-fixture.js';

test('forecast_amount is amount × probability, kept up to date', async (t) => {
  const gw = await restGateway();
  t.teardown(() => gw.dispose());
  const admin = await adminClient(gw);
  const deal = await admin.doCreate('Potentials', {
    potentialname: 'Deal',
    closingdate: '2030-01-01',
    sales_stage: 'Prospecting',
    amount: '1000',
    probability: '33.3',
    forecast_amount: '5',
  });
  if (!deal) return t.fail(JSON.stringify(admin.lastError));
  t.is(deal.forecast_amount, '333.00000000');
  const revised = await admin.doRevise({ id: deal.id ?? '', probability: '50' });
  if (!revised) return t.fail(JSON.stringify(admin.lastError));
  t.is(revised.forecast_amount, '500.00000000');
  t.deepEqual(await admin.doQuery('SELECT forecast_amount FROM Potentials;'), [
    { forecast_amount: '500.00000000', id: deal.id },
  ]);
  const bare = await admin.doCreate('Potentials', {
    potentialname: 'Bare',
    closingdate: '2030-01-01',
    sales_stage: 'Prospecting',
  });
  if (!bare) return t.fail(JSON.stringify(admin.lastError));
  t.is(bare.forecast_amount, '0.00000000');
});

test('records created by convertlead are marked isconvertedfromlead', async (t) => {
  const gw = await restGateway();
  t.teardown(() => gw.dispose());
  const admin = await adminClient(gw);
  const lead = await admin.doCreate('Leads', { lastname: 'Lead', company: 'Lead AG' });
  const plain = await admin.doCreate('Contacts', { lastname: 'Plain', isconvertedfromlead: '1' });
  if (!lead || !plain) return t.fail(JSON.stringify(admin.lastError));
  t.is(plain.isconvertedfromlead, '0');
  const converted = await admin.post({
    operation: 'convertlead',
    element: JSON.stringify({
      leadId: lead.id,
      entities: {
        Accounts: { create: true },
        Contacts: { create: true },
        Potentials: {
          create: true,
          potentialname: 'Deal',
          closingdate: '2030-01-01',
          sales_stage: 'Prospecting',
        },
      },
    }),
  });
  t.true(converted.success, JSON.stringify(converted.error));
  const ids = converted.result as Record<string, string>;
  for (const module of ['Accounts', 'Contacts', 'Potentials']) {
    const record = await admin.doRetrieve(ids[module] ?? '');
    if (!record) return t.fail(`${module}: ${JSON.stringify(admin.lastError)}`);
    t.is(record.isconvertedfromlead, '1', module);
  }
  const other = await admin.doCreate('Leads', { lastname: 'Open', company: 'Open AG' });
  if (!other) return t.fail(JSON.stringify(admin.lastError));
  t.deepEqual(await admin.doQuery('SELECT lastname FROM Leads;'), [
    { lastname: 'Open', id: other.id },
  ]);
  t.deepEqual(await admin.doQuery('SELECT count(*) FROM Leads;'), [{ count: '1' }]);
  t.like(await admin.doRetrieve(lead.id ?? ''), { lastname: 'Lead' });
});
