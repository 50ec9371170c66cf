// /restapi/v1/vtews/<op> (gateway/rest/README.md §6): Basic with the raw access key, Bearer tokens
// put in the store directly (expired, revoked, read-only), envelopes and HTTP statuses, CORS
// preflight, _suppress_status_code, JSON and form bodies, encoded parameters as strings or objects.
import anyTest, { type TestFn } from 'ava';
import { OAuthTokenRepository } from '../../../store/oauth/tokens.js';
import { ADMIN_ACCESS_KEY, type TestGateway } from '../../helpers/gateway.js';
import { BOB_ACCESS_KEY, createBob, restGateway, storeCounts } from '../../helpers/rest-fixture.js';

interface Ctx {
  gw: TestGateway;
  bobId: number;
}

const test = anyTest as TestFn<Ctx>;

test.before(async (t) => {
  const gw = await restGateway({ GATEWAY_LOGIN_MAX_FAILURES: '3' });
  t.context = { gw, bobId: await createBob(gw.store) };
  const tokens = new OAuthTokenRepository(gw.store.db.knex);
  const hour = new Date(Date.now() + 3_600_000);
  await tokens.insertAccess({
    token: 'tok-write',
    userId: t.context.bobId,
    scope: 'read write',
    expiresAt: hour,
  });
  await tokens.insertAccess({
    token: 'tok-read',
    userId: t.context.bobId,
    scope: 'read',
    expiresAt: hour,
  });
  await tokens.insertAccess({
    token: 'tok-writeonly',
    userId: t.context.bobId,
    scope: 'write',
    expiresAt: hour,
  });
  await tokens.insertAccess({
    token: 'tok-expired',
    userId: t.context.bobId,
    scope: 'read write',
    expiresAt: new Date(Date.now() - 1000),
  });
  await tokens.insertAccess({
    token: 'tok-revoked',
    userId: t.context.bobId,
    scope: 'read write',
    expiresAt: hour,
  });
  await tokens.revokeAccess('tok-revoked');
});

test.after.always(async (t) => t.context.gw?.dispose());

const basic = (user: string, key: string): string =>
  `Basic ${Buffer.from(`${user}:${key}`).toString('base64')}`;

interface Reply {
  status: number;
  body: { status: number; data?: unknown; error?: string; message?: string };
  headers: Headers;
}

async function call(
  gw: TestGateway,
  op: string,
  init: {
    auth?: string;
    json?: unknown;
    form?: Record<string, string>;
    query?: string;
    method?: string;
  } = {},
): Promise<Reply> {
  const headers: Record<string, string> = {};
  if (init.auth) headers.Authorization = init.auth;
  let body: string | undefined;
  if (init.json !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(init.json);
  } else if (init.form) {
    headers['Content-Type'] = 'application/x-www-form-urlencoded';
    body = new URLSearchParams(init.form).toString();
  }
  const res = await fetch(`${gw.url}/restapi/v1/vtews/${op}${init.query ? `?${init.query}` : ''}`, {
    method: init.method ?? 'POST',
    headers,
    ...(body === undefined ? {} : { body }),
  });
  return { status: res.status, body: (await res.json()) as Reply['body'], headers: res.headers };
}

const admin = basic('admin', ADMIN_ACCESS_KEY);

test.serial(
  'Basic auth with the raw access key: create, retrieve, update (id + columns), query, delete',
  async (t) => {
    const { gw } = t.context;
    const created = await call(gw, 'create', {
      auth: admin,
      json: { elementType: 'Accounts', element: JSON.stringify({ accountname: 'acme' }) },
    });
    t.is(created.status, 200);
    t.deepEqual(Object.keys(created.body), ['status', 'data']);
    const account = created.body.data as Record<string, string>;
    t.is(account.assigned_user_id, '19x1', 'create without assigned_user_id belongs to the caller');
    t.is(created.headers.get('access-control-allow-origin'), '*');
    // An encoded parameter may also be an object.
    const contact = await call(gw, 'create', {
      auth: admin,
      json: { elementType: 'Contacts', element: { lastname: 'Obj', account_id: account.id } },
    });
    t.is((contact.body.data as Record<string, string>).account_id, account.id);
    const updated = await call(gw, 'update', {
      auth: admin,
      json: { id: account.id, columns: '{"accountname":"x"}' },
    });
    t.is((updated.body.data as Record<string, string>).accountname, 'x');
    const viaForm = await call(gw, 'retrieve', { auth: admin, form: { id: account.id ?? '' } });
    t.is((viaForm.body.data as Record<string, string>).accountname, 'x');
    const count = await call(gw, 'query', {
      auth: admin,
      json: { query: 'SELECT count(*) FROM Contacts;' },
    });
    t.deepEqual(count.body, { status: 200, data: [{ count: '1' }] });
    const described = await call(gw, 'describe', {
      auth: admin,
      json: { elementType: 'Accounts' },
    });
    t.is((described.body.data as { idPrefix: string }).idPrefix, '11');
    const deleted = await call(gw, 'delete', { auth: admin, query: `id=${account.id ?? ''}` });
    t.deepEqual(deleted.body, { status: 200, data: { status: 'successful' } });
  },
);

test.serial('the vtenext query cap is 1000 rows, explicit limits pass up to it', async (t) => {
  const { gw } = t.context;
  const actor = await gw.store.users.actor(1);
  if (!actor) return t.fail();
  for (let i = 0; i < 120; i++)
    await gw.store.records.create(actor, 'Leads', { values: { lastname: `L${i}` } });
  const rows = await call(gw, 'query', {
    auth: admin,
    json: { query: 'SELECT lastname FROM Leads LIMIT 0,110;' },
  });
  t.is((rows.body.data as unknown[]).length, 110, 'vtiger would cap at 100');
});

test.serial(
  'Bearer tokens: write scope writes, read scope reads only, expired and revoked fail',
  async (t) => {
    const { gw } = t.context;
    const made = await call(gw, 'create', {
      auth: 'Bearer tok-write',
      json: { elementType: 'Contacts', element: { lastname: 'ByToken' } },
    });
    t.is(made.status, 200, JSON.stringify(made.body));
    t.is((made.body.data as Record<string, string>).assigned_user_id, `19x${t.context.bobId}`);
    const read = await call(gw, 'retrieve', {
      auth: 'Bearer tok-read',
      json: { id: (made.body.data as Record<string, string>).id },
    });
    t.is(read.status, 200);
    const before = await storeCounts(gw.store);
    const denied = await call(gw, 'create', {
      auth: 'Bearer tok-read',
      json: { elementType: 'Contacts', element: { lastname: 'No' } },
    });
    t.is(denied.status, 403);
    t.is(denied.body.error, 'InsufficientScopeException');
    t.regex(denied.headers.get('www-authenticate') ?? '', /insufficient_scope/);
    const writeOnly = await call(gw, 'query', {
      auth: 'Bearer tok-writeonly',
      json: { query: 'SELECT * FROM Contacts;' },
    });
    t.is(writeOnly.status, 403, 'a write-only token cannot read');
    t.regex(writeOnly.headers.get('www-authenticate') ?? '', /scope="read"/);
    for (const token of ['tok-expired', 'tok-revoked', 'tok-unknown']) {
      const r = await call(gw, 'query', {
        auth: `Bearer ${token}`,
        json: { query: 'SELECT * FROM Contacts;' },
      });
      t.is(r.status, 401, token);
      t.deepEqual(r.body, {
        status: 401,
        error: 'InvalidLoginException',
        message: 'Authentication failed - reason: invalid, expired or revoked access token',
      });
    }
    t.deepEqual(await storeCounts(gw.store), before);
    const written = await call(gw, 'create', {
      auth: 'Bearer tok-writeonly',
      json: { elementType: 'Contacts', element: { lastname: 'WriteOnly' } },
    });
    t.is(written.status, 200, 'a write-only token can write');
  },
);

test.serial(
  '401 InvalidLoginException: no credentials, wrong key, lockout after repeated failures',
  async (t) => {
    const { gw } = t.context;
    const none = await call(gw, 'listtypes', {});
    t.deepEqual(none.body, {
      status: 401,
      error: 'InvalidLoginException',
      message: 'Authentication failed - reason: no username supplied',
    });
    t.is(none.status, 401);
    const wrong = await call(gw, 'listtypes', { auth: basic('bob', 'wrong-key') });
    t.is(
      wrong.body.message,
      'Authentication failed - reason: incorrect username and password combination',
    );
    // A directory-style password check for an unknown user fails the same way.
    const unknown = await call(gw, 'listtypes', { auth: basic('ghost', 'x') });
    t.is(unknown.status, 401);
    await call(gw, 'listtypes', { auth: basic('bob', 'wrong-again') });
    await call(gw, 'listtypes', { auth: basic('bob', 'wrong-third') });
    const locked = await call(gw, 'listtypes', { auth: basic('bob', BOB_ACCESS_KEY) });
    t.is(locked.body.message, 'Authentication failed - reason: too many unsuccessfully logins');
    await gw.store.db.knex('login_failures').del();
    const ok = await call(gw, 'listtypes', { auth: basic('bob', BOB_ACCESS_KEY) });
    t.is(ok.status, 200);
  },
);

test.serial(
  'route errors, missing arguments, WebServiceException and _suppress_status_code',
  async (t) => {
    const { gw } = t.context;
    const noRoute = await call(gw, 'frobnicate', { auth: admin, json: {} });
    t.is(noRoute.status, 400);
    t.deepEqual(noRoute.body, {
      status: 400,
      error: 'RouteNotFoundException',
      message: "There is no route for 'frobnicate'.",
    });
    const byGet = await call(gw, 'query', { auth: admin, method: 'GET' });
    t.is(byGet.body.error, 'RouteNotFoundException', 'POST only');
    const missing = await call(gw, 'retrieve', { auth: admin, json: {} });
    t.deepEqual(missing.body, {
      status: 400,
      error: 'MissingRequiredArgumentException',
      message: "Argument 'id' is missing.",
    });
    const ws = await call(gw, 'retrieve', { auth: admin, json: { id: '12x999999' } });
    t.is(ws.status, 500);
    t.is(ws.body.error, 'WebServiceException');
    t.regex(ws.body.message ?? '', /^ACCESS_DENIED: /);
    const suppressed = await call(gw, 'retrieve', {
      auth: admin,
      json: { id: '12x999999' },
      query: '_suppress_status_code=1',
    });
    t.is(suppressed.status, 200);
    t.is(suppressed.body.status, 500);
    const badJson = await fetch(`${gw.url}/restapi/v1/vtews/query`, {
      method: 'POST',
      headers: { Authorization: admin, 'Content-Type': 'application/json' },
      body: '{"query": ',
    });
    t.is(badJson.status, 400);
    t.is(((await badJson.json()) as { error: string }).error, 'BadRequestException');
    const syntax = await call(gw, 'query', {
      auth: admin,
      json: { query: 'SELECT * FROM Contacts WHERE' },
    });
    t.regex(syntax.body.message ?? '', /^QUERY_SYNTAX_ERROR: Syntax Error/);
  },
);

test.serial('CORS preflight answers OPTIONS with POST, OPTIONS and any origin', async (t) => {
  const { gw } = t.context;
  const res = await fetch(`${gw.url}/restapi/v1/vtews/query`, {
    method: 'OPTIONS',
    headers: {
      Origin: 'https://app.example',
      'Access-Control-Request-Method': 'POST',
      'Access-Control-Request-Headers': 'authorization, content-type',
    },
  });
  t.is(res.status, 200);
  t.is(res.headers.get('access-control-allow-origin'), '*');
  t.is(res.headers.get('access-control-allow-methods'), 'POST, OPTIONS');
  t.regex(res.headers.get('access-control-allow-headers') ?? '', /Authorization/);
});

test.serial('convertlead, revise and retrieveinventory routes', async (t) => {
  const { gw } = t.context;
  const lead = (
    await call(gw, 'create', {
      auth: admin,
      json: { elementType: 'Leads', element: { lastname: 'Lead', company: 'Lead Co' } },
    })
  ).body.data as Record<string, string>;
  const converted = await call(gw, 'convertlead', {
    auth: admin,
    json: {
      element: {
        leadId: lead.id,
        entities: {
          Accounts: { create: true, name: 'Accounts' },
          Contacts: { create: true, name: 'Contacts' },
        },
      },
    },
  });
  t.is(converted.status, 200, JSON.stringify(converted.body));
  t.deepEqual(Object.keys(converted.body.data as object), ['Accounts', 'Contacts']);
  const revised = await call(gw, 'revise', {
    auth: admin,
    json: { element: { id: lead.id, leadstatus: 'Hot' } },
  });
  t.is((revised.body.data as Record<string, string>).leadstatus, 'Hot');
  const account = (converted.body.data as Record<string, string>).Accounts;
  const product = (
    await call(gw, 'create', {
      auth: admin,
      json: { elementType: 'Products', element: { productname: 'Widget' } },
    })
  ).body.data as Record<string, string>;
  const order = await call(gw, 'create', {
    auth: admin,
    json: {
      elementType: 'SalesOrder',
      element: {
        subject: 'SO',
        account_id: account,
        LineItems: [{ productid: product.id, quantity: '2', listprice: '10.5' }],
      },
    },
  });
  t.is(order.status, 200, JSON.stringify(order.body));
  // vtenext's create keeps the totals as strings (vtiger 8.2 answers numbers there).
  t.is((order.body.data as Record<string, unknown>).hdnSubTotal, '21.00000000');
  const inv = await call(gw, 'retrieveinventory', {
    auth: admin,
    json: { id: (order.body.data as Record<string, string>).id },
  });
  const body = inv.body.data as { hdnSubTotal: string; LineItems: Record<string, string>[] };
  t.is(body.hdnSubTotal, '21.00000000');
  t.like(body.LineItems[0], {
    productid: product.id,
    quantity: '2.000',
    listprice: '10.50000000',
    sequence_no: '1',
    netprice: '21.00000000',
  });
});
