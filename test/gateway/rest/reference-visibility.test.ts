// Reference fields accept only records the caller may read: a hidden record's id gets exactly the
// error of a missing one, so ids cannot be probed (gateway/rest/README.md §4 "References"). Two
// non-admin users over REST, with Contacts, Accounts and Products private. Strict values, since
// by default both are stored empty as vtiger does (lenient-values.test.ts), which hides as well.
import test from 'ava';
import type { TestGateway } from '../../helpers/gateway.js';
import { bobClient, restGateway, storeCounts } from '../../helpers/rest-fixture.js';
import { VtigerClient } from '../../helpers/vtiger-client.js';

const CAROL_ACCESS_KEY = 'carolAccessKey01234';

async function carolClient(gw: TestGateway): Promise<VtigerClient> {
  await gw.store.users.create({
    userName: 'carol',
    password: 'carol-password-1',
    accessKey: CAROL_ACCESS_KEY,
    lastName: 'Carolson',
  });
  const client = new VtigerClient(gw.url);
  if (!(await client.doLogin('carol', CAROL_ACCESS_KEY))) throw new Error('carol login failed');
  return client;
}

/** A create's error with the id taken out: a hidden and a missing id must read the same. */
async function refusal(
  client: VtigerClient,
  module: string,
  element: Readonly<Record<string, unknown>>,
  id: string,
): Promise<string> {
  const answer = await client.post({
    operation: 'create',
    elementType: module,
    element: JSON.stringify({ assigned_user_id: client.userId ?? '', ...element }),
  });
  if (answer.success) return 'stored';
  return JSON.stringify(answer.error).split(id).join('<id>');
}

test('ids of records hidden from the caller are refused like missing ones', async (t) => {
  t.timeout(60_000);
  const gw = await restGateway({ GATEWAY_WS_STRICT_VALUES: 'true' });
  t.teardown(() => gw.dispose());
  for (const module of ['Contacts', 'Accounts', 'Products'])
    await gw.store.sharing.set(module, 'private');
  const bob = await bobClient(gw);
  const carol = await carolClient(gw);
  const carolContact = await carol.doCreate('Contacts', { lastname: 'Private' });
  const carolAccount = await carol.doCreate('Accounts', { accountname: 'Private Ltd' });
  const carolProduct = await carol.doCreate('Products', { productname: 'Private widget' });
  if (!carolContact || !carolAccount || !carolProduct) throw new Error('fixture');
  const hidden = {
    contact: carolContact.id ?? '',
    account: carolAccount.id ?? '',
    product: carolProduct.id ?? '',
  };
  const missing = { contact: '12x999999', account: '11x999999', product: '14x999999' };
  const before = await storeCounts(gw.store);

  const cases: [string, string, (id: string) => Record<string, unknown>, keyof typeof hidden][] = [
    [
      'ModComments',
      'comment on a contact',
      (id) => ({ commentcontent: 'hi', related_to: id }),
      'contact',
    ],
    [
      'Contacts',
      'contact in an account',
      (id) => ({ lastname: 'Mine', account_id: id }),
      'account',
    ],
    [
      'Quotes',
      'quote line of a product',
      (id) => ({ subject: 'Q', LineItems: [{ productid: id, quantity: '1', listprice: '1' }] }),
      'product',
    ],
  ];
  for (const [module, name, element, key] of cases) {
    const expected = await refusal(bob, module, element(missing[key]), missing[key]);
    t.regex(expected, /REFERENCE_INVALID/, name);
    t.is(await refusal(bob, module, element(hidden[key]), hidden[key]), expected, name);
  }
  t.deepEqual(await storeCounts(gw.store), before, 'nothing stored');

  const ownAccount = await bob.doCreate('Accounts', { accountname: 'Mine Ltd' });
  t.truthy(ownAccount, 'a readable record is accepted');
  t.truthy(
    await bob.doCreate('Contacts', {
      lastname: 'Mine',
      account_id: ownAccount ? (ownAccount.id ?? '') : '',
    }),
  );
});

test('an update may send back a hidden reference the record already holds, not set a new one', async (t) => {
  t.timeout(60_000);
  const gw = await restGateway({ GATEWAY_WS_STRICT_VALUES: 'true' });
  t.teardown(() => gw.dispose());
  await gw.store.sharing.set('Accounts', 'private');
  const bob = await bobClient(gw);
  const carol = await carolClient(gw);
  const first = await carol.doCreate('Accounts', { accountname: 'First Ltd' });
  const second = await carol.doCreate('Accounts', { accountname: 'Second Ltd' });
  if (!first || !second) throw new Error('fixture');
  const shared = await carol.doCreate('Contacts', {
    lastname: 'Shared',
    account_id: first.id ?? '',
  });
  if (!shared) throw new Error('fixture');
  const seen = await bob.doRetrieve(shared.id ?? '');
  if (!seen) throw new Error('bob reads the public contact');
  t.is(seen.account_id, first.id, 'the reference is shown as stored');
  t.truthy(await bob.doUpdate({ ...seen, lastname: 'Renamed' }), JSON.stringify(bob.lastError));
  t.false(await bob.doRevise({ id: shared.id ?? '', account_id: second.id ?? '' }));
  t.is(bob.lastError?.code, 'REFERENCE_INVALID');
});
