// Every vtiger error code path of /webservice.php (gateway/rest/README.md §1–§2), table-driven:
// each case is one raw HTTP exchange that must answer HTTP 200, the JSON envelope, the code and a
// message, and leave the store's records unchanged.
import anyTest, { type TestFn } from 'ava';
import { createHash } from 'node:crypto';
import type { TestGateway } from '../../helpers/gateway.js';
import {
  adminClient,
  bobClient,
  form,
  md5,
  rawCall,
  restGateway,
  storeCounts,
} from '../../helpers/rest-fixture.js';
import { VtigerClient } from '../../helpers/vtiger-client.js';

interface Ctx {
  gw: TestGateway;
  admin: VtigerClient;
  bob: VtigerClient;
  accountId: string;
  contactId: string;
  deletedId: string;
  bobAccountId: string;
}

const test = anyTest as TestFn<Ctx>;

test.before(async (t) => {
  // vtiger's own answers, also where they tell unknown user names apart (getchallenge-unknown.test.ts);
  // strict fields so that an unknown field is refused by name (unknown-fields.test.ts), strict
  // values so that a bad value is refused rather than stored as vtiger does (lenient-values.test.ts).
  const gw = await restGateway({
    GATEWAY_VTIGER_STRICT_COMPAT: 'true',
    GATEWAY_WS_STRICT_FIELDS: 'true',
    GATEWAY_WS_STRICT_VALUES: 'true',
  });
  const admin = await adminClient(gw);
  const bob = await bobClient(gw);
  const account = await admin.doCreate('Accounts', { accountname: 'Acme' });
  const contact = await admin.doCreate('Contacts', { lastname: 'Lovelace' });
  const gone = await admin.doCreate('Contacts', { lastname: 'Gone' });
  if (!account || !contact || !gone) throw new Error('fixture');
  await admin.doDelete(gone.id ?? '');
  await gw.store.sharing.set('Potentials', 'private');
  await gw.store.sharing.set('Leads', 'private');
  const bobAccount = await bob.doCreate('Accounts', { accountname: 'Bob Ltd' });
  if (!bobAccount) throw new Error('fixture');
  t.context = {
    gw,
    admin,
    bob,
    accountId: account.id ?? '',
    contactId: contact.id ?? '',
    deletedId: gone.id ?? '',
    bobAccountId: bobAccount.id ?? '',
  };
});

test.after.always(async (t) => t.context.gw?.dispose());

type Call = { query?: string; body?: string; method?: string; contentType?: string };
interface Case {
  readonly name: string;
  readonly code: string;
  readonly message?: RegExp;
  readonly call: (c: Ctx) => Promise<Call>;
}

const s = (c: VtigerClient): string => c.sessionName ?? '';

/** A fresh admin session whose `column` is set `minutesAgo` into the past. */
async function agedSession(
  c: Ctx,
  column: 'created_at' | 'last_seen_at',
  minutesAgo: number,
): Promise<string> {
  const fresh = await adminClient(c.gw);
  const stamp = new Date(Date.now() - minutesAgo * 60_000)
    .toISOString()
    .replace('T', ' ')
    .replace('Z', '');
  await c.gw.store.db
    .knex('webservice_sessions')
    .where({ name_hash: sha256(s(fresh)) })
    .update({ [column]: stamp });
  return s(fresh);
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

const CASES: Case[] = [
  {
    name: 'unknown operation',
    code: 'UNKNOWN_OPERATION',
    message: /^Unknown operation requested$/,
    call: async () => ({ query: 'operation=frobnicate' }),
  },
  { name: 'no operation at all', code: 'UNKNOWN_OPERATION', call: async () => ({ query: '' }) },
  {
    name: 'no sessionName',
    code: 'AUTHENTICATION_REQUIRED',
    message: /^Authencation required$/,
    call: async (c) => ({ query: `operation=retrieve&id=${c.accountId}` }),
  },
  {
    name: 'sessionName "null"',
    code: 'AUTHENTICATION_REQUIRED',
    call: async (c) => ({ query: `operation=retrieve&id=${c.accountId}&sessionName=null` }),
  },
  {
    name: 'forged sessionName',
    code: 'INVALID_SESSIONID',
    message: /^Session Identifier provided is Invalid$/,
    call: async (c) => ({
      query: `operation=retrieve&id=${c.accountId}&sessionName=${'ab'.repeat(24)}`,
    }),
  },
  {
    name: 'sessionName with SQL in it',
    code: 'INVALID_SESSIONID',
    call: async (c) => ({
      query: `operation=retrieve&id=${c.accountId}&sessionName=${encodeURIComponent("x' OR '1'='1")}`,
    }),
  },
  {
    name: 'getchallenge without username',
    code: 'ACCESS_DENIED',
    message: /^No username given$/,
    call: async () => ({ query: 'operation=getchallenge' }),
  },
  {
    name: 'getchallenge for an unknown user',
    code: 'ACCESS_DENIED',
    message: /^username does not exists$/,
    call: async () => ({ query: 'operation=getchallenge&username=nobody' }),
  },
  {
    name: 'login without a challenge',
    code: 'INVALID_AUTH_TOKEN',
    message: /^Specified token is invalid or expired$/,
    call: async () => ({
      body: form({ operation: 'login', username: 'ghost', accessKey: md5('x') }),
    }),
  },
  {
    name: 'login by GET (parameters ignored)',
    code: 'INVALID_AUTH_TOKEN',
    call: async () => ({ query: `operation=login&username=admin&accessKey=${md5('x')}` }),
  },
  {
    name: 'login with the wrong key',
    code: 'INVALID_USER_CREDENTIALS',
    message: /^Invalid username or password$/,
    call: async (c) => {
      await rawCall(c.gw, { query: 'operation=getchallenge&username=admin' });
      return { body: form({ operation: 'login', username: 'admin', accessKey: md5('guess') }) };
    },
  },
  {
    name: 'extendsession without a web session',
    code: 'AUTHENTICATION_FAILURE',
    message: /^Authencation Failed$/,
    call: async () => ({ body: form({ operation: 'extendsession' }) }),
  },
  {
    name: 'logout by GET',
    code: 'OPERATION_NOT_SUPPORTED',
    call: async (c) => ({ query: `operation=logout&sessionName=${s(c.admin)}` }),
  },
  {
    name: 'create in an unknown module',
    code: 'ACCESS_DENIED',
    message: /denied for name : Widgets/,
    call: async (c) => ({
      body: form({
        operation: 'create',
        sessionName: s(c.admin),
        elementType: 'Widgets',
        element: '{}',
      }),
    }),
  },
  {
    name: 'create a User',
    code: 'ACCESS_DENIED',
    call: async (c) => ({
      body: form({
        operation: 'create',
        sessionName: s(c.admin),
        elementType: 'Users',
        element: '{}',
      }),
    }),
  },
  {
    name: 'retrieve with an unknown prefix',
    code: 'ACCESS_DENIED',
    message: /^Permission to perform the operation is denied for id$/,
    call: async (c) => ({ query: `operation=retrieve&sessionName=${s(c.admin)}&id=99x1` }),
  },
  {
    name: 'retrieve a deleted record',
    code: 'ACCESS_DENIED',
    message: /recycle bin/,
    call: async (c) => ({
      query: `operation=retrieve&sessionName=${s(c.admin)}&id=${c.deletedId}`,
    }),
  },
  {
    name: 'retrieve a record that never existed',
    code: 'ACCESS_DENIED',
    message: /does not exist/,
    call: async (c) => ({ query: `operation=retrieve&sessionName=${s(c.admin)}&id=12x999999` }),
  },
  {
    name: 'retrieve with a malformed id',
    code: 'ACCESS_DENIED',
    message: /^Permission to perform the operation is denied for id/,
    call: async (c) => ({ query: `operation=retrieve&sessionName=${s(c.admin)}&id=abc` }),
  },
  {
    name: 'retrieve with the prefix of another module',
    code: 'INVALID_ID_ATTRIBUTE',
    message: /not a Contacts record/,
    call: async (c) => ({
      query: `operation=retrieve&sessionName=${s(c.admin)}&id=${c.accountId.replace(/^11x/, '12x')}`,
    }),
  },
  {
    name: 'retrieve another user as non-admin',
    code: 'ACCESS_DENIED',
    message: /^Permission to read given object is denied$/,
    call: async (c) => ({ query: `operation=retrieve&sessionName=${s(c.bob)}&id=19x1` }),
  },
  {
    name: 'create without a mandatory field',
    code: 'MANDATORY_FIELDS_MISSING',
    message: /^lastname does not have a value$/,
    call: async (c) => ({
      body: form({
        operation: 'create',
        sessionName: s(c.admin),
        elementType: 'Contacts',
        element: JSON.stringify({ firstname: 'A', assigned_user_id: '19x1' }),
      }),
    }),
  },
  {
    name: 'create without assigned_user_id',
    code: 'MANDATORY_FIELDS_MISSING',
    message: /^assigned_user_id does not have a value$/,
    call: async (c) => ({
      body: form({
        operation: 'create',
        sessionName: s(c.admin),
        elementType: 'Contacts',
        element: JSON.stringify({ lastname: 'A' }),
      }),
    }),
  },
  {
    name: 'update with a partial record',
    code: 'MANDATORY_FIELDS_MISSING',
    call: async (c) => ({
      body: form({
        operation: 'update',
        sessionName: s(c.admin),
        element: JSON.stringify({ id: c.contactId, assigned_user_id: '19x1', title: 'x' }),
      }),
    }),
  },
  {
    name: 'revise emptying a mandatory field',
    code: 'MANDATORY_FIELDS_MISSING',
    call: async (c) => ({
      body: form({
        operation: 'revise',
        sessionName: s(c.admin),
        element: JSON.stringify({ id: c.contactId, lastname: '' }),
      }),
    }),
  },
  {
    name: 'update without id',
    code: 'ACCESS_DENIED',
    call: async (c) => ({
      body: form({
        operation: 'update',
        sessionName: s(c.admin),
        element: JSON.stringify({ lastname: 'x' }),
      }),
    }),
  },
  {
    name: 'reference to a record of the wrong module',
    code: 'REFERENCE_INVALID',
    message: /^Invalid reference specified for account_id/,
    call: async (c) => ({
      body: form({
        operation: 'revise',
        sessionName: s(c.admin),
        element: JSON.stringify({ id: c.contactId, account_id: c.contactId }),
      }),
    }),
  },
  {
    name: 'reference that is not an id',
    code: 'REFERENCE_INVALID',
    call: async (c) => ({
      body: form({
        operation: 'revise',
        sessionName: s(c.admin),
        element: JSON.stringify({ id: c.contactId, account_id: '42' }),
      }),
    }),
  },
  {
    name: 'owner that does not exist',
    code: 'REFERENCE_INVALID',
    message: /assigned_user_id/,
    call: async (c) => ({
      body: form({
        operation: 'revise',
        sessionName: s(c.admin),
        element: JSON.stringify({ id: c.contactId, assigned_user_id: '19x999' }),
      }),
    }),
  },
  {
    name: 'assign to another user in a private module',
    code: 'ACCESS_DENIED',
    message: /^Cannot assign record to the given user$/,
    call: async (c) => ({
      body: form({
        operation: 'create',
        sessionName: s(c.bob),
        elementType: 'Potentials',
        element: JSON.stringify({
          potentialname: 'P',
          closingdate: '2030-01-01',
          sales_stage: 'Prospecting',
          assigned_user_id: '19x1',
        }),
      }),
    }),
  },
  {
    name: 'unknown field in element',
    code: 'ACCESS_DENIED',
    message: /Permission to access lastnmae attribute denied: Contacts has no field lastnmae/,
    call: async (c) => ({
      body: form({
        operation: 'revise',
        sessionName: s(c.admin),
        element: JSON.stringify({ id: c.contactId, lastnmae: 'typo' }),
      }),
    }),
  },
  {
    name: 'value of the wrong type',
    code: 'DATABASE_QUERY_ERROR',
    message: /birthday/,
    call: async (c) => ({
      body: form({
        operation: 'revise',
        sessionName: s(c.admin),
        element: JSON.stringify({ id: c.contactId, birthday: 'yesterday' }),
      }),
    }),
  },
  {
    name: 'object as a field value',
    code: 'DATABASE_QUERY_ERROR',
    message: /Field title: expected a string value, got object/,
    call: async (c) => ({
      body: form({
        operation: 'revise',
        sessionName: s(c.admin),
        element: JSON.stringify({ id: c.contactId, title: { a: 1 } }),
      }),
    }),
  },
  {
    name: 'malformed JSON in element',
    code: 'INTERNAL_SERVER_ERROR',
    message: /element is not valid JSON/,
    call: async (c) => ({
      body: form({
        operation: 'create',
        sessionName: s(c.admin),
        elementType: 'Contacts',
        element: '{"lastname": "x",',
      }),
    }),
  },
  {
    name: 'element that is a list',
    code: 'INTERNAL_SERVER_ERROR',
    message: /must be a JSON object/,
    call: async (c) => ({
      body: form({
        operation: 'create',
        sessionName: s(c.admin),
        elementType: 'Contacts',
        element: '["x"]',
      }),
    }),
  },
  {
    name: 'read another user’s record in a private module',
    code: 'ACCESS_DENIED',
    message: /^Permission to read given object is denied$/,
    call: async (c) => {
      const p = await c.admin.doCreate('Potentials', {
        potentialname: 'Secret',
        closingdate: '2030-01-01',
        sales_stage: 'Prospecting',
      });
      return { query: `operation=retrieve&sessionName=${s(c.bob)}&id=${p ? p.id : ''}` };
    },
  },
  {
    name: 'POSTed query (a GET operation)',
    code: 'ACCESS_DENIED',
    message: /denied for query/,
    call: async (c) => ({
      body: form({ operation: 'query', sessionName: s(c.admin), query: 'SELECT * FROM Contacts;' }),
    }),
  },
  {
    name: 'query without the semicolon',
    code: 'QUERY_SYNTAX_ERROR',
    message: /SEMICOLON/,
    call: async (c) => ({
      query: `operation=query&sessionName=${s(c.admin)}&query=${encodeURIComponent('SELECT * FROM Contacts')}`,
    }),
  },
  {
    name: 'query on an unknown module',
    code: 'ACCESS_DENIED',
    message: /denied for name : Nope/,
    call: async (c) => ({
      query: `operation=query&sessionName=${s(c.admin)}&query=${encodeURIComponent('SELECT * FROM Nope;')}`,
    }),
  },
  {
    name: 'query on an unknown field',
    code: 'ACCESS_DENIED',
    message: /Permission to access nope attribute denied/,
    call: async (c) => ({
      query: `operation=query&sessionName=${s(c.admin)}&query=${encodeURIComponent("SELECT * FROM Contacts WHERE nope = '1';")}`,
    }),
  },
  {
    name: 'describe an unknown module',
    code: 'ACCESS_DENIED',
    call: async (c) => ({ query: `operation=describe&sessionName=${s(c.admin)}&elementType=Nope` }),
  },
  {
    name: 'listtypes with a malformed fieldTypeList',
    code: 'INTERNAL_SERVER_ERROR',
    message: /fieldTypeList is not valid JSON/,
    call: async (c) => ({
      query: `operation=listtypes&sessionName=${s(c.admin)}&fieldTypeList=%5B`,
    }),
  },
  {
    name: 'application sync as non-admin',
    code: 'ACCESS_DENIED',
    message: /administrators/,
    call: async (c) => ({
      query: `operation=sync&sessionName=${s(c.bob)}&modifiedTime=0&syncType=application`,
    }),
  },
  {
    name: 'query_related on a relation that does not exist',
    code: 'UNKOWN_ENTITY',
    message: /^Relation specified is incorrect/,
    call: async (c) => ({
      query: `operation=query_related&sessionName=${s(c.admin)}&id=${c.accountId}&relatedLabel=Users&query=${encodeURIComponent('SELECT * FROM Leads')}`,
    }),
  },
  {
    name: 'retrieve_inventory of a contact',
    code: 'OPERATION_NOT_SUPPORTED',
    call: async (c) => ({
      query: `operation=retrieve_inventory&sessionName=${s(c.admin)}&id=${c.contactId}`,
    }),
  },
  {
    name: 'delete a record the caller may not write',
    code: 'ACCESS_DENIED',
    call: async (c) => {
      const p = await c.admin.doCreate('Potentials', {
        potentialname: 'Mine',
        closingdate: '2030-01-01',
        sales_stage: 'Prospecting',
      });
      return {
        body: form({ operation: 'delete', sessionName: s(c.bob), id: p ? (p.id ?? '') : '' }),
      };
    },
  },
  {
    name: 'session over its life span',
    code: 'SESSION_EXPIRED',
    message: /^Session has life span over please login again$/,
    call: async (c) => {
      return {
        query: `operation=listtypes&sessionName=${await agedSession(c, 'created_at', 25 * 60)}`,
      };
    },
  },
  {
    name: 'session left idle',
    code: 'SESSION_LEFT_IDLE',
    message: /^Session has been invalidated to due lack activity$/,
    call: async (c) => {
      return {
        query: `operation=listtypes&sessionName=${await agedSession(c, 'last_seen_at', 31)}`,
      };
    },
  },
];

for (const c of CASES) {
  test.serial(`${c.code}: ${c.name}`, async (t) => {
    const call = await c.call(t.context);
    const before = await storeCounts(t.context.gw.store);
    const body = await rawCall(t.context.gw, call);
    t.false(body.success);
    t.deepEqual(Object.keys(body), ['success', 'error']);
    t.is(body.error?.code, c.code, body.error?.message);
    t.true(typeof body.error?.message === 'string' && body.error.message.length > 0);
    if (c.message) t.regex(body.error?.message ?? '', c.message);
    t.deepEqual(await storeCounts(t.context.gw.store), before, 'the store is unchanged');
  });
}

test.serial('ACCESSKEY_UNDEFINED: a user without an access key', async (t) => {
  const { gw } = t.context;
  await gw.store.users.create({
    userName: 'nokey',
    password: 'nokey-password',
    accessKey: 'temporary-key-123',
  });
  await gw.store.db
    .knex('users')
    .where({ user_name: 'nokey' })
    .update({ access_key: '', access_key_sealed: null });
  await rawCall(gw, { query: 'operation=getchallenge&username=nokey' });
  const body = await rawCall(gw, {
    body: form({ operation: 'login', username: 'nokey', accessKey: md5('x') }),
  });
  t.is(body.error?.code, 'ACCESSKEY_UNDEFINED');
  t.is(body.error?.message, 'Access key for the user is undefined');
});

test.serial('INVALID_USER_CREDENTIALS: an inactive user with the right key', async (t) => {
  const { gw } = t.context;
  const user = await gw.store.users.create({
    userName: 'sleeper',
    password: 'sleeper-password',
    accessKey: 'sleeperAccessKey01',
  });
  await gw.store.users.update(user.id, { status: 'Inactive' });
  const challenge = (await rawCall(gw, { query: 'operation=getchallenge&username=sleeper' }))
    .result as { token: string };
  const body = await rawCall(gw, {
    body: form({
      operation: 'login',
      username: 'sleeper',
      accessKey: md5(challenge.token + 'sleeperAccessKey01'),
    }),
  });
  t.is(body.error?.code, 'INVALID_USER_CREDENTIALS');
});

test.serial('an expired challenge token is refused', async (t) => {
  const { gw } = t.context;
  const challenge = (await rawCall(gw, { query: 'operation=getchallenge&username=bob' }))
    .result as { token: string; serverTime: number; expireTime: number };
  t.is(challenge.expireTime - challenge.serverTime, 300);
  await gw.store.db
    .knex('webservice_challenges')
    .where({ token: challenge.token })
    .update({ expires_at: '2000-01-01 00:00:00.000' });
  await gw.store.db.knex('webservice_challenges').whereNot({ token: challenge.token }).del();
  const body = await rawCall(gw, {
    body: form({
      operation: 'login',
      username: 'bob',
      accessKey: md5(challenge.token + 'bobAccessKey0123456'),
    }),
  });
  t.is(body.error?.code, 'INVALID_AUTH_TOKEN');
});

test.serial('a deactivated user’s session ends', async (t) => {
  const { gw } = t.context;
  const user = await gw.store.users.create({
    userName: 'leaver',
    password: 'leaver-password',
    accessKey: 'leaverAccessKey012',
  });
  const client = new VtigerClient(gw.url);
  t.true(await client.doLogin('leaver', 'leaverAccessKey012'));
  await gw.store.users.update(user.id, { status: 'Inactive' });
  const body = await rawCall(gw, {
    query: `operation=listtypes&sessionName=${client.sessionName ?? ''}`,
  });
  t.is(body.error?.code, 'INVALID_SESSIONID');
});
