// Bad input on the authorization code flow, driven over HTTP through the real consent page with
// a cookie-keeping console client: reused and expired codes, a PKCE verifier that does not
// match, a redirect URI one character off, missing PKCE or state, the implicit response type,
// unknown clients (a page, never a redirect: RFC 9700 §4.11), restricted and admin users, and
// the consent form's CSRF, single use and binding to the user.
import anyTest, { type TestFn } from 'ava';
import * as client from 'openid-client';
import type { CreatedApp } from '../../../gateway/oauth/registration.js';
import { sha256 } from '../../../store/oauth/clients.js';
import { ConsoleClient } from '../../helpers/console-client.js';
import { ADMIN_PASSWORD, type TestGateway } from '../../helpers/gateway.js';
import {
  authorizationRequest,
  basicAuth,
  createApp,
  createUser,
  discover,
  oauthGateway,
  oauthStore,
  postForm,
  secretOf,
  vtewsQuery,
} from '../../helpers/oauth-fixture.js';

const REDIRECT = 'http://127.0.0.1:9/callback';

interface Ctx {
  gw: TestGateway;
  web: CreatedApp;
  config: client.Configuration;
  bob: ConsoleClient;
}

const test = anyTest as TestFn<Ctx>;

test.before(async (t) => {
  const gw = await oauthGateway();
  const bobId = await createUser(gw, 'bob');
  const web = await createApp(gw, {
    type: 'web',
    userId: bobId,
    name: 'Portal',
    redirectUris: [REDIRECT],
    offlineAccess: true,
  });
  const bob = new ConsoleClient(gw.url);
  await bob.login('bob', 'bob-password-1');
  t.context = {
    gw,
    web,
    bob,
    config: await discover(gw, web.client.id, client.ClientSecretBasic(secretOf(web.credentials))),
  };
});

test.after.always(async (t) => t.context.gw?.dispose());

/** Follows /oauth2/authorize to the consent page and answers it; returns the redirect to the client. */
async function authorize(
  gw: TestGateway,
  who: ConsoleClient,
  url: URL,
  allow = true,
): Promise<URL> {
  const start = await fetch(url, { redirect: 'manual' });
  const consent = start.headers.get('location') ?? '';
  if (!consent.startsWith('/console/oauth2/consent')) return new URL(consent);
  const page = await who.get(consent);
  if (page.status === 303) return new URL(page.headers.get('location') ?? '');
  const html = await page.text();
  const id = /name="id" value="([^"]+)"/.exec(html)?.[1] ?? '';
  const answer = await who.post('/console/oauth2/consent', {
    _csrf: ConsoleClient.csrfOf(html),
    id,
    allow: allow ? 'yes' : 'no',
  });
  return new URL(answer.headers.get('location') ?? `${gw.url}/no-redirect`);
}

function codeGrant(
  t: { context: Ctx },
  code: string,
  verifier: string,
  redirectUri = REDIRECT,
): ReturnType<typeof postForm> {
  const { gw, web } = t.context;
  return postForm(
    `${gw.url}/oauth2/token`,
    { grant_type: 'authorization_code', code, code_verifier: verifier, redirect_uri: redirectUri },
    { Authorization: basicAuth(web.client.id, secretOf(web.credentials)) },
  );
}

test.serial(
  'a code works once; presenting it again fails and revokes the tokens it gave (RFC 6749 §4.1.2)',
  async (t) => {
    t.timeout(30_000);
    const { gw, bob, config } = t.context;
    const request = await authorizationRequest(config, REDIRECT);
    const callback = await authorize(gw, bob, request.url);
    const code = callback.searchParams.get('code') ?? '';
    const first = await codeGrant(t, code, request.verifier);
    t.is(first.status, 200);
    t.is((await vtewsQuery(gw, String(first.body.access_token))).status, 200);
    const again = await codeGrant(t, code, request.verifier);
    t.is(again.status, 400);
    t.is(again.body.error, 'invalid_grant');
    t.is((await vtewsQuery(gw, String(first.body.access_token))).status, 401);
    const refresh = await postForm(
      `${gw.url}/oauth2/token`,
      { grant_type: 'refresh_token', refresh_token: String(first.body.refresh_token) },
      { Authorization: basicAuth(t.context.web.client.id, secretOf(t.context.web.credentials)) },
    );
    t.is(refresh.body.error, 'invalid_grant');
  },
);

test.serial(
  'a PKCE verifier that does not match: invalid_grant, and the code is burnt',
  async (t) => {
    t.timeout(30_000);
    const { gw, bob, config } = t.context;
    const request = await authorizationRequest(config, REDIRECT);
    const code = (await authorize(gw, bob, request.url)).searchParams.get('code') ?? '';
    const wrong = await codeGrant(t, code, client.randomPKCECodeVerifier());
    t.deepEqual(wrong.body, {
      error: 'invalid_grant',
      error_description: 'Invalid grant: code verifier is invalid',
    });
    t.is(
      (await codeGrant(t, code, request.verifier)).body.error,
      'invalid_grant',
      'a wrong guess costs the code',
    );
    const missing = await authorizationRequest(config, REDIRECT);
    const code2 = (await authorize(gw, bob, missing.url)).searchParams.get('code') ?? '';
    const none = await postForm(
      `${gw.url}/oauth2/token`,
      { grant_type: 'authorization_code', code: code2, redirect_uri: REDIRECT },
      { Authorization: basicAuth(t.context.web.client.id, secretOf(t.context.web.credentials)) },
    );
    t.is(none.body.error, 'invalid_grant', 'no verifier for a code issued with a challenge');
  },
);

test.serial(
  'a redirect URI one character off: an error page at /authorize (no redirect), invalid_grant at /token',
  async (t) => {
    t.timeout(30_000);
    const { gw, bob, config } = t.context;
    const request = await authorizationRequest(config, REDIRECT);
    for (const uri of [
      `${REDIRECT}x`,
      REDIRECT.replace('callback', 'callbacK'),
      REDIRECT.slice(0, -1),
    ]) {
      const url = new URL(request.url);
      url.searchParams.set('redirect_uri', uri);
      const res = await fetch(url, { redirect: 'manual' });
      t.is(res.status, 400, uri);
      t.is(res.headers.get('location'), null, 'never redirect to an unregistered URI');
      t.regex(await res.text(), /not registered for this application/);
      t.regex(res.headers.get('content-security-policy') ?? '', /frame-ancestors 'none'/);
    }
    const code = (await authorize(gw, bob, request.url)).searchParams.get('code') ?? '';
    const off = await codeGrant(t, code, request.verifier, `${REDIRECT}/`);
    t.deepEqual(off.body, {
      error: 'invalid_grant',
      error_description: 'Invalid grant: `redirect_uri` differs from the authorization request',
    });
  },
);

test.serial(
  'the RFC error goes back to the client: no PKCE, plain PKCE, no state, response_type=token, wider scope',
  async (t) => {
    t.timeout(30_000);
    const { gw, web } = t.context;
    const base = {
      client_id: web.client.id,
      redirect_uri: REDIRECT,
      response_type: 'code',
      state: 's1',
      code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
      code_challenge_method: 'S256',
    };
    const cases: Array<[Record<string, string | null>, string]> = [
      [{ code_challenge: null, code_challenge_method: null }, 'invalid_request'],
      [{ code_challenge_method: 'plain' }, 'invalid_request'],
      [{ state: null }, 'invalid_request'],
      [{ response_type: 'token' }, 'unsupported_response_type'],
      [{ scope: 'read write admin' }, 'invalid_scope'],
    ];
    for (const [change, error] of cases) {
      const url = new URL(`${gw.url}/oauth2/authorize`);
      for (const [k, v] of Object.entries({ ...base, ...change }))
        if (v !== null) url.searchParams.set(k, v);
      const res = await fetch(url, { redirect: 'manual' });
      t.is(res.status, 303);
      const back = new URL(res.headers.get('location') ?? '');
      t.is(back.origin + back.pathname, REDIRECT);
      t.is(back.searchParams.get('error'), error, JSON.stringify(change));
      t.is(back.searchParams.get('iss'), gw.url);
      t.is(back.searchParams.get('state'), change.state === null ? null : 's1');
    }
    for (const query of [
      `client_id=app_nope&redirect_uri=${encodeURIComponent(REDIRECT)}`,
      `client_id=${web.client.id}&client_id=${web.client.id}&redirect_uri=${encodeURIComponent(REDIRECT)}`,
    ]) {
      const res = await fetch(`${gw.url}/oauth2/authorize?${query}&response_type=code`, {
        redirect: 'manual',
      });
      t.is(res.status, 400);
      t.is(res.headers.get('location'), null);
    }
  },
);

test.serial('restricted applications and admin users are refused with access_denied', async (t) => {
  t.timeout(30_000);
  const { gw } = t.context;
  const daveId = await createUser(gw, 'dave');
  const bobId = (await gw.store.users.findByUserName('bob'))?.id ?? 0;
  const only = await createApp(gw, {
    type: 'native',
    userId: bobId,
    name: 'Only Bob',
    redirectUris: [REDIRECT],
    restricted: true,
    allowedUserIds: [bobId],
  });
  const config = await discover(gw, only.client.id, client.None());
  const dave = new ConsoleClient(gw.url);
  await dave.login('dave', 'dave-password-1');
  const refused = await authorize(gw, dave, (await authorizationRequest(config, REDIRECT)).url);
  t.is(refused.searchParams.get('error'), 'access_denied');
  t.regex(refused.searchParams.get('error_description') ?? '', /not available to this user/);
  t.truthy(
    (
      await authorize(gw, t.context.bob, (await authorizationRequest(config, REDIRECT)).url)
    ).searchParams.get('code'),
  );
  const admin = new ConsoleClient(gw.url);
  await admin.login('admin', ADMIN_PASSWORD);
  const asAdmin = await authorize(gw, admin, (await authorizationRequest(config, REDIRECT)).url);
  t.is(asAdmin.searchParams.get('error'), 'access_denied');
  t.is(daveId > 0, true);
});

test.serial(
  'the consent form: CSRF required, single use, bound to the user who opened it; not frameable',
  async (t) => {
    t.timeout(30_000);
    const { gw, bob, config } = t.context;
    await gw.store.db.knex('oauth_consents').del();
    const request = await authorizationRequest(config, REDIRECT);
    const consent =
      (await fetch(request.url, { redirect: 'manual' })).headers.get('location') ?? '';
    const page = await bob.get(consent);
    t.is(page.status, 200);
    t.regex(
      page.headers.get('content-security-policy') ?? '',
      /frame-ancestors 'none'.*form-action 'self' http:\/\/127\.0\.0\.1:9/,
    );
    t.is(page.headers.get('x-frame-options'), 'DENY');
    const html = await page.text();
    const id = /name="id" value="([^"]+)"/.exec(html)?.[1] ?? '';
    t.deepEqual(
      [...html.matchAll(/<input type="hidden" name="([^"]+)"/g)].map((m) => m[1]).sort(),
      ['_csrf', '_csrf', 'id'],
      'the logout form and the consent form: nothing else travels',
    );
    t.is(
      (await bob.post('/console/oauth2/consent', { id, allow: 'yes' })).status,
      403,
      'no CSRF token',
    );
    const dave = new ConsoleClient(gw.url);
    await dave.login('dave', 'dave-password-1');
    t.is(
      (await dave.post('/console/oauth2/consent', { _csrf: await dave.csrf(), id, allow: 'yes' }))
        .status,
      410,
      "someone else's request",
    );
    const answer = await bob.post('/console/oauth2/consent', {
      _csrf: ConsoleClient.csrfOf(html),
      id,
      allow: 'yes',
    });
    t.is(answer.status, 303, 'RFC 9700 §4.12: 303 after the form post');
    t.truthy(new URL(answer.headers.get('location') ?? '').searchParams.get('code'));
    t.is(
      (
        await bob.post('/console/oauth2/consent', {
          _csrf: ConsoleClient.csrfOf(html),
          id,
          allow: 'yes',
        })
      ).status,
      410,
      'answered once',
    );
    t.is(
      await gw.store.db
        .knex('oauth_authorize_requests')
        .where({ id_hash: sha256(id) })
        .first(),
      undefined,
    );
    // Remembered now: the next request for no more scope skips the page.
    const again = await authorize(
      gw,
      bob,
      (await authorizationRequest(config, REDIRECT, 'read')).url,
    );
    t.truthy(again.searchParams.get('code'));
  },
);

test.serial(
  'an expired code, a code of another client, a user deactivated before refresh: invalid_grant',
  async (t) => {
    t.timeout(30_000);
    const { gw, bob, config } = t.context;
    const request = await authorizationRequest(config, REDIRECT);
    const code = (await authorize(gw, bob, request.url)).searchParams.get('code') ?? '';
    await gw.store.db
      .knex('oauth_codes')
      .where({ code_hash: sha256(code) })
      .update({ expires_at: '2000-01-01 00:00:00.000' });
    t.like((await codeGrant(t, code, request.verifier)).body, {
      error: 'invalid_grant',
      error_description: 'Invalid grant: authorization code has expired',
    });
    const other = await createApp(gw, {
      type: 'web',
      userId: 1,
      name: 'Other',
      redirectUris: [REDIRECT],
    });
    const stolen = await authorizationRequest(config, REDIRECT);
    const code2 = (await authorize(gw, bob, stolen.url)).searchParams.get('code') ?? '';
    const byOther = await postForm(
      `${gw.url}/oauth2/token`,
      {
        grant_type: 'authorization_code',
        code: code2,
        code_verifier: stolen.verifier,
        redirect_uri: REDIRECT,
      },
      { Authorization: basicAuth(other.client.id, secretOf(other.credentials)) },
    );
    t.is(byOther.body.error, 'invalid_grant');
    const fresh = await authorizationRequest(config, REDIRECT);
    const tokens = await client.authorizationCodeGrant(
      config,
      await authorize(gw, bob, fresh.url),
      { pkceCodeVerifier: fresh.verifier, expectedState: fresh.state },
    );
    const bobId = (await gw.store.users.findByUserName('bob'))?.id ?? 0;
    await gw.store.users.update(bobId, { status: 'Inactive' });
    try {
      t.like(
        await t.throwsAsync(client.refreshTokenGrant(config, tokens.refresh_token as string)),
        { error: 'invalid_grant' },
      );
      t.is((await vtewsQuery(gw, tokens.access_token)).status, 401);
    } finally {
      await gw.store.users.update(bobId, { status: 'Active' });
    }
    t.true((await oauthStore(gw).clients.stats(t.context.web.client.id)).activeAccessTokens > 0);
  },
);
