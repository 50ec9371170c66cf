// Malformed record ids as vtiger 8.2 answers them (gateway/rest/README.md §2 "Records"): vtiger
// looks the prefix up before anything else (vtws_getIdComponents + VtigerWebserviceObject::fromId),
// so `abc`, an empty or missing id and `12x-1` all answer ACCESS_DENIED; an id of another module
// keeps INVALID_ID_ATTRIBUTE. Nothing in the store changes.
import anyTest, { type TestFn } from 'ava';
import type { TestGateway } from '../../helpers/gateway.js';
import { adminClient, restGateway, storeCounts } from '../../helpers/rest-fixture.js';
import type { VtigerClient, WsEnvelope } from '../../helpers/vtiger-client.js';

interface Ctx {
  gw: TestGateway;
  admin: VtigerClient;
  accountId: string;
}

const test = anyTest as TestFn<Ctx>;

test.before(async (t) => {
  const gw = await restGateway();
  const admin = await adminClient(gw);
  const account = await admin.doCreate('Accounts', { accountname: 'Acme' });
  if (!account || !account.id) throw new Error('fixture');
  t.context = { gw, admin, accountId: account.id };
});

test.after.always(async (t) => t.context.gw?.dispose());

// undefined: the parameter (or the element's id key) is not sent at all.
const MALFORMED: readonly (string | undefined)[] = ['abc', '', undefined, '12x-1'];

function withId(id: string | undefined, rest: Record<string, string>): Record<string, string> {
  return id === undefined ? rest : { ...rest, id };
}

function element(id: string | undefined): string {
  return JSON.stringify(id === undefined ? { lastname: 'x' } : { id, lastname: 'x' });
}

const CALLS: readonly {
  readonly op: string;
  readonly send: (c: VtigerClient, id: string | undefined) => Promise<WsEnvelope>;
}[] = [
  { op: 'retrieve', send: (c, id) => c.get(withId(id, { operation: 'retrieve' })) },
  {
    op: 'update',
    send: (c, id) => c.post({ operation: 'update', element: element(id) }),
  },
  {
    op: 'revise',
    send: (c, id) => c.post({ operation: 'revise', element: element(id) }),
  },
  { op: 'delete', send: (c, id) => c.post(withId(id, { operation: 'delete' })) },
  {
    op: 'retrieve_related',
    send: (c, id) =>
      c.get(
        withId(id, {
          operation: 'retrieve_related',
          relatedType: 'Contacts',
          relatedLabel: 'Contacts',
        }),
      ),
  },
];

test('a malformed id answers ACCESS_DENIED on every record operation, as vtiger 8.2', async (t) => {
  const { gw, admin } = t.context;
  const before = await storeCounts(gw.store);
  for (const { op, send } of CALLS) {
    for (const id of MALFORMED) {
      const answer = await send(admin, id);
      const label = `${op} id=${id === undefined ? '(missing)' : JSON.stringify(id)}`;
      t.false(answer.success, label);
      t.is(answer.error?.code, 'ACCESS_DENIED', label);
      t.regex(answer.error?.message ?? '', /^Permission to perform the operation is denied/, label);
    }
  }
  t.deepEqual(await storeCounts(gw.store), before);
});

test('an id of another module keeps INVALID_ID_ATTRIBUTE, as vtiger 8.2', async (t) => {
  const { admin, accountId } = t.context;
  const asContact = accountId.replace(/^11x/, '12x');
  for (const { op, send } of CALLS) {
    const answer = await send(admin, asContact);
    t.is(answer.error?.code, 'INVALID_ID_ATTRIBUTE', op);
  }
});
