// Conversations whose consecutive requests land on different replicas (README.md "Several
// replicas"): HAProxy's round robin sends each request of one client to the next replica, and
// every step must find what the previous one left — webservice challenge and session, the
// console's CSRF token, session and login lockout, and the OAuth authorization code with PKCE
// and refresh-token rotation (RFC 6749 §4.1, RFC 7636, RFC 9700 §4.14.2).
import test, { type ExecutionContext } from 'ava';
import * as client from 'openid-client';
import { openStore, type Store } from '../../../store/store.js';
import { ConsoleClient } from '../../helpers/console-client.js';
import { ADMIN_ACCESS_KEY, ADMIN_PASSWORD } from '../../helpers/gateway.js';
import {
  authorizationRequest,
  CallbackServer,
  createApp,
  createUser,
  secretOf,
  vtewsQuery,
} from '../../helpers/oauth-fixture.js';
import type { Cluster } from '../../helpers/replicas/cluster.js';
import { clusterFor } from '../../helpers/replicas/setup.js';
import { VtigerClient } from '../../helpers/vtiger-client.js';

/** One cluster for the file, started by the first test that needs it (module state: ava copies
 *  t.context per test, so a cluster kept there would not reach the next test or the after hook). */
let shared: { cluster: Cluster; store: Store } | null = null;

async function cluster(t: ExecutionContext): Promise<{ cluster: Cluster; store: Store } | null> {
  if (shared) return shared;
  const started = await clusterFor(t, {
    env: {
      GATEWAY_LOGIN_MAX_FAILURES: '3',
      GATEWAY_LOGIN_DELAY_MS: '0',
      GATEWAY_OAUTH_TOKEN_RATE_LIMIT: '100000',
    },
    keep: true,
  });
  if (!started) return null;
  shared = { cluster: started, store: await openStore({ kind: 'pg', url: started.db.url }) };
  return shared;
}

test.after.always(async () => {
  await shared?.store.close();
  await shared?.cluster.dispose();
});

test.serial('webservice: challenge, login, create and query on different replicas', async (t) => {
  t.timeout(150_000);
  const up = await cluster(t);
  if (!up) return;
  const ws = new VtigerClient(up.cluster.url);
  t.true(await ws.doLogin('admin', ADMIN_ACCESS_KEY), JSON.stringify(ws.lastError));
  const made = await ws.doCreate('Accounts', { accountname: 'Replicated Ltd' });
  if (!made) return t.fail(JSON.stringify(ws.lastError));
  // Three reads: one on each replica.
  for (let i = 0; i < 3; i++) {
    const rows = await ws.doQuery(
      "SELECT accountname FROM Accounts WHERE accountname = 'Replicated Ltd';",
    );
    t.deepEqual(rows ? rows.map((r) => r['accountname']) : rows, ['Replicated Ltd']);
    const one = await ws.doRetrieve(made['id'] ?? '');
    t.is(one ? one['accountname'] : one, 'Replicated Ltd');
  }
  t.true(await ws.doLogout());
  t.false(await ws.doQuery('SELECT accountname FROM Accounts;'), 'the session is gone everywhere');
});

test.serial(
  'console: login form, CSRF form post and the login lockout across replicas',
  async (t) => {
    t.timeout(150_000);
    const up = await cluster(t);
    if (!up) return;
    const admin = new ConsoleClient(up.cluster.url);
    const login = await admin.login('admin', ADMIN_PASSWORD);
    t.is(login.status, 303, await login.text());
    const csrf = await admin.csrf('/console/users');
    const posted = await admin.post('/console/groups', { _csrf: csrf, name: 'Replica crew' });
    t.is(posted.status, 303);
    t.truthy((await up.store.groups.list()).find((g) => g.name === 'Replica crew'));
    const forged = await admin.post('/console/groups', { _csrf: 'x'.repeat(32), name: 'Forged' });
    t.is(forged.status, 403);

    await createUser({ store: up.store, url: up.cluster.url }, 'carol');
    const carol = new ConsoleClient(up.cluster.url);
    for (let i = 0; i < 3; i++)
      t.is((await carol.login('carol', 'wrong-password')).status, 401, `failure ${i + 1}`);
    // The fourth try, right password, reaches another replica than at least two of the failures.
    t.is((await carol.login('carol', 'carol-password-1')).status, 429);
  },
);

test.serial(
  'OAuth: authorize, consent and token on different replicas; refresh rotation',
  async (t) => {
    t.timeout(150_000);
    const up = await cluster(t);
    if (!up) return;
    const gw = { store: up.store, url: up.cluster.url };
    const cb = await CallbackServer.start();
    t.teardown(() => cb.close());
    const bob = await createUser(gw, 'bob');
    const app = await createApp(gw, {
      type: 'web',
      userId: bob,
      redirectUris: [cb.redirectUri],
      offlineAccess: true,
    });
    const config = await client.discovery(
      new URL(up.cluster.url),
      app.client.id,
      undefined,
      client.ClientSecretBasic(secretOf(app.credentials)),
      { execute: [client.allowInsecureRequests], algorithm: 'oauth2' },
    );
    const request = await authorizationRequest(config, cb.redirectUri);
    const browser = new ConsoleClient(up.cluster.url);
    t.is((await browser.login('bob', 'bob-password-1')).status, 303);
    const authorize = await browser.get(request.url.pathname + request.url.search);
    const consentAt = authorize.headers.get('location') ?? '';
    t.regex(consentAt, /\/console\/oauth2\/consent\?id=/);
    const page = await (
      await browser.get(
        new URL(consentAt, up.cluster.url).pathname + new URL(consentAt, up.cluster.url).search,
      )
    ).text();
    const id = /name="id" value="([^"]+)"/.exec(page)?.[1] ?? '';
    const answered = await browser.post('/console/oauth2/consent', {
      _csrf: ConsoleClient.csrfOf(page),
      id,
      allow: 'yes',
    });
    t.is(answered.status, 303);
    const callback = new URL(answered.headers.get('location') ?? '');
    const tokens = await client.authorizationCodeGrant(config, callback, {
      pkceCodeVerifier: request.verifier,
      expectedState: request.state,
    });
    t.is((await vtewsQuery(gw, tokens.access_token)).status, 200);
    const refresh = tokens.refresh_token ?? '';
    const rotated = await client.refreshTokenGrant(config, refresh);
    t.not(rotated.refresh_token, refresh);
    t.is((await vtewsQuery(gw, rotated.access_token)).status, 200);
    // The old refresh token again, on whichever replica: refused, and the family revoked.
    await t.throwsAsync(client.refreshTokenGrant(config, refresh));
    t.is((await vtewsQuery(gw, rotated.access_token)).status, 401);
  },
);
