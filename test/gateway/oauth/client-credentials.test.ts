// Service accounts over HTTP with openid-client v6 as a standard client: discovery from the
// RFC 8414 metadata, client_credentials with client_secret_basic, client_secret_post and
// private_key_jwt (aud = issuer as openid-client sends it, and aud = the token endpoint),
// RFC 7662 introspection, RFC 7009 revocation, then the vtenext REST path with the token.
import anyTest, { type TestFn } from 'ava';
import { importPKCS8 } from 'jose';
import * as client from 'openid-client';
import type { CreatedApp } from '../../../gateway/oauth/registration.js';
import type { TestGateway } from '../../helpers/gateway.js';
import {
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
  bobId: number;
  svc: CreatedApp;
  readOnly: CreatedApp;
  keyed: CreatedApp;
}

const test = anyTest as TestFn<Ctx>;

test.before(async (t) => {
  const gw = await oauthGateway();
  const bobId = await createUser(gw, 'bob');
  t.context = {
    gw,
    bobId,
    svc: await createApp(gw, { type: 'service', userId: bobId, name: 'ERP' }),
    readOnly: await createApp(gw, {
      type: 'service',
      userId: bobId,
      name: 'Reports',
      scope: 'read',
    }),
    keyed: await createApp(gw, { type: 'service', userId: bobId, name: 'Shop', secretType: 'jwt' }),
  };
});

test.after.always(async (t) => t.context.gw?.dispose());

async function keyedConfig(t: { context: Ctx }, audience?: string): Promise<client.Configuration> {
  const { keyed, gw } = t.context;
  if (keyed.credentials.kind !== 'jwt') throw new Error('expected a key');
  const key = await importPKCS8(keyed.credentials.privateKeyPem, keyed.credentials.alg);
  const options = audience
    ? {
        [client.modifyAssertion]: (
          _h: Record<string, unknown>,
          payload: Record<string, unknown>,
        ) => {
          payload.aud = audience;
        },
      }
    : undefined;
  return discover(
    gw,
    keyed.client.id,
    client.PrivateKeyJwt({ key, kid: keyed.credentials.kid }, options),
  );
}

test.serial(
  'the metadata document describes the server (RFC 8414) and openid-client discovers it',
  async (t) => {
    t.timeout(20_000);
    const { gw, svc } = t.context;
    const res = await fetch(`${gw.url}/.well-known/oauth-authorization-server`);
    t.is(res.status, 200);
    const md = (await res.json()) as Record<string, unknown>;
    t.like(md, {
      issuer: gw.url,
      token_endpoint: `${gw.url}/oauth2/token`,
      authorization_endpoint: `${gw.url}/oauth2/authorize`,
      revocation_endpoint: `${gw.url}/oauth2/revoke`,
      introspection_endpoint: `${gw.url}/oauth2/introspect`,
      authorization_response_iss_parameter_supported: true,
    });
    t.deepEqual(md.response_types_supported, ['code'], 'no implicit grant (RFC 9700 §2.1.2)');
    t.deepEqual(md.code_challenge_methods_supported, ['S256']);
    t.false(
      (md.grant_types_supported as string[]).includes('password'),
      'no password grant (RFC 9700 §2.4)',
    );
    t.true((md.token_endpoint_auth_methods_supported as string[]).includes('private_key_jwt'));
    const config = await discover(
      gw,
      svc.client.id,
      client.ClientSecretBasic(secretOf(svc.credentials)),
    );
    t.is(config.serverMetadata().token_endpoint, `${gw.url}/oauth2/token`);
  },
);

test.serial(
  'client_credentials with client_secret_basic, then /restapi/v1/vtews as the service user',
  async (t) => {
    t.timeout(20_000);
    const { gw, svc, bobId } = t.context;
    const config = await discover(
      gw,
      svc.client.id,
      client.ClientSecretBasic(secretOf(svc.credentials)),
    );
    const tokens = await client.clientCredentialsGrant(config);
    t.is(tokens.token_type, 'bearer');
    t.is(tokens.scope, 'read write');
    t.true((tokens.expires_in ?? 0) > 3500 && (tokens.expires_in ?? 0) <= 3600);
    t.is(
      tokens.refresh_token,
      undefined,
      'client_credentials never issues a refresh token (RFC 6749 §4.4.3)',
    );
    const made = await vtews(gw, 'create', tokens.access_token, {
      elementType: 'Contacts',
      element: { lastname: 'ByService' },
    });
    t.is(made.status, 200, JSON.stringify(made.body));
    t.is((made.body.data as Record<string, string>).assigned_user_id, `19x${bobId}`);
    const rows = await vtewsQuery(
      gw,
      tokens.access_token,
      "SELECT lastname FROM Contacts WHERE lastname = 'ByService';",
    );
    t.deepEqual(rows.body.data, [
      { lastname: 'ByService', id: (made.body.data as Record<string, string>).id },
    ]);
  },
);

test.serial(
  'client_secret_post; a read-only app reads but may not write; scopes narrow, never widen',
  async (t) => {
    t.timeout(20_000);
    const { gw, readOnly, svc } = t.context;
    const ro = await discover(
      gw,
      readOnly.client.id,
      client.ClientSecretPost(secretOf(readOnly.credentials)),
    );
    const tokens = await client.clientCredentialsGrant(ro);
    t.is(tokens.scope, 'read');
    t.is((await vtewsQuery(gw, tokens.access_token)).status, 200);
    const denied = await vtews(gw, 'create', tokens.access_token, {
      elementType: 'Contacts',
      element: { lastname: 'No' },
    });
    t.is(denied.status, 403);
    t.is(denied.body.error, 'InsufficientScopeException');
    const wider = await t.throwsAsync(client.clientCredentialsGrant(ro, { scope: 'read write' }));
    t.like(wider, { error: 'invalid_scope', status: 400 });
    const full = await discover(
      gw,
      svc.client.id,
      client.ClientSecretPost(secretOf(svc.credentials)),
    );
    t.is((await client.clientCredentialsGrant(full, { scope: 'read' })).scope, 'read');
    t.like(await t.throwsAsync(client.clientCredentialsGrant(full, { scope: 'admin' })), {
      error: 'invalid_scope',
    });
  },
);

test.serial(
  'private_key_jwt with aud = issuer and with aud = token endpoint; introspection and revocation',
  async (t) => {
    t.timeout(30_000);
    const { gw, keyed, bobId } = t.context;
    const byIssuer = await keyedConfig(t);
    const first = await client.clientCredentialsGrant(byIssuer);
    t.is((await vtewsQuery(gw, first.access_token)).status, 200);
    const byEndpoint = await keyedConfig(t, `${gw.url}/oauth2/token`);
    const second = await client.clientCredentialsGrant(byEndpoint);
    t.is((await vtewsQuery(gw, second.access_token)).status, 200);

    const info = await client.tokenIntrospection(byIssuer, second.access_token);
    t.like(info, {
      active: true,
      client_id: keyed.client.id,
      scope: 'read write',
      sub: String(bobId),
      username: 'bob',
      token_type: 'Bearer',
      iss: gw.url,
    });
    t.true(typeof info.exp === 'number' && typeof info.iat === 'number');
    await client.tokenRevocation(byIssuer, second.access_token);
    t.deepEqual(await client.tokenIntrospection(byIssuer, second.access_token), { active: false });
    const refused = await vtewsQuery(gw, second.access_token);
    t.is(refused.status, 401);
    t.is(
      refused.body.message,
      'Authentication failed - reason: invalid, expired or revoked access token',
    );
    t.is(
      (await vtewsQuery(gw, first.access_token)).status,
      200,
      'revoking one token leaves the others',
    );
    // Another client can neither see nor revoke it (RFC 7662 §2.2, RFC 7009 §2.1).
    const other = await discover(
      gw,
      t.context.svc.client.id,
      client.ClientSecretBasic(secretOf(t.context.svc.credentials)),
    );
    t.deepEqual(await client.tokenIntrospection(other, first.access_token), { active: false });
    await client.tokenRevocation(other, first.access_token);
    t.is((await vtewsQuery(gw, first.access_token)).status, 200);
    t.deepEqual(await client.tokenIntrospection(byIssuer, 'gwat_unknown'), { active: false });
  },
);
