// Bad values on webservice writes, as vtiger 8.2 treats them (gateway/rest/README.md §4 "Bad
// values"): by default an invalid date is stored empty, an invalid e-mail as "", an invalid number
// as 0 and a reference to a missing record as empty, each with a warning naming module, field and
// record; GATEWAY_WS_STRICT_VALUES=true refuses them with the clear error and stores nothing.
import test from 'ava';
import { adminClient, bobClient, storeCounts } from '../../helpers/rest-fixture.js';
import { ADMIN_ACCESS_KEY } from '../../helpers/gateway.js';
import { startLoggedGateway, type LoggedGateway } from '../../helpers/logged-gateway.js';

function warnings(gw: LoggedGateway): Record<string, unknown>[] {
  return gw.lines.filter((l) => l.level === 40 && typeof l.field === 'string');
}

/** An Accounts ws id that names no record (same prefix as a real one, an id far beyond). */
function missingAccount(realId: string): string {
  return `${realId.split('x')[0] ?? ''}x999999`;
}

test('create and revise store bad values as vtiger does and log a warning for each', async (t) => {
  const gw = await startLoggedGateway();
  t.teardown(() => gw.dispose());
  const admin = await adminClient(gw);
  const account = await admin.doCreate('Accounts', { accountname: 'Acme' });
  if (!account) return t.fail(JSON.stringify(admin.lastError));

  const contact = await admin.doCreate('Contacts', {
    lastname: 'Imported',
    birthday: '31/12/1980',
    email: 'not an address',
    account_id: missingAccount(account.id ?? ''),
  });
  if (!contact) return t.fail(JSON.stringify(admin.lastError));
  t.is(contact.birthday, '');
  t.is(contact.email, '');
  t.is((contact as Record<string, string | null>).account_id, null);
  const contactId = Number((contact.id ?? '').split('x')[1]);
  t.deepEqual(
    warnings(gw).map((l) => [l.module, l.field, l.recordId]),
    [
      ['Contacts', 'birthday', contactId],
      ['Contacts', 'email', contactId],
      ['Contacts', 'account_id', contactId],
    ],
  );
  // The bad value itself is never logged (an e-mail is personal data).
  t.false(JSON.stringify(gw.lines).includes('not an address'));

  const revised = await admin.doRevise({
    id: account.id ?? '',
    employees: 'about 40',
    annual_revenue: '1,5 Mio',
  });
  if (!revised) return t.fail(JSON.stringify(admin.lastError));
  t.is(revised.employees, '0');
  t.is(Number(revised.annual_revenue), 0);
  const accountId = Number((account.id ?? '').split('x')[1]);
  t.deepEqual(
    warnings(gw)
      .slice(3)
      .map((l) => [l.module, l.field, l.recordId]),
    [
      ['Accounts', 'employees', accountId],
      ['Accounts', 'annual_revenue', accountId],
    ],
  );
  const again = await admin.doRetrieve(contact.id ?? '');
  if (!again) return t.fail(JSON.stringify(admin.lastError));
  t.like(again, { lastname: 'Imported', birthday: '', email: '', account_id: null });
});

test('the vtenext update path is lenient too, and a mandatory field keeps its error', async (t) => {
  const gw = await startLoggedGateway();
  t.teardown(() => gw.dispose());
  const admin = await adminClient(gw);
  const account = await admin.doCreate('Accounts', { accountname: 'Acme' });
  if (!account) return t.fail(JSON.stringify(admin.lastError));
  const res = await fetch(`${gw.url}/restapi/v1/vtews/update`, {
    method: 'POST',
    headers: {
      Authorization: `Basic ${Buffer.from(`admin:${ADMIN_ACCESS_KEY}`).toString('base64')}`,
      'Content-Type': 'application/json',
    },
    body: JSON.stringify({
      id: account.id,
      columns: { email1: 'acme at example', employees: 'x' },
    }),
  });
  t.is(res.status, 200);
  const body = (await res.json()) as { data: Record<string, string> };
  t.is(body.data.email1, '');
  t.is(body.data.employees, '0');
  t.is(warnings(gw).length, 2);

  // A mandatory date (a potential's closing date) emptied would only read "Mandatory fields not
  // present": the clear error stays.
  const before = await storeCounts(gw.store);
  const refused = await admin.post({
    operation: 'create',
    elementType: 'Potentials',
    element: JSON.stringify({
      potentialname: 'Deal',
      closingdate: '31/12/2030',
      sales_stage: 'Prospecting',
      assigned_user_id: admin.userId,
    }),
  });
  t.false(refused.success);
  t.regex(refused.error?.message ?? '', /closingdate.*is not a date/);
  t.deepEqual(await storeCounts(gw.store), before);
});

test('GATEWAY_WS_STRICT_VALUES=true refuses each bad value by name and stores nothing', async (t) => {
  const gw = await startLoggedGateway({ GATEWAY_WS_STRICT_VALUES: 'true' });
  t.teardown(() => gw.dispose());
  const admin = await adminClient(gw);
  const account = await admin.doCreate('Accounts', { accountname: 'Acme', employees: '12' });
  if (!account) return t.fail(JSON.stringify(admin.lastError));
  const before = await storeCounts(gw.store);
  const cases: [string, Record<string, string>, string, RegExp][] = [
    ['Contacts', { birthday: '31/12/1980' }, 'birthday', /birthday.*is not a date/],
    ['Contacts', { email: 'not an address' }, 'email', /email.*is not an e-mail address/],
    [
      'Contacts',
      { account_id: missingAccount(account.id ?? '') },
      'account_id',
      /Invalid reference specified for account_id: record .* does not exist/,
    ],
    ['Accounts', { accountname: 'Other', employees: 'about 40' }, 'employees', /is not an integer/],
  ];
  for (const [module, values, field, message] of cases) {
    const answer = await admin.post({
      operation: 'create',
      elementType: module,
      element: JSON.stringify({ lastname: 'Imported', ...values, assigned_user_id: admin.userId }),
    });
    t.false(answer.success, field);
    t.regex(answer.error?.message ?? '', message, field);
  }
  const revised = await admin.post({
    operation: 'revise',
    element: JSON.stringify({ id: account.id, employees: 'about 40' }),
  });
  t.false(revised.success);
  t.deepEqual(await storeCounts(gw.store), before);
  const kept = await admin.doRetrieve(account.id ?? '');
  t.is(kept && kept.employees, '12');
  t.deepEqual(warnings(gw), []);
});

test('a reference to a record hidden from the caller is stored empty like a missing one', async (t) => {
  const gw = await startLoggedGateway();
  t.teardown(() => gw.dispose());
  await gw.store.sharing.set('Accounts', 'private');
  const admin = await adminClient(gw);
  const bob = await bobClient(gw);
  const hidden = await admin.doCreate('Accounts', { accountname: 'Private Ltd' });
  if (!hidden) return t.fail(JSON.stringify(admin.lastError));
  const answers: (string | null | undefined)[] = [];
  for (const ref of [hidden.id ?? '', missingAccount(hidden.id ?? '')]) {
    const contact = await bob.doCreate('Contacts', { lastname: 'Probe', account_id: ref });
    if (!contact) return t.fail(JSON.stringify(bob.lastError));
    answers.push((contact as Record<string, string | null>).account_id);
  }
  // Same answer for both, so ids cannot be probed (gateway/rest/README.md §4 "References").
  t.deepEqual(answers, [null, null]);
  t.deepEqual(
    warnings(gw).map((l) => l.field),
    ['account_id', 'account_id'],
  );
});
