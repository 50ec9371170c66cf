// /restapi/v1/hooks subscriptions (gateway/hooks/README.md §1): Basic access key and OAuth bearer,
// per-user lists, bad input refused with nothing stored, deliveries limited to what the
// subscriber's user may read and to its VTQL filter, and the polling list in the delivery shape.
import test, { type TestFn } from 'ava';
import { OAuthTokenRepository } from '../../../store/oauth/tokens.js';
import { ADMIN_ACCESS_KEY, startTestGateway, type TestGateway } from '../../helpers/gateway.js';
import { BOB_ACCESS_KEY, createBob } from '../../helpers/rest-fixture.js';
import { basic, hooksCall, startTarget, vtews, waitFor, type Target } from './fixture.js';

const admin = basic('admin', ADMIN_ACCESS_KEY);
const bob = basic('bob', BOB_ACCESS_KEY);
const ctx = test as TestFn<{ gw: TestGateway; target: Target; bobId: number }>;

ctx.before(async (t) => {
  const gw = await startTestGateway({ GATEWAY_LOGIN_MAX_FAILURES: '200' });
  const bobId = await createBob(gw.store);
  const tokens = new OAuthTokenRepository(gw.store.db.knex);
  const hour = new Date(Date.now() + 3_600_000);
  await tokens.insertAccess({ token: 'tok-read', userId: bobId, scope: 'read', expiresAt: hour });
  await tokens.insertAccess({ token: 'tok-write', userId: bobId, scope: 'write', expiresAt: hour });
  t.context = { gw, bobId, target: await startTarget() };
});

ctx.after.always(async (t) => {
  await t.context.gw?.dispose();
  await t.context.target?.close();
});

const rows = async (gw: TestGateway): Promise<number> =>
  Number(
    ((await gw.store.db.knex('hook_subscriptions').count({ n: '*' })) as { n: number }[])[0]?.n,
  );

ctx.serial('bad input gets a clear 400 and stores nothing', async (t) => {
  const { gw, target } = t.context;
  const before = await rows(gw);
  const ok = { target_url: target.url, event: 'created', module: 'Contacts' };
  const cases: [unknown, RegExp][] = [
    [{ ...ok, target_url: undefined }, /target_url is required/],
    [{ ...ok, target_url: 'ftp://x/' }, /http or https/],
    [{ ...ok, target_url: 'https://u:p@example.com/' }, /credentials/],
    [{ ...ok, event: 'purged' }, /event must be one of created, updated, deleted, restored/],
    [{ ...ok, module: 'Nope' }, /not a CRM module/],
    [{ ...ok, module: 'Users' }, /not a CRM module/],
    [{ ...ok, filter: "nofield = 'x'" }, /nofield/],
    [{ ...ok, filter: "lastname = 'x'; DELETE FROM Contacts" }, /./],
    [{ ...ok, filter: "lastname = 'x' ORDER BY lastname" }, /WHERE condition only/],
    [{ ...ok, filter: 42 }, /filter must be a string/],
    [[ok], /JSON object/],
  ];
  for (const [json, message] of cases) {
    const res = await hooksCall(gw, admin, '', { json });
    t.is(res.status, 400, JSON.stringify(json));
    t.regex((res.body as { message: string }).message, message);
  }
  const notJson = await fetch(`${gw.url}/restapi/v1/hooks`, {
    method: 'POST',
    headers: { Authorization: admin, 'Content-Type': 'application/json' },
    body: '{"target_url":',
  });
  t.is(notJson.status, 400);
  const anonymous = await fetch(`${gw.url}/restapi/v1/hooks`, { method: 'GET' });
  t.is(anonymous.status, 401);
  t.is((await hooksCall(gw, basic('admin', 'wrong-key-000'), '')).status, 401);
  t.is(await rows(gw), before);
});

ctx.serial('each user lists and deletes only their own; an admin sees all', async (t) => {
  const { gw, target } = t.context;
  const json = { target_url: target.url, event: 'updated', module: 'Accounts' };
  const mine = await hooksCall(gw, bob, '', { json });
  t.is(mine.status, 201);
  const viaToken = await hooksCall(gw, 'Bearer tok-read', '', { json });
  t.is(viaToken.status, 201);
  t.is((await hooksCall(gw, 'Bearer tok-write', '', { json })).status, 403);
  const theirs = await hooksCall(gw, admin, '', { json });
  const bobList = (await hooksCall(gw, bob, '')).body as { id: string; user_id: number }[];
  t.true(bobList.every((s) => s.user_id === t.context.bobId));
  t.is(bobList.length, 2);
  t.false(JSON.stringify(bobList).includes('whsec_'), 'lists never show secrets');
  const all = (await hooksCall(gw, admin, '')).body as { id: string }[];
  t.true(all.length >= 3);
  const theirId = (theirs.body as { id: string }).id;
  t.is((await hooksCall(gw, bob, `/${theirId}`, { method: 'DELETE' })).status, 404);
  t.truthy(await gw.hooks.subscriptions.get(Number(theirId)));
  for (const s of [mine, viaToken])
    t.is(
      (
        await hooksCall(gw, 'Bearer tok-read', `/${(s.body as { id: string }).id}`, {
          method: 'DELETE',
        })
      ).status,
      204,
    );
  t.is((await hooksCall(gw, admin, `/${theirId}`, { method: 'DELETE' })).status, 204);
  t.is((await hooksCall(gw, admin, `/${theirId}`, { method: 'DELETE' })).status, 404);
});

ctx.serial('a subscriber gets only records its user may read that match its filter', async (t) => {
  const { gw, target, bobId } = t.context;
  await gw.store.sharing.set('Leads', 'private');
  const sub = await hooksCall(gw, bob, '', {
    json: {
      target_url: target.url,
      event: 'created',
      module: 'Leads',
      filter: "lastname LIKE 'B%'",
    },
  });
  t.is(sub.status, 201);
  const from = target.received.length;
  const toBob = { assigned_user_id: `19x${bobId}` };
  await vtews(gw, admin, 'create', {
    elementType: 'Leads',
    element: { lastname: 'Bhidden', company: 'c' },
  });
  await vtews(gw, admin, 'create', {
    elementType: 'Leads',
    element: { lastname: 'Zfiltered', company: 'c', ...toBob },
  });
  const seen = await vtews(gw, admin, 'create', {
    elementType: 'Leads',
    element: { lastname: 'Bseen', company: 'c', ...toBob },
  });
  t.true(await waitFor(() => target.received.length > from));
  await new Promise((r) => setTimeout(r, 400));
  const got = target.received
    .slice(from)
    .map((r) => JSON.parse(r.body) as { data: { id: string } });
  t.deepEqual(
    got.map((b) => b.data.id),
    [seen.id],
  );
  // The polling list answers the same shape, with the same rules.
  const polled = await hooksCall(
    gw,
    bob,
    `/poll?event=created&module=Leads&filter=${encodeURIComponent("lastname LIKE 'B%'")}`,
  );
  t.is(polled.status, 200);
  t.deepEqual(
    (polled.body as { type: string; data: { id: string } }[]).map((b) => [b.type, b.data.id]),
    [['Leads.created', seen.id]],
  );
  const adminPoll = await hooksCall(gw, admin, '/poll?event=created&module=Leads&limit=2');
  t.is((adminPoll.body as unknown[]).length, 2);
  t.is((await hooksCall(gw, bob, '/poll?event=nope&module=Leads')).status, 400);
});

ctx.serial('deleted and restored events reach their subscribers', async (t) => {
  const { gw, target } = t.context;
  for (const event of ['deleted', 'restored'])
    await hooksCall(gw, admin, '', { json: { target_url: target.url, event, module: 'Accounts' } });
  const account = await vtews(gw, admin, 'create', {
    elementType: 'Accounts',
    element: { accountname: 'Gone Inc' },
  });
  const from = target.received.length;
  await vtews(gw, admin, 'delete', { id: account.id });
  const actor = await gw.store.users.actor(1);
  if (!actor) return t.fail();
  await gw.store.recycleBin.restore(actor, [Number(account.id?.split('x')[1])]);
  t.true(await waitFor(() => target.received.length >= from + 2));
  const types = target.received
    .slice(from)
    .map((r) => JSON.parse(r.body) as { type: string; data: { accountname: string } });
  t.deepEqual(
    types.map((b) => b.type),
    ['Accounts.deleted', 'Accounts.restored'],
  );
  t.is(types[0]?.data.accountname, 'Gone Inc');
});
