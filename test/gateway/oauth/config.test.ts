// The OAuth2 options of gateway/config.ts: token lifetimes, the issuer override (RFC 8414 §2:
// https, no query or fragment) and the token endpoint's rate limit; the override shows in the
// metadata document and in the audiences a client assertion may name.
import test from 'ava';
import { loadConfig } from '../../../gateway/config.js';
import { endpointsFor } from '../../../gateway/oauth/deps.js';
import {
  basicAuth,
  createApp,
  createUser,
  oauthGateway,
  postForm,
  secretOf,
} from '../../helpers/oauth-fixture.js';

test('defaults, an issuer override, and values refused with the variable named', (t) => {
  const c = loadConfig({});
  t.like(c, {
    oauthAccessTokenTtlSeconds: 3600,
    oauthRefreshTokenTtlSeconds: 14 * 86_400,
    oauthIssuer: null,
    oauthTokenRateLimit: 60,
    oauthAssertionMaxLifetimeSeconds: 3600,
  });
  t.is(
    loadConfig({ GATEWAY_OAUTH_ASSERTION_MAX_LIFETIME: '300' }).oauthAssertionMaxLifetimeSeconds,
    300,
  );
  t.throws(() => loadConfig({ GATEWAY_OAUTH_ASSERTION_MAX_LIFETIME: '10' }), {
    message: /GATEWAY_OAUTH_ASSERTION_MAX_LIFETIME/,
  });
  t.is(
    loadConfig({ GATEWAY_OAUTH_ISSUER: 'https://crm.example.com/' }).oauthIssuer,
    'https://crm.example.com',
  );
  t.is(
    loadConfig({ GATEWAY_OAUTH_ISSUER: 'http://127.0.0.1:8080' }).oauthIssuer,
    'http://127.0.0.1:8080',
    'http on loopback, for tests',
  );
  for (const bad of [
    'http://crm.example.com',
    'https://crm.example.com/?x=1',
    'https://crm.example.com/#f',
    'crm',
  ]) {
    t.throws(
      () => loadConfig({ GATEWAY_OAUTH_ISSUER: bad }),
      { message: /^GATEWAY_OAUTH_ISSUER: / },
      bad,
    );
  }
  t.throws(() => loadConfig({ GATEWAY_OAUTH_ACCESS_TOKEN_TTL: '10' }), {
    message: /GATEWAY_OAUTH_ACCESS_TOKEN_TTL/,
  });
  t.throws(() => loadConfig({ GATEWAY_OAUTH_TOKEN_RATE_LIMIT: '0' }), {
    message: /GATEWAY_OAUTH_TOKEN_RATE_LIMIT/,
  });
  t.is(
    endpointsFor({ ...optionsOf(c), issuer: 'https://crm.example.com' }, 'http://10.0.0.5:8080')
      .token,
    'https://crm.example.com/oauth2/token',
  );
});

function optionsOf(c: ReturnType<typeof loadConfig>): Parameters<typeof endpointsFor>[0] {
  return {
    accessTokenTtlSeconds: c.oauthAccessTokenTtlSeconds,
    refreshTokenTtlSeconds: c.oauthRefreshTokenTtlSeconds,
    codeTtlSeconds: 300,
    consentTtlSeconds: 600,
    issuer: c.oauthIssuer,
    tokenRateLimit: c.oauthTokenRateLimit,
    assertionMaxLifetimeSeconds: c.oauthAssertionMaxLifetimeSeconds,
  };
}

test('the configured issuer is what the metadata document says, whatever host the request used', async (t) => {
  t.timeout(20_000);
  const gw = await oauthGateway({
    GATEWAY_OAUTH_ISSUER: 'https://crm.example.com',
    GATEWAY_OAUTH_ACCESS_TOKEN_TTL: '600',
  });
  t.teardown(() => gw.dispose());
  const md = (await (
    await fetch(`${gw.url}/.well-known/oauth-authorization-server`)
  ).json()) as Record<string, string>;
  t.like(md, {
    issuer: 'https://crm.example.com',
    token_endpoint: 'https://crm.example.com/oauth2/token',
  });
  const app = await createApp(gw, { type: 'service', userId: await createUser(gw, 'bob') });
  const res = await postForm(
    `${gw.url}/oauth2/token`,
    { grant_type: 'client_credentials' },
    { Authorization: basicAuth(app.client.id, secretOf(app.credentials)) },
  );
  t.true(
    Number(res.body.expires_in) > 590 && Number(res.body.expires_in) <= 600,
    'GATEWAY_OAUTH_ACCESS_TOKEN_TTL',
  );
});
