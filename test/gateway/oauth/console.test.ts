// The console pages of the OAuth2 authorization server over HTTP: "External applications" (admin
// only: switches, the add wizard with the secret or private key shown once, list with status and
// token counts, edit, deactivate, revoke all tokens, remove) and "Linked applications" for every
// user.
import anyTest, { type TestFn } from 'ava';
import { importJWK, importPKCS8, type JWK } from 'jose';
import * as client from 'openid-client';
import { sha256 } from '../../../store/oauth/clients.js';
import { ConsoleClient } from '../../helpers/console-client.js';
import { ADMIN_PASSWORD, type TestGateway } from '../../helpers/gateway.js';
import {
  createApp,
  createUser,
  discover,
  oauthGateway,
  oauthStore,
  secretOf,
  vtewsQuery,
} from '../../helpers/oauth-fixture.js';

interface Ctx {
  gw: TestGateway;
  admin: ConsoleClient;
  bob: ConsoleClient;
  bobId: number;
}

const test = anyTest as TestFn<Ctx>;

test.before(async (t) => {
  const gw = await oauthGateway();
  const bobId = await createUser(gw, 'bob');
  const admin = new ConsoleClient(gw.url);
  await admin.login('admin', ADMIN_PASSWORD);
  const bob = new ConsoleClient(gw.url);
  await bob.login('bob', 'bob-password-1');
  t.context = { gw, admin, bob, bobId };
});

test.after.always(async (t) => t.context.gw?.dispose());

const attr = (html: string, name: string): string =>
  new RegExp(`${name}>([^<]*)<`).exec(html)?.[1] ?? '';
const unescape = (s: string): string =>
  s
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

async function wizard(
  c: ConsoleClient,
  fields: Record<string, string | string[]>,
): Promise<{ status: number; html: string }> {
  const res = await c.post(
    '/console/oauth-apps',
    { _csrf: await c.csrf('/console/oauth-apps/new?type=service'), ...fields },
    { Referer: `${c.base}/console/oauth-apps/new` },
  );
  return { status: res.status, html: await res.text() };
}

test.serial(
  'non-admins get 403 on External applications and reach Linked applications',
  async (t) => {
    t.timeout(20_000);
    const { bob, admin } = t.context;
    t.is((await bob.get('/console/oauth-apps')).status, 403);
    t.is((await bob.get('/console/oauth-apps/new')).status, 403);
    t.is(
      (await bob.post('/console/oauth-apps/settings', { _csrf: await bob.csrf(), enabled: '1' }))
        .status,
      403,
    );
    const linked = await bob.get('/console/linked-apps');
    t.is(linked.status, 200);
    const html = await linked.text();
    t.regex(html, /href="\/console\/linked-apps" aria-current="page">Linked applications/);
    t.false(html.includes('External applications'));
    t.regex(
      await (await admin.get('/console')).text(),
      /href="\/console\/oauth-apps">External applications/,
    );
  },
);

test.serial(
  'the wizard creates a service account; its secret is shown once, stored hashed, and works',
  async (t) => {
    t.timeout(30_000);
    const { gw, admin, bobId } = t.context;
    const chooser = await (await admin.get('/console/oauth-apps/new')).text();
    for (const type of ['service', 'web', 'native'])
      t.regex(chooser, new RegExp(`href="/console/oauth-apps/new\\?type=${type}"`));
    t.regex(
      await (await admin.get('/console/oauth-apps/new?type=service')).text(),
      /name="secret_type" value="jwt"/,
    );
    const created = await wizard(admin, {
      type: 'service',
      name: 'ERP sync',
      description: 'Nightly ERP',
      scope: 'read write',
      user_id: String(bobId),
      secret_type: 'secret',
    });
    t.is(created.status, 200);
    const clientId = attr(created.html, 'data-client-id');
    const secret = attr(created.html, 'data-secret');
    t.regex(secret, /^gwcs_[A-Za-z0-9_-]{43}$/);
    const row = await gw.store.db
      .knex('oauth_clients')
      .where({ id: clientId })
      .first<{ secret_hash: string }>();
    t.is(row.secret_hash, sha256(secret));
    const later = await (await admin.get(`/console/oauth-apps/${clientId}`)).text();
    t.false(later.includes(secret));
    t.false(later.includes('data-secret'));
    const config = await discover(gw, clientId, client.ClientSecretBasic(secret));
    t.is(
      (await vtewsQuery(gw, (await client.clientCredentialsGrant(config)).access_token)).status,
      200,
    );
    const list = await (await admin.get('/console/oauth-apps')).text();
    const tr = new RegExp(`<tr data-app="${clientId}">[\\s\\S]*?</tr>`).exec(list)?.[0] ?? '';
    t.regex(tr, /ERP sync/);
    t.regex(tr, /data-field="status" class="good">active/);
    t.regex(tr, /data-field="active-tokens">1</);
  },
);

test.serial(
  'a JWT signed key app: the private key is shown once as PEM and as JWK, and both sign assertions',
  async (t) => {
    t.timeout(30_000);
    const { gw, admin, bobId } = t.context;
    const created = await wizard(admin, {
      type: 'service',
      name: 'Shop',
      scope: 'read',
      user_id: String(bobId),
      secret_type: 'jwt',
    });
    const clientId = attr(created.html, 'data-client-id');
    const kid = attr(created.html, 'data-kid');
    const pem = unescape(/data-private-pem>([^<]*)</.exec(created.html)?.[1] ?? '');
    const jwk = JSON.parse(
      unescape(/data-private-jwk>([^<]*)</.exec(created.html)?.[1] ?? '{}'),
    ) as JWK;
    t.regex(pem, /^-----BEGIN PRIVATE KEY-----/);
    t.is(jwk.kid, kid);
    for (const key of [await importPKCS8(pem, 'ES256'), await importJWK(jwk, 'ES256')]) {
      if (key instanceof Uint8Array) return t.fail();
      const config = await discover(gw, clientId, client.PrivateKeyJwt({ key, kid }));
      t.is((await client.clientCredentialsGrant(config)).scope, 'read');
    }
    const stored = await gw.store.db.knex('oauth_client_keys').where({ client_id: clientId });
    t.is(stored.length, 1);
    t.false(JSON.stringify(stored).includes(String(jwk.d)), 'the private half is not stored');
    t.false(
      (await (await admin.get(`/console/oauth-apps/${clientId}`)).text()).includes('PRIVATE KEY'),
    );
  },
);

test.serial(
  'web application with redirect URLs and restrictions; a bad redirect URL comes back with the reason',
  async (t) => {
    t.timeout(30_000);
    const { gw, admin, bobId } = t.context;
    const bad = await admin.post(
      '/console/oauth-apps',
      {
        _csrf: await admin.csrf(),
        type: 'web',
        name: 'Bad',
        scope: 'read',
        user_id: String(bobId),
        redirect_uris: 'http://evil.example/cb',
      },
      { Referer: `${gw.url}/console/oauth-apps/new?type=web` },
    );
    t.is(bad.status, 303);
    t.is(bad.headers.get('location'), '/console/oauth-apps/new?type=web');
    t.regex(await (await admin.get('/console/oauth-apps/new?type=web')).text(), /must use https/);
    const created = await wizard(admin, {
      type: 'web',
      name: 'Portal',
      scope: 'read',
      user_id: String(bobId),
      secret_type: 'secret',
      offline_access: '1',
      redirect_uris: 'https://portal.example/cb\nhttp://127.0.0.1:7000/cb',
      restricted: '1',
      allowed_user: String(bobId),
    });
    const app = await oauthStore(gw).clients.require(attr(created.html, 'data-client-id'));
    t.like(app, {
      type: 'web',
      authMethod: 'client_secret',
      offlineAccess: true,
      restricted: true,
      scope: 'read',
    });
    t.deepEqual(app.redirectUris, ['https://portal.example/cb', 'http://127.0.0.1:7000/cb']);
    t.deepEqual(app.allowedUserIds, [bobId]);
  },
);

test.serial('edit, deactivate, revoke all tokens, new secret, remove', async (t) => {
  t.timeout(30_000);
  const { gw, admin, bobId } = t.context;
  const app = await createApp(gw, { type: 'service', userId: bobId, name: 'Lifecycle' });
  const path = `/console/oauth-apps/${app.client.id}`;
  const config = await discover(
    gw,
    app.client.id,
    client.ClientSecretBasic(secretOf(app.credentials)),
  );
  const token = (await client.clientCredentialsGrant(config)).access_token;
  const csrf = await admin.csrf(path);
  t.is(
    (
      await admin.post(path, {
        _csrf: csrf,
        name: 'Lifecycle 2',
        scope: 'read',
        user_id: String(bobId),
      })
    ).status,
    303,
  );
  t.like(await oauthStore(gw).clients.require(app.client.id), {
    name: 'Lifecycle 2',
    scope: 'read',
  });
  await admin.post(`${path}/active`, { _csrf: csrf, active: '0' });
  t.regex(await (await admin.get(path)).text(), /data-field="status" class="muted">inactive/);
  t.is((await vtewsQuery(gw, token)).status, 401);
  await admin.post(`${path}/active`, { _csrf: csrf, active: '1' });
  t.is((await vtewsQuery(gw, token)).status, 200);
  await admin.post(`${path}/revoke-tokens`, { _csrf: csrf });
  t.is((await vtewsQuery(gw, token)).status, 401);
  const renewed = await (await admin.post(`${path}/credentials`, { _csrf: csrf })).text();
  const secret = attr(renewed, 'data-secret');
  t.not(secret, secretOf(app.credentials));
  await t.throwsAsync(
    client.clientCredentialsGrant(config),
    undefined,
    'the old secret stops working',
  );
  t.truthy(
    (
      await client.clientCredentialsGrant(
        await discover(gw, app.client.id, client.ClientSecretBasic(secret)),
      )
    ).access_token,
  );
  t.is((await admin.post(`${path}/remove`, { _csrf: csrf })).status, 303);
  t.is(await oauthStore(gw).clients.get(app.client.id), null);
  t.is((await admin.get(path)).status, 404);
});

test.serial(
  'Linked applications: associated and authorized apps, revoke; credentials only when the admin allows',
  async (t) => {
    t.timeout(30_000);
    const { gw, bob, admin, bobId } = t.context;
    const mine = await createApp(gw, { type: 'service', userId: bobId, name: 'Bob robot' });
    const token = (
      await client.clientCredentialsGrant(
        await discover(gw, mine.client.id, client.ClientSecretBasic(secretOf(mine.credentials))),
      )
    ).access_token;
    const page = await (await bob.get('/console/linked-apps')).text();
    const card =
      new RegExp(`data-linked-app="${mine.client.id}"[\\s\\S]*?</section>`).exec(page)?.[0] ?? '';
    t.regex(card, /associated with you/);
    t.regex(card, /data-field="live-tokens">1</);
    t.false(card.includes('/credentials'), 'renewing is off by default for non-admins');
    const csrf = await bob.csrf('/console/linked-apps');
    t.is(
      (await bob.post(`/console/linked-apps/${mine.client.id}/credentials`, { _csrf: csrf }))
        .status,
      403,
    );
    await admin.post('/console/oauth-apps/settings', {
      _csrf: await admin.csrf('/console/oauth-apps'),
      enabled: '1',
      users_manage_secrets: '1',
    });
    const renewed = await (
      await bob.post(`/console/linked-apps/${mine.client.id}/credentials`, { _csrf: csrf })
    ).text();
    t.regex(attr(renewed, 'data-secret'), /^gwcs_/);
    t.is(
      (await bob.post(`/console/linked-apps/${mine.client.id}/revoke`, { _csrf: csrf })).status,
      303,
    );
    t.is((await vtewsQuery(gw, token)).status, 401);
    const other = await createApp(gw, { type: 'service', userId: 1, name: 'Not linked' });
    t.is(
      (await bob.post(`/console/linked-apps/${other.client.id}/revoke`, { _csrf: csrf })).status,
      404,
    );
    await admin.post('/console/oauth-apps/settings', {
      _csrf: await admin.csrf('/console/oauth-apps'),
      enabled: '0',
    });
    t.is((await fetch(`${gw.url}/.well-known/oauth-authorization-server`)).status, 404);
    await admin.post('/console/oauth-apps/settings', {
      _csrf: await admin.csrf('/console/oauth-apps'),
      enabled: '1',
    });
    t.is((await fetch(`${gw.url}/.well-known/oauth-authorization-server`)).status, 200);
  },
);
