// One verifier of Bearer access tokens (gateway/auth/access-token-verifier.ts) behind the vtenext
// REST API and CalDAV: both accept a live token and refuse the same expired, revoked, unknown,
// inactive-user and no-longer-allowed ones; the webservice edges built without the composition
// root get the same full check, not a weaker one. Bearer failures are not password guesses and
// leave the lockout alone.
import anyTest, { type TestFn } from 'ava';
import { OAuthTokenVerifier } from '../../../gateway/auth/access-token-verifier.js';
import { Authenticator } from '../../../gateway/auth/authenticator.js';
import { loadConfig } from '../../../gateway/config.js';
import { createRestDeps } from '../../../gateway/rest/deps.js';
import { LoginAddresses } from '../../../store/login-addresses.js';
import { LoginThrottle } from '../../../store/login-throttle.js';
import { OAuthTokenRepository } from '../../../store/oauth/tokens.js';
import { startTestGateway, type TestGateway } from '../../helpers/gateway.js';
import { sqliteStore } from '../../helpers/store.js';

const test = anyTest as TestFn<{ gw: TestGateway }>;

const HOUR = 3_600_000;

test.before(async (t) => {
  const gw = await startTestGateway({ GATEWAY_LOGIN_MAX_FAILURES: '2' });
  t.context.gw = gw;
  const hank = await gw.store.users.create({ userName: 'hank', password: 'hank-password-1' });
  const ivy = await gw.store.users.create({ userName: 'ivy', password: 'ivy-password-1' });
  const tokens = new OAuthTokenRepository(gw.store.db.knex);
  const live = new Date(Date.now() + HOUR);
  await tokens.insertAccess({
    token: 'live-token',
    userId: hank.id,
    scope: 'read write',
    expiresAt: live,
  });
  await tokens.insertAccess({
    token: 'expired-token',
    userId: hank.id,
    scope: 'read write',
    expiresAt: new Date(Date.now() - 1000),
  });
  await tokens.insertAccess({
    token: 'revoked-token',
    userId: hank.id,
    scope: 'read write',
    expiresAt: live,
  });
  await tokens.revokeAccess('revoked-token');
  await tokens.insertAccess({
    token: 'inactive-token',
    userId: ivy.id,
    scope: 'read write',
    expiresAt: live,
  });
  await gw.store.users.update(ivy.id, { status: 'Inactive' });
  // Issued to an application the authorization server does not know (or no longer runs): only
  // the server's own check refuses it; a user-and-expiry check would let it through.
  await tokens.save({
    accessToken: 'orphan-app-token',
    accessTokenExpiresAt: live,
    refreshToken: null,
    refreshTokenExpiresAt: null,
    clientId: 'gone-app',
    userId: hank.id,
    scope: 'read write',
    familyId: 'family-1',
  });
});

test.after.always(async (t) => t.context.gw?.dispose());

async function rest(gw: TestGateway, token: string): Promise<number> {
  const res = await fetch(`${gw.url}/restapi/v1/vtews/listtypes`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
  });
  await res.arrayBuffer();
  return res.status;
}

async function dav(gw: TestGateway, token: string): Promise<number> {
  const res = await fetch(`${gw.url}/dav/calendars/hank/`, {
    method: 'PROPFIND',
    headers: { authorization: `Bearer ${token}`, depth: '0' },
  });
  await res.arrayBuffer();
  return res.status;
}

test('the REST API and CalDAV accept a live token', async (t) => {
  t.is(await rest(t.context.gw, 'live-token'), 200);
  t.is(await dav(t.context.gw, 'live-token'), 207);
});

for (const token of [
  'expired-token',
  'revoked-token',
  'inactive-token',
  'orphan-app-token',
  'no-such-token',
]) {
  test(`the REST API and CalDAV both refuse ${token}`, async (t) => {
    t.is(await rest(t.context.gw, token), 401);
    t.is(await dav(t.context.gw, token), 401);
  });
}

test('refused tokens count toward no lockout', async (t) => {
  const { gw } = t.context;
  for (let i = 0; i < 3; i++) await rest(gw, 'no-such-token');
  t.deepEqual(await gw.store.db.knex('login_failures').select('key'), []);
  t.is(await rest(gw, 'live-token'), 200);
});

test('webservice deps built without a verifier get the full one', async (t) => {
  const { store, dispose } = await sqliteStore();
  t.teardown(dispose);
  const config = loadConfig({ GATEWAY_DATA_DIR: '/nonexistent-gateway-data' });
  const throttle = new LoginThrottle(store.db.knex, {
    maxFailures: 5,
    windowMs: HOUR,
    lockMs: HOUR,
  });
  const deps = createRestDeps({
    config,
    store,
    authenticator: new Authenticator(store.users, throttle, null, {
      addresses: new LoginAddresses(store.db.knex),
      addressMaxFailures: 5,
      freeFailures: 5,
      stepMs: 0,
      maxDelayMs: 0,
      trustedMs: 0,
    }),
  });
  t.true(deps.tokens instanceof OAuthTokenVerifier);
  const user = await store.users.create({ userName: 'jo', password: 'jo-password-1' });
  const tokens = new OAuthTokenRepository(store.db.knex);
  const live = new Date(Date.now() + HOUR);
  await tokens.insertAccess({ token: 'jo-token', userId: user.id, scope: 'read', expiresAt: live });
  await tokens.save({
    accessToken: 'jo-app-token',
    accessTokenExpiresAt: live,
    refreshToken: null,
    refreshTokenExpiresAt: null,
    clientId: 'gone-app',
    userId: user.id,
    scope: 'read',
    familyId: 'family-2',
  });
  t.like(await deps.tokens.verify('jo-token'), { user: { id: user.id }, scope: 'read' });
  t.is(await deps.tokens.verify('jo-app-token'), null);
});
