// The authorization code flow with PKCE (RFC 6749 §4.1, RFC 7636) through the real consent page
// in headless Chromium: the user logs in to the console, approves, the browser is redirected to
// the client's loopback redirect URI with code, state and iss (RFC 9207), and openid-client v6
// redeems the code, refreshes with rotation (reuse revokes the family, RFC 9700 §4.14.2) and
// calls /restapi/v1/vtews/query with the token.
import anyTest, { type TestFn } from 'ava';
import type { Browser, Page } from 'playwright-core';
import * as client from 'openid-client';
import type { CreatedApp } from '../../../gateway/oauth/registration.js';
import { launchChromium } from '../../helpers/chromium.js';
import type { TestGateway } from '../../helpers/gateway.js';
import {
  authorizationRequest,
  CallbackServer,
  createApp,
  createUser,
  discover,
  oauthGateway,
  secretOf,
  vtews,
  vtewsQuery,
} from '../../helpers/oauth-fixture.js';

interface Ctx {
  gw: TestGateway;
  cb: CallbackServer;
  browser: Browser | null;
  bobId: number;
  web: CreatedApp;
  native: CreatedApp;
}

const test = anyTest as TestFn<Ctx>;
const ICON =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

test.before(async (t) => {
  const gw = await oauthGateway();
  const cb = await CallbackServer.start();
  const bobId = await createUser(gw, 'bob');
  const common = { userId: bobId, redirectUris: [cb.redirectUri], offlineAccess: true };
  t.context = {
    gw,
    cb,
    bobId,
    browser: await launchChromium(),
    web: await createApp(gw, {
      ...common,
      type: 'web',
      name: 'Acme <Portal>',
      description: 'Shows your CRM contacts',
      iconUrl: ICON,
    }),
    native: await createApp(gw, { ...common, type: 'native', name: 'Pocket CRM', scope: 'read' }),
  };
});

test.after.always(async (t) => {
  await t.context.browser?.close();
  await t.context.cb?.close();
  await t.context.gw?.dispose();
});

async function logIn(page: Page, userName: string): Promise<void> {
  await page.waitForURL(/\/console\/login\?next=/);
  await page.fill('input[name=username]', userName);
  await page.fill('input[name=password]', `${userName}-password-1`);
  await page.click('button[type=submit]');
  await page.waitForURL(/\/console\/oauth2\/consent\?/);
}

test.serial(
  'web application: log in, approve in Chromium, code + PKCE, REST call, refresh rotation and reuse detection',
  async (t) => {
    t.timeout(90_000);
    const { gw, cb, web, browser, bobId } = t.context;
    if (!browser) return t.pass('Chromium not installed: run scripts/test-peers.sh as root');
    const config = await discover(
      gw,
      web.client.id,
      client.ClientSecretBasic(secretOf(web.credentials)),
    );
    const request = await authorizationRequest(config, cb.redirectUri);
    const context = await browser.newContext();
    t.teardown(() => context.close());
    const page = await context.newPage();
    await page.goto(request.url.href);
    await logIn(page, 'bob');
    const consent = page.locator(`[data-consent="${web.client.id}"]`);
    t.is(
      await consent.locator('h2').textContent(),
      'Acme <Portal>',
      'the name is escaped, not markup',
    );
    t.regex(
      (await consent.textContent()) ?? '',
      /read\/write access to the CRM as bob, also while you are not using it/,
    );
    t.is(await consent.locator('img.app-icon').getAttribute('src'), ICON);
    await page.click('button[name=allow][value=yes]');
    const callback = await cb.next();
    t.is(callback.searchParams.get('iss'), gw.url, 'RFC 9207 iss');
    t.is(callback.searchParams.get('state'), request.state);

    const tokens = await client.authorizationCodeGrant(config, callback, {
      pkceCodeVerifier: request.verifier,
      expectedState: request.state,
    });
    t.is(tokens.scope, 'read write');
    t.truthy(tokens.refresh_token);
    const made = await vtews(gw, 'create', tokens.access_token, {
      elementType: 'Contacts',
      element: { lastname: 'ViaConsent' },
    });
    t.is(
      (made.body.data as Record<string, string>).assigned_user_id,
      `19x${bobId}`,
      'acts as the authorizing user',
    );
    t.is((await vtewsQuery(gw, tokens.access_token)).status, 200);

    const rotated = await client.refreshTokenGrant(config, tokens.refresh_token as string);
    t.not(rotated.refresh_token, tokens.refresh_token, 'a new refresh token on each use');
    t.is((await vtewsQuery(gw, rotated.access_token)).status, 200);
    const reuse = await t.throwsAsync(
      client.refreshTokenGrant(config, tokens.refresh_token as string),
    );
    t.like(reuse, { error: 'invalid_grant', status: 400 });
    t.like(
      await t.throwsAsync(client.refreshTokenGrant(config, rotated.refresh_token as string)),
      { error: 'invalid_grant' },
      'the family is revoked',
    );
    for (const token of [tokens.access_token, rotated.access_token])
      t.is((await vtewsQuery(gw, token)).status, 401);
    t.deepEqual(await client.tokenIntrospection(config, rotated.access_token), { active: false });
  },
);

test.serial(
  'native app (public, PKCE, no secret): approve in Chromium, refresh, revoke; deny sends access_denied',
  async (t) => {
    t.timeout(90_000);
    const { gw, cb, native, browser } = t.context;
    if (!browser) return t.pass('Chromium not installed: run scripts/test-peers.sh as root');
    const config = await discover(gw, native.client.id, client.None());
    const context = await browser.newContext();
    t.teardown(() => context.close());
    const page = await context.newPage();
    const request = await authorizationRequest(config, cb.redirectUri, 'read');
    await page.goto(request.url.href);
    await logIn(page, 'bob');
    t.regex((await page.locator('[data-consent] [data-scope]').textContent()) ?? '', /read-only/);
    await page.click('button[name=allow][value=yes]');
    const tokens = await client.authorizationCodeGrant(config, await cb.next(), {
      pkceCodeVerifier: request.verifier,
      expectedState: request.state,
    });
    t.is(tokens.scope, 'read');
    t.is((await vtewsQuery(gw, tokens.access_token)).status, 200);
    const refreshed = await client.refreshTokenGrant(config, tokens.refresh_token as string);
    await client.tokenRevocation(config, refreshed.refresh_token as string);
    t.is(
      (await vtewsQuery(gw, refreshed.access_token)).status,
      401,
      'revoking the refresh token revokes its access tokens (RFC 7009 §2.1)',
    );
    t.like(
      await t.throwsAsync(client.refreshTokenGrant(config, refreshed.refresh_token as string)),
      { error: 'invalid_grant' },
    );

    // The consent is remembered now; a fresh one is asked for after the user revokes it.
    await gw.store.db.knex('oauth_consents').del();
    const denied = await authorizationRequest(config, cb.redirectUri, 'read');
    await page.goto(denied.url.href);
    await page.waitForURL(/\/console\/oauth2\/consent\?/);
    await page.click('button[name=allow][value=no]');
    const callback = await cb.next();
    t.is(callback.searchParams.get('error'), 'access_denied');
    t.is(callback.searchParams.get('state'), denied.state);
    const err = await t.throwsAsync(
      client.authorizationCodeGrant(config, callback, {
        pkceCodeVerifier: denied.verifier,
        expectedState: denied.state,
      }),
    );
    t.like(err, { error: 'access_denied' });
  },
);

test.serial(
  'arriving from another site with a live console session: one same-site reload finds the session, no second login',
  async (t) => {
    t.timeout(90_000);
    const { gw, cb, web, browser } = t.context;
    if (!browser) return t.pass('Chromium not installed: run scripts/test-peers.sh as root');
    await gw.store.db.knex('oauth_consents').del();
    const config = await discover(
      gw,
      web.client.id,
      client.ClientSecretBasic(secretOf(web.credentials)),
    );
    const context = await browser.newContext();
    t.teardown(() => context.close());
    const page = await context.newPage();
    await page.goto(`${gw.url}/console/login`);
    await page.fill('input[name=username]', 'bob');
    await page.fill('input[name=password]', 'bob-password-1');
    await page.click('button[type=submit]');
    await page.waitForURL(/\/console$/);
    const request = await authorizationRequest(config, cb.redirectUri, 'read');
    // localhost and 127.0.0.1 are different sites: the SameSite=Strict cookie stays behind on this hop.
    await page.goto(
      `${cb.origin.replace('127.0.0.1', 'localhost')}/start?to=${encodeURIComponent(request.url.href)}`,
    );
    await page.click('#go');
    await page.waitForSelector('[data-consent]');
    t.regex(page.url(), /\/console\/oauth2\/consent\?id=[^&]+&r=1$/);
    await page.click('button[name=allow][value=yes]');
    const tokens = await client.authorizationCodeGrant(config, await cb.next(), {
      pkceCodeVerifier: request.verifier,
      expectedState: request.state,
    });
    t.is(tokens.scope, 'read');
  },
);
