// Bad client authentication at the token endpoint (RFC 6749 §2.3, §5.2; RFC 7523 §3): wrong or
// missing secrets, two methods at once, client assertions with a bad signature, a wrong
// audience, expired (lifetimes: assertion-lifetime.test.ts), a replayed jti, alg none or HS256, the wrong assertion
// type — each answered with the RFC error and no token issued.
import anyTest, { type TestFn } from 'ava';
import { generateKeyPair, importPKCS8, SignJWT, UnsecuredJWT, type CryptoKey } from 'jose';
import type { CreatedApp } from '../../../gateway/oauth/registration.js';
import { JWT_BEARER } from '../../../gateway/oauth/client-assertion.js';
import type { TestGateway } from '../../helpers/gateway.js';
import {
  basicAuth,
  createApp,
  createUser,
  oauthGateway,
  postForm,
  secretOf,
} from '../../helpers/oauth-fixture.js';

interface Ctx {
  gw: TestGateway;
  svc: CreatedApp;
  keyed: CreatedApp;
  key: CryptoKey;
  kid: string;
}

const test = anyTest as TestFn<Ctx>;

test.before(async (t) => {
  const gw = await oauthGateway();
  const bobId = await createUser(gw, 'bob');
  const keyed = await createApp(gw, {
    type: 'service',
    userId: bobId,
    name: 'Shop',
    secretType: 'jwt',
  });
  if (keyed.credentials.kind !== 'jwt') throw new Error('expected a key');
  t.context = {
    gw,
    keyed,
    svc: await createApp(gw, { type: 'service', userId: bobId, name: 'ERP' }),
    key: await importPKCS8(keyed.credentials.privateKeyPem, 'ES256'),
    kid: keyed.credentials.kid,
  };
});

test.after.always(async (t) => t.context.gw?.dispose());

const tokenUrl = (gw: TestGateway): string => `${gw.url}/oauth2/token`;

async function tokenCount(gw: TestGateway): Promise<number> {
  return Number(
    (await gw.store.db.knex('oauth_access_tokens').count<{ n: number }[]>({ n: '*' }))[0]?.n ?? 0,
  );
}

interface AssertionOptions {
  readonly aud?: string;
  readonly exp?: number;
  readonly iat?: number;
  readonly jti?: string;
  readonly key?: CryptoKey | Uint8Array;
  readonly alg?: string;
  readonly kid?: string;
}

async function assertion(t: { context: Ctx }, o: AssertionOptions = {}): Promise<string> {
  const { gw, keyed } = t.context;
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ jti: o.jti ?? crypto.randomUUID() })
    .setProtectedHeader({ alg: o.alg ?? 'ES256', kid: o.kid ?? t.context.kid })
    .setIssuer(keyed.client.id)
    .setSubject(keyed.client.id)
    .setAudience(o.aud ?? gw.url)
    .setIssuedAt(o.iat ?? now)
    .setExpirationTime(o.exp ?? now + 60)
    .sign(o.key ?? t.context.key);
}

function jwtGrant(
  t: { context: Ctx },
  jwt: string,
  type = JWT_BEARER,
): Promise<{ status: number; body: Record<string, unknown>; headers: Headers }> {
  return postForm(tokenUrl(t.context.gw), {
    grant_type: 'client_credentials',
    client_id: t.context.keyed.client.id,
    client_assertion_type: type,
    client_assertion: jwt,
  });
}

test.serial('a good assertion works once; replaying its jti is refused', async (t) => {
  t.timeout(20_000);
  const jwt = await assertion(t);
  const ok = await jwtGrant(t, jwt);
  t.is(ok.status, 200, JSON.stringify(ok.body));
  t.truthy(ok.body.access_token);
  const replay = await jwtGrant(t, jwt);
  t.is(
    replay.status,
    400,
    'invalid_client without an Authorization header: 400, no challenge (RFC 6749 §5.2)',
  );
  t.deepEqual(replay.body, {
    error: 'invalid_client',
    error_description:
      'Client authentication failed: the client assertion was already used (replayed "jti")',
  });
  t.is(replay.headers.get('cache-control'), 'no-store');
  t.is(replay.headers.get('www-authenticate'), null);
});

test.serial(
  'bad assertions: signature, audience, expiry, lifetime, algorithm, type, kid → invalid_client and no token',
  async (t) => {
    t.timeout(30_000);
    const { gw } = t.context;
    const before = await tokenCount(gw);
    const now = Math.floor(Date.now() / 1000);
    const stranger = (await generateKeyPair('ES256')).privateKey;
    const cases: Array<[string, Promise<string>, RegExp]> = [
      ['bad signature', assertion(t, { key: stranger }), /signature does not match/],
      ['wrong audience', assertion(t, { aud: 'https://evil.example' }), /"aud" claim/],
      [
        'audience of another endpoint',
        assertion(t, { aud: `${gw.url}/oauth2/introspect` }),
        /"aud" claim/,
      ],
      ['expired', assertion(t, { iat: now - 600, exp: now - 300 }), /expired/],
      [
        'HS256 with a guessed secret',
        assertion(t, { alg: 'HS256', key: new TextEncoder().encode('x'.repeat(32)) }),
        /signature does not match/,
      ],
      ['unknown kid', assertion(t, { kid: 'nope' }), /signature does not match/],
      [
        'alg none',
        Promise.resolve(
          new UnsecuredJWT({ jti: 'n1' })
            .setIssuer(t.context.keyed.client.id)
            .setSubject(t.context.keyed.client.id)
            .setAudience(gw.url)
            .setExpirationTime('1m')
            .encode(),
        ),
        /signature does not match/,
      ],
      ['not a JWT', Promise.resolve('not-a-jwt'), /not a JWT/],
    ];
    for (const [name, jwt, why] of cases) {
      const res = await jwtGrant(t, await jwt);
      t.is(res.status, 400, name);
      t.is(res.body.error, 'invalid_client', name);
      t.regex(String(res.body.error_description), why, name);
      t.deepEqual(Object.keys(res.body).sort(), ['error', 'error_description'], name);
    }
    const wrongType = await jwtGrant(
      t,
      await assertion(t),
      'urn:ietf:params:oauth:client-assertion-type:saml2-bearer',
    );
    t.is(wrongType.body.error, 'invalid_client');
    t.is(await tokenCount(gw), before);
  },
);

test.serial(
  'secrets: wrong, unknown client, wrong method for the app, two methods at once',
  async (t) => {
    t.timeout(20_000);
    const { gw, svc, keyed } = t.context;
    const before = await tokenCount(gw);
    const grant = { grant_type: 'client_credentials' };
    const wrong = await postForm(tokenUrl(gw), grant, {
      Authorization: basicAuth(svc.client.id, 'gwcs_wrong'),
    });
    t.is(wrong.status, 401);
    t.deepEqual(wrong.body, {
      error: 'invalid_client',
      error_description: 'Client authentication failed',
    });
    t.regex(
      wrong.headers.get('www-authenticate') ?? '',
      /^Basic realm=/,
      'after an Authorization header: 401 and a challenge',
    );
    t.is(
      (await postForm(tokenUrl(gw), grant, { Authorization: basicAuth('app_unknown', 'x') }))
        .status,
      401,
    );
    t.is(
      (await postForm(tokenUrl(gw), { ...grant, client_id: svc.client.id })).body.error,
      'invalid_client',
      'a secret app must authenticate',
    );
    t.is(
      (
        await postForm(tokenUrl(gw), grant, {
          Authorization: basicAuth(keyed.client.id, 'anything'),
        })
      ).body.error,
      'invalid_client',
      'a key app may not use a secret',
    );
    const asKey = await postForm(tokenUrl(gw), {
      ...grant,
      client_id: svc.client.id,
      client_assertion_type: JWT_BEARER,
      client_assertion: await assertion(t),
    });
    t.is(asKey.body.error, 'invalid_client', 'a secret app may not use an assertion');
    const both = await postForm(
      tokenUrl(gw),
      { ...grant, client_secret: secretOf(svc.credentials) },
      { Authorization: basicAuth(svc.client.id, secretOf(svc.credentials)) },
    );
    t.is(both.status, 400);
    t.is(both.body.error, 'invalid_request');
    t.is(await tokenCount(gw), before);
  },
);

test.serial(
  'grant types and request format: password, implicit-style, missing, wrong for the app, JSON, repeated, GET',
  async (t) => {
    t.timeout(20_000);
    const { gw, svc } = t.context;
    const auth = { Authorization: basicAuth(svc.client.id, secretOf(svc.credentials)) };
    t.like(
      (
        await postForm(
          tokenUrl(gw),
          { grant_type: 'password', username: 'bob', password: 'bob-password-1' },
          auth,
        )
      ).body,
      { error: 'unsupported_grant_type' },
    );
    t.like((await postForm(tokenUrl(gw), { grant_type: 'implicit' }, auth)).body, {
      error: 'unsupported_grant_type',
    });
    t.like((await postForm(tokenUrl(gw), {}, auth)).body, { error: 'invalid_request' });
    t.like(
      (
        await postForm(
          tokenUrl(gw),
          { grant_type: 'authorization_code', code: 'x', redirect_uri: 'https://a.example/cb' },
          auth,
        )
      ).body,
      { error: 'unauthorized_client' },
    );
    const json = await fetch(tokenUrl(gw), {
      method: 'POST',
      headers: { ...auth, 'Content-Type': 'application/json' },
      body: JSON.stringify({ grant_type: 'client_credentials' }),
    });
    t.is(json.status, 400);
    t.like(await json.json(), { error: 'invalid_request' });
    const repeated = await fetch(tokenUrl(gw), {
      method: 'POST',
      headers: { ...auth, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials&scope=read&scope=write',
    });
    t.like(await repeated.json(), {
      error: 'invalid_request',
      error_description: 'Parameter scope is repeated (RFC 6749 §3.2)',
    });
    t.is((await fetch(tokenUrl(gw))).status, 405);
  },
);
