// A vtiger client library's day (gateway/rest/README.md §7): login, create, retrieve, update,
// revise, query (escape()-encoded, non-ASCII), count(*), sync, delete, logout — over HTTP.
import test from 'ava';
import { ADMIN_ACCESS_KEY } from '../../helpers/gateway.js';
import { adminClient, form, md5, rawCall, restGateway } from '../../helpers/rest-fixture.js';
import { VtigerClient, jsEscape } from '../../helpers/vtiger-client.js';

test('login, CRUD, query and sync round trip with a vtiger-style client', async (t) => {
  const gw = await restGateway();
  t.teardown(() => gw.dispose());
  const client = new VtigerClient(gw.url);
  t.true(await client.doLogin('admin', ADMIN_ACCESS_KEY));
  t.is(client.userId, '19x1');
  t.regex(client.sessionName ?? '', /^[0-9a-f]{48}$/);

  const account = await client.doCreate('Accounts', {
    accountname: 'Grüne Wiese GmbH',
    employees: '12',
    annual_revenue: '1500',
  });
  if (!account) return t.fail(JSON.stringify(client.lastError));
  t.regex(account.id ?? '', /^11x\d+$/);
  t.is(account.employees, '12');
  t.is(account.annual_revenue, '1500.00000000');
  t.is(account.assigned_user_id, '19x1');
  t.regex(account.createdtime ?? '', /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
  t.deepEqual(Object.keys(account).slice(-2), ['id', 'label'], 'id, then label, end the record');

  const contact = await client.doCreate('Contacts', {
    firstname: 'Jörg',
    lastname: 'Müller',
    account_id: account.id ?? '',
    email: 'j@example.org',
    emailoptout: '1',
  });
  if (!contact) return t.fail(JSON.stringify(client.lastError));
  t.is(contact.account_id, account.id);
  t.is(contact.emailoptout, '1');
  t.is(contact.birthday, '');
  t.regex(contact.contact_no ?? '', /^CON\d+$/);

  const fetched = await client.doRetrieve(contact.id ?? '');
  t.deepEqual(fetched, contact);

  // update sends the whole record back (vtiger clients retrieve, change, update).
  const updated = await client.doUpdate({ ...contact, title: 'Dr.' });
  if (!updated) return t.fail(JSON.stringify(client.lastError));
  t.is(updated.title, 'Dr.');
  t.is(updated.firstname, 'Jörg');
  const revised = await client.doRevise({ id: contact.id ?? '', mobile: '+49 170 1' });
  if (!revised) return t.fail(JSON.stringify(client.lastError));
  t.is(revised.mobile, '+49 170 1');
  t.is(revised.title, 'Dr.');

  const rows = await client.doQuery(
    "SELECT firstname, lastname, account_id FROM Contacts WHERE lastname LIKE 'Mü%' ORDER BY lastname",
  );
  t.deepEqual(rows, [
    { firstname: 'Jörg', lastname: 'Müller', account_id: account.id, id: contact.id },
  ]);
  t.deepEqual(
    await client.doQuery("SELECT count(*) FROM Accounts WHERE accountname = 'Grüne Wiese GmbH'"),
    [{ count: '1' }],
  );
  t.deepEqual(await client.doQuery("SELECT * FROM Contacts WHERE lastname = 'Nobody'"), []);

  const sync = await client.doSync(0);
  if (!sync) return t.fail(JSON.stringify(client.lastError));
  // The base currency 21x1 was created at the first start (test/gateway/rest/base-currency.test.ts).
  t.deepEqual(sync.updated.map((r) => r.id).sort(), [account.id, contact.id, '21x1'].sort());
  t.deepEqual(sync.deleted, []);
  t.false(sync.more);
  t.true(Number.isInteger(sync.lastModifiedTime));

  t.true(await client.doDelete(contact.id ?? ''));
  const after = await client.doSync(sync.lastModifiedTime, 'Contacts');
  if (!after) return t.fail(JSON.stringify(client.lastError));
  t.deepEqual(after.deleted, [contact.id]);
  t.is(await client.doRetrieve(contact.id ?? ''), false);
  t.is(client.lastError?.code, 'ACCESS_DENIED');
  t.is(
    await gw.store.recycleBin.count('Contacts'),
    1,
    'delete moves the record to the recycle bin',
  );

  t.like(await client.doRetrieve('19x1'), { user_name: 'admin', is_admin: 'on', id: '19x1' });
  const group = await gw.store.groups.create('Support');
  t.like(await client.doRetrieve(`20x${group.id}`), { groupname: 'Support', id: `20x${group.id}` });

  t.true(await client.doLogout());
  t.is(await client.doRetrieve(account.id ?? ''), false);
  t.is(client.lastError?.code, 'INVALID_SESSIONID');
});

test('escape()-encoded queries: %uXXXX and Latin-1 %XX decode, double-encoded too', async (t) => {
  const gw = await restGateway();
  t.teardown(() => gw.dispose());
  const client = await adminClient(gw);
  await client.doCreate('Contacts', { lastname: 'Łukasiewicz', firstname: 'Zoë' });
  const query = "SELECT firstname FROM Contacts WHERE lastname = 'Łukasiewicz';";
  t.true(jsEscape(query).includes('%u0141'));
  const direct = await client.doQuery(query);
  t.deepEqual(direct && direct.map((r) => r.firstname), ['Zoë']);
  // A client that escape()s and then URL-encodes again (URLSearchParams).
  const double = await client.get({ operation: 'query', query: jsEscape(query) });
  t.true(double.success, JSON.stringify(double.error));
  t.deepEqual(
    (double.result as { firstname: string }[]).map((r) => r.firstname),
    ['Zoë'],
  );
  // A plain LIKE keeps its % signs.
  const like = await client.get({
    operation: 'query',
    query: "SELECT lastname FROM Contacts WHERE firstname LIKE '%o%';",
  });
  t.deepEqual(
    (like.result as { lastname: string }[]).map((r) => r.lastname),
    ['Łukasiewicz'],
  );
});

test('several live challenge tokens per user; a failed login does not use one up, a good one does', async (t) => {
  const gw = await restGateway();
  t.teardown(() => gw.dispose());
  const challenge = async (): Promise<string> =>
    (
      (await rawCall(gw, { query: 'operation=getchallenge&username=admin' })).result as {
        token: string;
      }
    ).token;
  const first = await challenge();
  const second = await challenge();
  const login = (token: string, key = ADMIN_ACCESS_KEY) =>
    rawCall(gw, {
      body: form({ operation: 'login', username: 'admin', accessKey: md5(token + key) }),
    });
  const wrong = await login(first, 'not-the-key');
  t.is(wrong.error?.code, 'INVALID_USER_CREDENTIALS');
  // Both tokens stay usable, in either order (parallel logins no longer race).
  const b = await login(second);
  const a = await login(first);
  t.true(a.success && b.success);
  t.not(
    (a.result as { sessionName: string }).sessionName,
    (b.result as { sessionName: string }).sessionName,
  );
  const again = await login(first);
  t.is(again.error?.code, 'INVALID_AUTH_TOKEN', 'a token is consumed by the login that used it');
  const result = a.result as Record<string, unknown>;
  t.deepEqual(Object.keys(result).slice(-4), ['sessionName', 'userId', 'version', 'vtigerVersion']);
  t.is(result.version, '0.22');
});
