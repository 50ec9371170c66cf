// How long a private_key_jwt client assertion may live (RFC 7523 §3, gateway/oauth/README.md
// §1.3): client libraries sign assertions that expire one hour after issue, so 5, 59 and 60
// minutes are accepted and 61 refused (GATEWAY_OAUTH_ASSERTION_MAX_LIFETIME, default 3600);
// an `iat` beyond the 60 s clock skew, a missing `exp`, an expired assertion and a replayed
// `jti` are refused, and a seen `jti` is remembered until its assertion expires.
import anyTest, { type TestFn } from 'ava';
import { importPKCS8, SignJWT, type CryptoKey } from 'jose';
import { JWT_BEARER } from '../../../gateway/oauth/client-assertion.js';
import type { CreatedApp } from '../../../gateway/oauth/registration.js';
import { fromStoreTime } from '../../../store/db.js';
import type { TestGateway } from '../../helpers/gateway.js';
import { createApp, createUser, oauthGateway, postForm } from '../../helpers/oauth-fixture.js';

interface Ctx {
  gw: TestGateway;
  app: CreatedApp;
  key: CryptoKey;
  kid: string;
}

const test = anyTest as TestFn<Ctx>;

test.before(async (t) => {
  const gw = await oauthGateway();
  const app = await createApp(gw, {
    type: 'service',
    userId: await createUser(gw, 'shop'),
    name: 'Shop',
    secretType: 'jwt',
  });
  if (app.credentials.kind !== 'jwt') throw new Error('expected a key');
  t.context = {
    gw,
    app,
    key: await importPKCS8(app.credentials.privateKeyPem, 'ES256'),
    kid: app.credentials.kid,
  };
});

test.after.always(async (t) => t.context.gw?.dispose());

const nowSeconds = (): number => Math.floor(Date.now() / 1000);

function sign(
  t: { context: Ctx },
  claims: { iat?: number; exp?: number; jti?: string },
): Promise<string> {
  const { gw, app } = t.context;
  const jwt = new SignJWT({ jti: claims.jti ?? crypto.randomUUID() })
    .setProtectedHeader({ alg: 'ES256', kid: t.context.kid })
    .setIssuer(app.client.id)
    .setSubject(app.client.id)
    .setAudience(gw.url);
  if (claims.iat !== undefined) jwt.setIssuedAt(claims.iat);
  if (claims.exp !== undefined) jwt.setExpirationTime(claims.exp);
  return jwt.sign(t.context.key);
}

async function grant(
  t: { context: Ctx },
  assertion: string,
): Promise<{ status: number; body: Record<string, unknown> }> {
  return postForm(`${t.context.gw.url}/oauth2/token`, {
    grant_type: 'client_credentials',
    client_id: t.context.app.client.id,
    client_assertion_type: JWT_BEARER,
    client_assertion: assertion,
  });
}

test.serial('assertions living 5, 59 and 60 minutes are accepted', async (t) => {
  t.timeout(20_000);
  const now = nowSeconds();
  for (const minutes of [5, 59, 60]) {
    const res = await grant(t, await sign(t, { iat: now, exp: now + minutes * 60 }));
    t.is(res.status, 200, `${minutes} min: ${JSON.stringify(res.body)}`);
    t.truthy(res.body.access_token, `${minutes} min`);
  }
});

test.serial('refused: 61 minutes, expired, iat in the future, no exp', async (t) => {
  t.timeout(20_000);
  const now = nowSeconds();
  const cases: Array<[string, { iat?: number; exp?: number }, RegExp]> = [
    ['61 minutes', { iat: now, exp: now + 61 * 60 }, /may live at most 3600 seconds/],
    ['61 minutes without iat', { exp: now + 61 * 60 + 60 }, /may live at most 3600 seconds/],
    ['expired beyond the skew', { iat: now - 600, exp: now - 90 }, /has expired/],
    ['iat 2 minutes ahead', { iat: now + 120, exp: now + 600 }, /"iat" claim/],
    ['no exp', { iat: now }, /"exp" claim/],
  ];
  for (const [name, claims, why] of cases) {
    const res = await grant(t, await sign(t, claims));
    t.is(res.status, 400, name);
    t.is(res.body.error, 'invalid_client', name);
    t.regex(String(res.body.error_description), why, name);
  }
  const skewed = await grant(t, await sign(t, { iat: now + 30, exp: now + 30 + 3600 }));
  t.is(skewed.status, 200, 'a client clock 30 s ahead is within the skew');
});

test.serial(
  'a replayed one-hour assertion is refused; its jti is kept until it expires',
  async (t) => {
    t.timeout(20_000);
    const now = nowSeconds();
    const jti = crypto.randomUUID();
    const jwt = await sign(t, { iat: now, exp: now + 3600, jti });
    t.is((await grant(t, jwt)).status, 200);
    const replay = await grant(t, jwt);
    t.is(replay.status, 400);
    t.regex(String(replay.body.error_description), /replayed "jti"/);
    const kept = await t.context.gw.store.db
      .knex('oauth_assertion_jtis')
      .where({ client_id: t.context.app.client.id, jti })
      .first<{ expires_at: string } | undefined>();
    const keptUntil = fromStoreTime(kept?.expires_at ?? '') / 1000;
    t.true(keptUntil >= now + 3600, 'remembered at least until the assertion expires');
    t.true(keptUntil <= now + 3600 + 120, 'and not much longer, so the table stays bounded');
  },
);
