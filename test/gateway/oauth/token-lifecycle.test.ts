// Tokens stop working when they should, on the token endpoint, on introspection and on the
// vtenext REST path alike: a deactivated application or user, an administrator while "apps may
// act as admin users" is off, an expired or revoked token, and OAuth2 switched off.
import anyTest, { type TestFn } from 'ava';
import * as client from 'openid-client';
import {
  readOAuthSettings,
  writeOAuthSettings,
  type OAuthSettings,
} from '../../../gateway/oauth/settings.js';
import { hashAccessToken } from '../../../store/oauth/tokens.js';
import type { TestGateway } from '../../helpers/gateway.js';
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
  bobId: number;
}

const test = anyTest as TestFn<Ctx>;

test.before(async (t) => {
  const gw = await oauthGateway();
  t.context = { gw, bobId: await createUser(gw, 'bob') };
});

test.after.always(async (t) => t.context.gw?.dispose());

async function setSettings(gw: TestGateway, change: Partial<OAuthSettings>): Promise<void> {
  await writeOAuthSettings(gw.store.settings, {
    ...(await readOAuthSettings(gw.store.settings)),
    ...change,
  });
}

async function serviceConfig(
  gw: TestGateway,
  userId: number,
  name: string,
): Promise<{ config: client.Configuration; clientId: string }> {
  const app = await createApp(gw, { type: 'service', userId, name });
  return {
    config: await discover(gw, app.client.id, client.ClientSecretBasic(secretOf(app.credentials))),
    clientId: app.client.id,
  };
}

test.serial(
  'a deactivated application gets no token and its tokens stop working; reactivated, they work again',
  async (t) => {
    t.timeout(20_000);
    const { gw, bobId } = t.context;
    const { config, clientId } = await serviceConfig(gw, bobId, 'Deactivated');
    const { access_token: token } = await client.clientCredentialsGrant(config);
    await oauthStore(gw).clients.setActive(clientId, false);
    t.is((await vtewsQuery(gw, token)).status, 401);
    // HTTP Basic failed: 401 with a challenge, which openid-client reports as such (RFC 6749 §5.2).
    t.like(await t.throwsAsync(client.clientCredentialsGrant(config)), {
      name: 'WWWAuthenticateChallengeError',
      status: 401,
    });
    await oauthStore(gw).clients.setActive(clientId, true);
    t.is((await vtewsQuery(gw, token)).status, 200);
  },
);

test.serial('an inactive user: no token for its service account, its tokens refused', async (t) => {
  t.timeout(20_000);
  const { gw } = t.context;
  const carolId = await createUser(gw, 'carol');
  const { config } = await serviceConfig(gw, carolId, 'Carol sync');
  const { access_token: token } = await client.clientCredentialsGrant(config);
  await gw.store.users.update(carolId, { status: 'Inactive' });
  t.is((await vtewsQuery(gw, token)).status, 401);
  const err = await t.throwsAsync(client.clientCredentialsGrant(config));
  t.like(err, { error: 'unauthorized_client', status: 400 });
  t.regex(
    String((err as { error_description?: string } | undefined)?.error_description),
    /not active/,
  );
  await gw.store.users.update(carolId, { status: 'Active' });
  t.is((await vtewsQuery(gw, token)).status, 200);
});

test.serial(
  'an administrator user: refused while admin connections are off, allowed when switched on',
  async (t) => {
    t.timeout(20_000);
    const { gw } = t.context;
    const { config } = await serviceConfig(gw, 1, 'Admin robot');
    const refused = await t.throwsAsync(client.clientCredentialsGrant(config));
    t.like(refused, { error: 'unauthorized_client' });
    t.regex(
      String((refused as { error_description?: string } | undefined)?.error_description),
      /administrator/,
    );
    await setSettings(gw, { allowAdminUsers: true });
    const { access_token: token } = await client.clientCredentialsGrant(config);
    t.is((await vtewsQuery(gw, token)).status, 200);
    await setSettings(gw, { allowAdminUsers: false });
    t.is((await vtewsQuery(gw, token)).status, 401, 'switching it off again stops live tokens');
    t.deepEqual(await client.tokenIntrospection(config, token), { active: false });
  },
);

test.serial(
  'expired and revoked tokens are refused by the REST API and reported inactive',
  async (t) => {
    t.timeout(20_000);
    const { gw, bobId } = t.context;
    const { config } = await serviceConfig(gw, bobId, 'Expiring');
    const expiring = (await client.clientCredentialsGrant(config)).access_token;
    const revoked = (await client.clientCredentialsGrant(config)).access_token;
    await gw.store.db
      .knex('oauth_access_tokens')
      .where({ token_hash: hashAccessToken(expiring) })
      .update({ expires_at: '2000-01-01 00:00:00.000' });
    await client.tokenRevocation(config, revoked);
    for (const token of [expiring, revoked]) {
      const r = await vtewsQuery(gw, token);
      t.is(r.status, 401);
      t.deepEqual(r.body, {
        status: 401,
        error: 'InvalidLoginException',
        message: 'Authentication failed - reason: invalid, expired or revoked access token',
      });
      t.deepEqual(await client.tokenIntrospection(config, token), { active: false });
    }
    // Only hashes are stored: the raw token is in no row.
    const rows = await gw.store.db.knex('oauth_access_tokens').select('token_hash');
    t.false(
      rows.some(
        (r: { token_hash: string }) => r.token_hash === expiring || r.token_hash === revoked,
      ),
    );
  },
);

test.serial('OAuth2 switched off: no metadata, no tokens, live tokens refused', async (t) => {
  t.timeout(20_000);
  const { gw, bobId } = t.context;
  const { config } = await serviceConfig(gw, bobId, 'Switch');
  const { access_token: token } = await client.clientCredentialsGrant(config);
  await setSettings(gw, { enabled: false });
  try {
    t.is((await fetch(`${gw.url}/.well-known/oauth-authorization-server`)).status, 404);
    const refused = await t.throwsAsync<client.WWWAuthenticateChallengeError>(
      client.clientCredentialsGrant(config),
    );
    t.is(refused?.status, 401);
    t.deepEqual(await refused?.response.json(), {
      error: 'invalid_client',
      error_description: 'OAuth2 is switched off on this gateway',
    });
    t.is((await vtewsQuery(gw, token)).status, 401);
  } finally {
    await setSettings(gw, { enabled: true });
  }
  t.is((await vtewsQuery(gw, token)).status, 200);
});
