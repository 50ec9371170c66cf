// Hostile and malformed input on both webservice edges (docs/architecture.md "Tests": bad input
// is a test case): oversized bodies, malformed JSON, unknown fields, wrong types, SQL-ish text in
// module names, field names, ids and values, odd methods and encodings. Every answer is the
// documented error as JSON — on /webservice.php always HTTP 200 — and the store stays unchanged.
import anyTest, { type TestFn } from 'ava';
import { ADMIN_ACCESS_KEY, type TestGateway } from '../../helpers/gateway.js';
import {
  adminClient,
  form,
  md5,
  rawCall,
  restGateway,
  storeCounts,
} from '../../helpers/rest-fixture.js';
import type { VtigerClient } from '../../helpers/vtiger-client.js';

interface Ctx {
  gw: TestGateway;
  admin: VtigerClient;
  contactId: string;
}

const test = anyTest as TestFn<Ctx>;

test.before(async (t) => {
  // Strict fields: hostile keys are refused by name (the default ignores them, unknown-fields.test.ts);
  // strict values: a wrong-typed value is refused (the default stores it as vtiger does,
  // lenient-values.test.ts).
  const gw = await restGateway({
    GATEWAY_BODY_LIMIT_BYTES: '2048',
    GATEWAY_WS_STRICT_FIELDS: 'true',
    GATEWAY_WS_STRICT_VALUES: 'true',
  });
  const admin = await adminClient(gw);
  const contact = await admin.doCreate('Contacts', { lastname: 'Target' });
  if (!contact) throw new Error('fixture');
  t.context = { gw, admin, contactId: contact.id ?? '' };
});

test.after.always(async (t) => t.context.gw?.dispose());

const s = (c: Ctx): string => c.admin.sessionName ?? '';
const q = (text: string): string => encodeURIComponent(text);

interface Hostile {
  readonly name: string;
  readonly code: string | RegExp;
  readonly call: (c: Ctx) => {
    query?: string;
    body?: string;
    method?: string;
    contentType?: string;
  };
}

const HOSTILE: Hostile[] = [
  {
    name: 'oversized form body',
    code: 'INTERNAL_SERVER_ERROR',
    call: (c) => ({
      body: form({
        operation: 'create',
        sessionName: s(c),
        elementType: 'Contacts',
        element: JSON.stringify({ lastname: 'x'.repeat(5000) }),
      }),
    }),
  },
  {
    name: 'malformed JSON in element',
    code: 'INTERNAL_SERVER_ERROR',
    call: (c) => ({
      body: form({
        operation: 'create',
        sessionName: s(c),
        elementType: 'Contacts',
        element: "{lastname: 'x'}",
      }),
    }),
  },
  {
    name: 'deeply nested JSON in element',
    code: 'INTERNAL_SERVER_ERROR',
    call: (c) => ({
      body: form({
        operation: 'create',
        sessionName: s(c),
        elementType: 'Contacts',
        element: '['.repeat(900) + ']'.repeat(900),
      }),
    }),
  },
  {
    name: '__proto__ in element',
    code: 'ACCESS_DENIED',
    call: (c) => ({
      body: form({
        operation: 'revise',
        sessionName: s(c),
        element: `{"id":"${c.contactId}","__proto__":{"lastname":"polluted"}}`,
      }),
    }),
  },
  {
    name: 'unknown field',
    code: 'ACCESS_DENIED',
    call: (c) => ({
      body: form({
        operation: 'revise',
        sessionName: s(c),
        element: JSON.stringify({ id: c.contactId, 'lastname; DROP TABLE users': 'x' }),
      }),
    }),
  },
  {
    name: 'wrong type: number field',
    code: 'DATABASE_QUERY_ERROR',
    call: (c) => ({
      body: form({
        operation: 'create',
        sessionName: s(c),
        elementType: 'Accounts',
        element: JSON.stringify({
          accountname: 'A',
          employees: '12 OR 1=1',
          assigned_user_id: '19x1',
        }),
      }),
    }),
  },
  {
    name: 'wrong type: array value',
    code: 'DATABASE_QUERY_ERROR',
    call: (c) => ({
      body: form({
        operation: 'revise',
        sessionName: s(c),
        element: JSON.stringify({ id: c.contactId, lastname: ['a'] }),
      }),
    }),
  },
  {
    name: 'module name with SQL (create)',
    code: 'ACCESS_DENIED',
    call: (c) => ({
      body: form({
        operation: 'create',
        sessionName: s(c),
        elementType: 'Accounts; DROP TABLE users',
        element: '{"accountname":"x"}',
      }),
    }),
  },
  {
    name: 'module name with SQL (describe)',
    code: 'ACCESS_DENIED',
    call: (c) => ({
      query: `operation=describe&sessionName=${s(c)}&elementType=${q("Accounts' OR '1'='1")}`,
    }),
  },
  {
    name: 'module name with SQL (sync)',
    code: 'ACCESS_DENIED',
    call: (c) => ({
      query: `operation=sync&sessionName=${s(c)}&modifiedTime=0&elementType=${q('Contacts; DELETE FROM crm_entities')}`,
    }),
  },
  {
    name: 'module name with SQL (query)',
    code: /QUERY_SYNTAX_ERROR|ACCESS_DENIED/,
    call: (c) => ({
      query: `operation=query&sessionName=${s(c)}&query=${q('SELECT * FROM Accounts; DROP TABLE users;')}`,
    }),
  },
  {
    name: 'id with SQL (retrieve)',
    code: 'ACCESS_DENIED',
    call: (c) => ({ query: `operation=retrieve&sessionName=${s(c)}&id=${q('11x1 OR 1=1')}` }),
  },
  {
    name: 'id with SQL (delete)',
    code: 'ACCESS_DENIED',
    call: (c) => ({
      body: form({
        operation: 'delete',
        sessionName: s(c),
        id: `${c.contactId}; DELETE FROM crm_entities`,
      }),
    }),
  },
  {
    name: 'id with SQL (revise)',
    code: 'ACCESS_DENIED',
    call: (c) => ({
      body: form({
        operation: 'revise',
        sessionName: s(c),
        element: JSON.stringify({ id: "12x1' OR '1'='1", lastname: 'x' }),
      }),
    }),
  },
  {
    name: 'id with SQL (query)',
    code: /QUERY_SYNTAX_ERROR|INVALID_ID_ATTRIBUTE/,
    call: (c) => ({
      query: `operation=query&sessionName=${s(c)}&query=${q('SELECT * FROM Contacts WHERE id = 12x1 OR 1=1;')}`,
    }),
  },
  {
    name: 'field name with SQL (query)',
    code: /QUERY_SYNTAX_ERROR|ACCESS_DENIED/,
    call: (c) => ({
      query: `operation=query&sessionName=${s(c)}&query=${q('SELECT lastname FROM Contacts WHERE "1"="1" OR lastname = 1;')}`,
    }),
  },
  {
    name: 'field name with SQL (select list)',
    code: /QUERY_SYNTAX_ERROR|ACCESS_DENIED/,
    call: (c) => ({
      query: `operation=query&sessionName=${s(c)}&query=${q('SELECT lastname, (SELECT password_hash FROM users) FROM Contacts;')}`,
    }),
  },
  {
    name: 'stacked statement in a query',
    code: 'QUERY_SYNTAX_ERROR',
    call: (c) => ({
      query: `operation=query&sessionName=${s(c)}&query=${q("SELECT * FROM Contacts; DELETE FROM crm_entities WHERE ''='';")}`,
    }),
  },
  {
    name: 'related ids with SQL',
    code: /INVALID_ID_ATTRIBUTE|ACCESS_DENIED/,
    call: (c) => ({
      body: form({
        operation: 'add_related',
        sessionName: s(c),
        sourceRecordId: c.contactId,
        relatedRecordId: '["12x1 OR 1=1"]',
      }),
    }),
  },
  {
    name: 'forged session on a write',
    code: 'INVALID_SESSIONID',
    call: (c) => ({
      body: form({ operation: 'delete', sessionName: 'f'.repeat(48), id: c.contactId }),
    }),
  },
  {
    name: 'PUT with a body',
    code: 'UNKNOWN_OPERATION',
    call: () => ({ method: 'PUT', body: 'operation=delete' }),
  },
  { name: 'DELETE method', code: 'UNKNOWN_OPERATION', call: () => ({ method: 'DELETE' }) },
  {
    name: 'JSON body that is not an object',
    code: 'INTERNAL_SERVER_ERROR',
    call: () => ({ body: '[1,2]', contentType: 'application/json' }),
  },
  {
    name: 'text/plain body (no parameters)',
    code: 'UNKNOWN_OPERATION',
    call: () => ({ body: 'operation=listtypes', contentType: 'text/plain' }),
  },
];

for (const h of HOSTILE) {
  test.serial(`hostile: ${h.name}`, async (t) => {
    const before = await storeCounts(t.context.gw.store);
    const body = await rawCall(t.context.gw, h.call(t.context));
    t.false(body.success, JSON.stringify(body));
    if (typeof h.code === 'string') t.is(body.error?.code, h.code, body.error?.message);
    else t.regex(body.error?.code ?? '', h.code, body.error?.message);
    t.deepEqual(await storeCounts(t.context.gw.store), before, 'the store is unchanged');
  });
}

test.serial('SQL in values is stored as text and matched literally', async (t) => {
  const { admin, gw } = t.context;
  const evil = "Robert'); DROP TABLE users; --";
  const made = await admin.doCreate('Contacts', { lastname: evil });
  t.is(made && made.lastname, evil);
  t.true((await gw.store.users.count()) >= 1, 'users table intact');
  const rows = await admin.doQuery(
    `SELECT lastname FROM Contacts WHERE lastname = '${evil.replace(/'/g, "''")}'`,
  );
  t.deepEqual(rows && rows.map((r) => r.lastname), [evil]);
  const none = await admin.doQuery(
    "SELECT lastname FROM Contacts WHERE lastname = 'x'' OR ''1''=''1'",
  );
  t.deepEqual(none, []);
});

test.serial(
  'an oversized body without Content-Length (chunked) is refused in the envelope too',
  async (t) => {
    const { gw } = t.context;
    const before = await storeCounts(gw.store);
    const chunks = [
      form({
        operation: 'create',
        sessionName: s(t.context),
        elementType: 'Contacts',
        element: JSON.stringify({ lastname: 'y'.repeat(4000), assigned_user_id: '19x1' }),
      }),
    ];
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        const next = chunks.shift();
        if (next === undefined) controller.close();
        else controller.enqueue(new TextEncoder().encode(next));
      },
    });
    const res = await fetch(`${gw.url}/webservice.php`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    t.is(res.status, 200);
    const body = (await res.json()) as {
      success: boolean;
      error: { code: string; message: string };
    };
    t.false(body.success);
    t.regex(body.error.message, /exceeds the limit of 2048 bytes/);
    t.deepEqual(await storeCounts(gw.store), before);
  },
);

test.serial('vtenext: an oversized body is 413 JSON, never a bare page', async (t) => {
  const { gw } = t.context;
  const res = await fetch(`${gw.url}/restapi/v1/vtews/create`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      Authorization: `Basic ${Buffer.from(`admin:${ADMIN_ACCESS_KEY}`).toString('base64')}`,
    },
    body: JSON.stringify({ elementType: 'Contacts', element: { lastname: 'z'.repeat(5000) } }),
  });
  t.is(res.status, 413);
  t.like(await res.json(), { status: 413, error: 'PayloadTooLargeException' });
});

test.serial('multipart/form-data posts work like form posts', async (t) => {
  const { gw } = t.context;
  const challenge = (await rawCall(gw, { query: 'operation=getchallenge&username=admin' }))
    .result as { token: string };
  const data = new FormData();
  data.set('operation', 'login');
  data.set('username', 'admin');
  data.set('accessKey', md5(challenge.token + ADMIN_ACCESS_KEY));
  const res = await fetch(`${gw.url}/webservice.php`, { method: 'POST', body: data });
  const body = (await res.json()) as { success: boolean; result: { sessionName: string } };
  t.true(body.success);
  t.regex(body.result.sessionName, /^[0-9a-f]{48}$/);
});

test('a database failure is an envelope on webservice.php and a 500 WebServiceException on vtews', async (t) => {
  const gw = await restGateway();
  t.teardown(() => gw.dispose());
  const admin = await adminClient(gw);
  // Break the store under the running gateway: the change log is written by every create.
  await gw.store.db.knex.schema.renameTable('change_log', 'change_log_gone');
  const body = await rawCall(gw, {
    body: form({
      operation: 'create',
      sessionName: admin.sessionName ?? '',
      elementType: 'Accounts',
      element: JSON.stringify({ accountname: 'x', assigned_user_id: '19x1' }),
    }),
  });
  t.deepEqual(body, {
    success: false,
    error: {
      code: 'DATABASE_QUERY_ERROR',
      message: 'Database error while performing requested operation',
    },
  });
  const res = await fetch(`${gw.url}/restapi/v1/vtews/create`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      Authorization: `Basic ${Buffer.from(`admin:${ADMIN_ACCESS_KEY}`).toString('base64')}`,
    },
    body: JSON.stringify({ elementType: 'Accounts', element: { accountname: 'y' } }),
  });
  t.is(res.status, 500);
  t.deepEqual(await res.json(), {
    status: 500,
    error: 'WebServiceException',
    message: 'DATABASE_QUERY_ERROR: Database error while performing requested operation',
  });
  await gw.store.db.knex.schema.renameTable('change_log_gone', 'change_log');
  t.is(
    await gw.store.records.count({ userId: 1, isAdmin: true, groupIds: [] }, 'Accounts'),
    0,
    'the failed transactions left nothing behind',
  );
});
