// The authorization server's repositories on SQLite and PostgreSQL: codes burn once
// even when redeemed concurrently, refresh rotation detects reuse and revokes the family,
// revocation stays within the client, jti values are single-use, and rate counters add up.
import type { ExecutionContext } from 'ava';
import { sha256 } from '../../store/oauth/clients.js';
import { createOAuthStore, type OAuthStore } from '../../store/oauth/oauth-store.js';
import { storeTest } from '../helpers/databases.js';
import type { TestStore } from '../helpers/store.js';

async function setUp(ts: TestStore): Promise<{ oauth: OAuthStore; userId: number }> {
  const oauth = createOAuthStore(ts.store.db.knex);
  const userId = ts.admin.userId;
  for (const id of ['app_a', 'app_b']) {
    await oauth.clients.create({
      id,
      name: id,
      description: null,
      iconUrl: null,
      type: 'web',
      authMethod: 'client_secret',
      secretHash: sha256(`${id}-secret`),
      scope: 'read write',
      redirectUris: ['https://a.example/cb'],
      offlineAccess: true,
      userId,
      restricted: true,
      allowedUserIds: [userId],
      allowedGroupIds: [],
    });
  }
  return { oauth, userId };
}

const hour = (): Date => new Date(Date.now() + 3_600_000);

function issue(
  oauth: OAuthStore,
  userId: number,
  n: number,
  familyId: string,
  clientId = 'app_a',
): Promise<void> {
  return oauth.tokens.save({
    accessToken: `at${n}`,
    accessTokenExpiresAt: hour(),
    refreshToken: `rt${n}`,
    refreshTokenExpiresAt: hour(),
    clientId,
    userId,
    scope: 'read',
    familyId,
  });
}

storeTest('clients, secrets, principals and keys', async (t: ExecutionContext, ts) => {
  const { oauth, userId } = await setUp(ts);
  t.like(await oauth.clients.get('app_a'), {
    restricted: true,
    allowedUserIds: [userId],
    redirectUris: ['https://a.example/cb'],
    active: true,
    offlineAccess: true,
  });
  t.true(await oauth.clients.secretMatches('app_a', 'app_a-secret'));
  t.false(await oauth.clients.secretMatches('app_a', 'app_b-secret'));
  t.false(await oauth.clients.secretMatches('app_nope', 'x'));
  for (const kid of ['k1', 'k2', 'k3'])
    await oauth.clients.addKey(
      { kid, clientId: 'app_a', alg: 'ES256', publicJwk: { kty: 'EC', kid } },
      2,
    );
  t.is((await oauth.clients.keys('app_a')).length, 2, 'rotation keeps two keys');
  await oauth.clients.setActive('app_a', false);
  t.deepEqual(
    (await oauth.clients.list()).map((c) => [c.id, c.active]),
    [
      ['app_a', false],
      ['app_b', true],
    ],
  );
});

storeTest('a code burns once, even when two redemptions race', async (t, ts) => {
  const { oauth, userId } = await setUp(ts);
  await oauth.codes.saveCode({
    code: 'c1',
    clientId: 'app_a',
    userId,
    redirectUri: 'https://a.example/cb',
    scope: 'read',
    codeChallenge: 'x',
    codeChallengeMethod: 'S256',
    familyId: 'f1',
    expiresAt: hour(),
  });
  const results = await Promise.all([
    oauth.codes.burnCode('c1'),
    oauth.codes.burnCode('c1'),
    oauth.codes.burnCode('c1'),
  ]);
  t.deepEqual(results.filter(Boolean).length, 1);
  t.like(await oauth.codes.findCode('c1'), { used: true, familyId: 'f1' });
});

storeTest(
  'refresh rotation: reuse revokes the family; revocation stays within the client',
  async (t, ts) => {
    const { oauth, userId } = await setUp(ts);
    await issue(oauth, userId, 1, 'fam');
    t.is(await oauth.tokens.rotate('rt1'), 'rotated');
    await issue(oauth, userId, 2, 'fam');
    t.is(await oauth.tokens.rotate('rt1'), 'reused');
    t.like(await oauth.tokens.findRefresh('rt2'), { revoked: true });
    t.like(await oauth.tokens.findAccess('at2'), { revoked: true });
    t.is(await oauth.tokens.rotate('nope'), 'unknown');
    await issue(oauth, userId, 3, 'other', 'app_b');
    await oauth.tokens.revokeIssuedTo('at3', 'app_a');
    t.like(
      await oauth.tokens.findAccess('at3'),
      { revoked: false },
      "another client's token is left alone",
    );
    await oauth.tokens.revokeIssuedTo('rt3', 'app_b');
    t.like(
      await oauth.tokens.findAccess('at3'),
      { revoked: true },
      'a refresh token takes its access tokens along',
    );
    await issue(oauth, userId, 4, 'f4', 'app_b');
    t.is(await oauth.tokens.revokeClient('app_b', userId), 1);
  },
);

storeTest('jti values are single-use and rate counters add up in their window', async (t, ts) => {
  const { oauth } = await setUp(ts);
  t.true(await oauth.guards.firstUseOfJti('app_a', 'j1', hour()));
  t.false(await oauth.guards.firstUseOfJti('app_a', 'j1', hour()));
  t.true(await oauth.guards.firstUseOfJti('app_b', 'j1', hour()), 'per client');
  const counts = await Promise.all([1, 2, 3, 4].map(() => oauth.guards.hit('k', 60_000)));
  t.is(Math.max(...counts), 4);
  t.is(
    await oauth.guards.hit('k', 60_000, new Date(Date.now() + 120_000)),
    1,
    'a new window starts over',
  );
});

storeTest('seen jti values are purged once their assertion expired, not before', async (t, ts) => {
  const { oauth } = await setUp(ts);
  const knex = ts.store.db.knex;
  await oauth.guards.firstUseOfJti('app_a', 'old', new Date(Date.now() - 1000));
  await oauth.guards.firstUseOfJti('app_a', 'live', hour());
  await oauth.guards.purgeExpired(60_000);
  const left = await knex('oauth_assertion_jtis').where({ client_id: 'app_a' }).pluck('jti');
  t.deepEqual(left, ['live']);
  t.false(await oauth.guards.firstUseOfJti('app_a', 'live', hour()), 'a live one still counts');
});
