// `npm run -s gateway -- oauth-app create|list|revoke-tokens` while the gateway runs on the same
// data directory: the printed credentials work with openid-client at once.
import test from 'ava';
import { importPKCS8 } from 'jose';
import * as client from 'openid-client';
import { cli } from '../../helpers/process.js';
import { createUser, discover, oauthGateway, vtewsQuery } from '../../helpers/oauth-fixture.js';

interface Created {
  clientId: string;
  clientSecret?: string;
  privateKeyPem?: string;
  privateKeyJwk?: { kid: string; d: string };
  kid?: string;
  alg?: string;
  redirectUris: string[];
}

test('oauth-app create (secret and jwt), list and revoke-tokens against a running gateway', async (t) => {
  t.timeout(120_000);
  const gw = await oauthGateway();
  t.teardown(() => gw.dispose());
  await createUser(gw, 'bob');
  const env = { GATEWAY_DATA_DIR: gw.dataDir };
  const secretApp = await cli(
    [
      'oauth-app',
      'create',
      '--name',
      'ERP',
      '--type',
      'service',
      '--user',
      'bob',
      '--scope',
      'read-write',
    ],
    env,
  );
  t.is(secretApp.code, 0, secretApp.stderr);
  const erp = secretApp.json as Created;
  t.regex(erp.clientSecret ?? '', /^gwcs_/);
  const erpConfig = await discover(
    gw,
    erp.clientId,
    client.ClientSecretBasic(erp.clientSecret ?? ''),
  );
  const token = (await client.clientCredentialsGrant(erpConfig)).access_token;
  t.is((await vtewsQuery(gw, token)).status, 200);

  const keyApp = await cli(
    [
      'oauth-app',
      'create',
      '--name',
      'Shop',
      '--type',
      'service',
      '--user',
      'bob',
      '--scope',
      'read',
      '--secret-type',
      'jwt',
    ],
    env,
  );
  const shop = keyApp.json as Created;
  t.like(shop, { alg: 'ES256' });
  t.is(shop.privateKeyJwk?.kid, shop.kid);
  const key = await importPKCS8(shop.privateKeyPem ?? '', 'ES256');
  t.is(
    (
      await client.clientCredentialsGrant(
        await discover(gw, shop.clientId, client.PrivateKeyJwt({ key, kid: shop.kid ?? '' })),
      )
    ).scope,
    'read',
  );

  const web = await cli(
    [
      'oauth-app',
      'create',
      '--name',
      'Portal',
      '--type',
      'web',
      '--user',
      'bob',
      '--scope',
      'read',
      '--redirect-uri',
      'https://a.example/cb',
      '--redirect-uri',
      'http://127.0.0.1:8000/cb',
      '--offline',
    ],
    env,
  );
  t.deepEqual((web.json as Created).redirectUris, [
    'https://a.example/cb',
    'http://127.0.0.1:8000/cb',
  ]);

  const list = (await cli(['oauth-app', 'list'], env)).json as Array<{
    clientId: string;
    name: string;
    tokens: { activeAccessTokens: number };
  }>;
  t.deepEqual(
    list.map((a) => a.name),
    ['ERP', 'Portal', 'Shop'],
  );
  t.is(list.find((a) => a.clientId === erp.clientId)?.tokens.activeAccessTokens, 1);
  t.false(JSON.stringify(list).includes(erp.clientSecret ?? '-'), 'list never shows a secret');

  const revoked = await cli(['oauth-app', 'revoke-tokens', '--client-id', erp.clientId], env);
  t.deepEqual(revoked.json, { clientId: erp.clientId, revokedAccessTokens: 1 });
  t.is((await vtewsQuery(gw, token)).status, 401);

  t.is(
    (
      await cli(
        [
          'oauth-app',
          'create',
          '--name',
          'X',
          '--type',
          'robot',
          '--user',
          'bob',
          '--scope',
          'read',
        ],
        env,
      )
    ).code,
    2,
  );
  const badUri = await cli(
    [
      'oauth-app',
      'create',
      '--name',
      'X',
      '--type',
      'web',
      '--user',
      'bob',
      '--scope',
      'read',
      '--redirect-uri',
      'http://evil.example/cb',
    ],
    env,
  );
  t.like(badUri, { code: 1, json: { error: 'invalid_input' } });
  t.like(await cli(['oauth-app', 'revoke-tokens', '--client-id', 'app_nope'], env), {
    code: 1,
    json: { error: 'not_found' },
  });
});
