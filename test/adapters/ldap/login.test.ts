// Search-then-bind login (RFC 4513 §5.1.3) against a real slapd: StartTLS and LDAPS with the
// certificate pinned, wrong and empty passwords, unknown users, filter injection, first-login
// creation and refresh on later logins.
import test from 'ava';
import { DirectoryService } from '../../../adapters/ldap/directory-service.js';
import { directoryFixture } from '../../helpers/directory-fixture.js';
import { sqliteStore } from '../../helpers/store.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

test('StartTLS with the pinned CA: the first login creates the gateway user, the next refreshes a changed mail', async (t) => {
  t.timeout(30_000);
  const f = await directoryFixture(t);
  if (!f) return;
  const user = await f.service.authenticate('alice', 'alice-secret');
  t.truthy(user);
  t.like(user, {
    userName: 'alice',
    firstName: 'Alice',
    lastName: 'Archer',
    email: 'alice@example.org',
    authSource: 'ldap',
    isAdmin: false,
    status: 'Active',
  });
  t.is(user?.directoryDn, f.slapd.userDn('alice'));
  t.regex(user?.directoryId ?? '', UUID, 'entryUUID is the stable id');
  t.is(
    await f.ts.store.users.verifyPassword('alice', 'alice-secret'),
    null,
    'no usable local password',
  );

  await f.slapd.setAttribute('alice', 'mail', 'alice.archer@example.org');
  const again = await f.service.authenticate('ALICE', 'alice-secret');
  t.is(again?.id, user?.id, 'the same gateway user, found by entryUUID');
  t.is(again?.email, 'alice.archer@example.org');
  t.is(again?.userName, 'alice', 'the directory spelling of the login, not the typed one');
  t.is((await f.ts.store.users.list()).length, 2, 'admin + alice');
});

test('LDAPS with the pinned CA logs in', async (t) => {
  t.timeout(30_000);
  const f = await directoryFixture(t, (s) => ({ url: s.ldapsUrl, startTls: false }));
  if (!f) return;
  t.like(await f.service.authenticate('bob', 'bob-secret'), { userName: 'bob', lastName: 'Baker' });
});

test('wrong password, unknown user and empty password give null; nothing is created', async (t) => {
  t.timeout(30_000);
  const f = await directoryFixture(t);
  if (!f) return;
  t.is(await f.service.authenticate('alice', 'wrong-secret'), null);
  t.is(await f.service.authenticate('nobody', 'alice-secret'), null);
  t.is(await f.service.authenticate('alice', ''), null);
  t.deepEqual(f.refusals, [
    'wrong password',
    'no such user in the directory',
    'empty password (an unauthenticated bind, RFC 4513 §5.1.2, is never attempted)',
  ]);
  t.is((await f.ts.store.users.list()).length, 1, 'only the local admin');
});

test('an empty password is refused before any connection is made', async (t) => {
  t.timeout(10_000);
  const ts = await sqliteStore();
  t.teardown(() => ts.dispose());
  const service = new DirectoryService(ts.store);
  // Port 9 on loopback: nothing listens, so any connection attempt would throw 'unavailable'.
  await service.configure(
    {
      enabled: true,
      url: 'ldap://127.0.0.1:9',
      userBase: 'dc=example,dc=org',
      bindDn: 'cn=x',
      bindPassword: 'y',
    },
    'openldap',
  );
  t.is(await service.authenticate('alice', ''), null);
  await t.throwsAsync(service.authenticate('alice', 'x'), { message: /connection refused/ });
});

test('filter injection in the user name never logs in and never matches another user', async (t) => {
  t.timeout(60_000);
  const f = await directoryFixture(t);
  if (!f) return;
  const attempts = [
    '*',
    '*)(uid=*',
    'admin)(|(uid=*',
    'alice)(uid=*',
    'bob)(uid=alice',
    '*)(|(objectClass=*',
    'al*',
    '*ice',
    'alice*',
    '\\',
    '\\2a',
    'alice\\',
    'ali\u0000ce',
    'alice\u0000',
    '(uid=alice)',
    ')',
    '(',
    'a'.repeat(200),
    'a'.repeat(10_000),
  ];
  for (const login of attempts) {
    for (const password of ['alice-secret', 'bob-secret', 'carol-secret', 'adminpw']) {
      t.is(await f.service.authenticate(login, password), null, JSON.stringify(login.slice(0, 40)));
    }
  }
  t.is((await f.ts.store.users.list()).length, 1, 'no directory user was created');
  // "wrong password" or "more than one entry" would mean the filter matched somebody.
  t.deepEqual(
    [...new Set(f.refusals.filter((r) => !/user name (longer|contains)/.test(r)))],
    ['no such user in the directory'],
  );
  t.truthy(await f.service.authenticate('alice', 'alice-secret'), 'the real login still works');
});

test('a deactivated gateway user is refused although the directory accepts the password', async (t) => {
  t.timeout(30_000);
  const f = await directoryFixture(t);
  if (!f) return;
  const carol = await f.service.authenticate('carol', 'carol-secret');
  if (!carol) return t.fail('carol could not log in');
  await f.ts.store.users.update(carol.id, { status: 'Inactive' });
  t.is(await f.service.authenticate('carol', 'carol-secret'), null);
  t.regex(f.refusals.at(-1) ?? '', /deactivated/);
});

test('a directory login never takes over a local account of the same name', async (t) => {
  t.timeout(30_000);
  const f = await directoryFixture(t);
  if (!f) return;
  await f.ts.store.users.create({ userName: 'bob', password: 'local-bob-password' });
  t.is(await f.service.authenticate('bob', 'bob-secret'), null);
  t.regex(f.refusals.at(-1) ?? '', /local user named bob/);
  t.like(await f.ts.store.users.findByUserName('bob'), { authSource: 'local', directoryDn: null });
});

test('a new directory user added after start can log in', async (t) => {
  t.timeout(30_000);
  const f = await directoryFixture(t);
  if (!f) return;
  await f.slapd.addUser({ uid: 'dave', password: 'dave-secret', sn: 'Diver' });
  t.like(await f.service.authenticate('dave', 'dave-secret'), {
    userName: 'dave',
    lastName: 'Diver',
    firstName: null,
    email: null,
  });
});
