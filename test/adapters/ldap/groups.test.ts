// Group mappings at login, read both ways: the memberOf attribute (memberof overlay) and a
// groupOfNames search with (member={{dn}}).
import test from 'ava';
import type { DirectoryConfigInput } from '../../../adapters/ldap/directory-settings.js';
import { directoryFixture } from '../../helpers/directory-fixture.js';
import type { Slapd } from '../../helpers/slapd.js';

function mappings(s: Slapd): DirectoryConfigInput {
  return {
    groupMappings: [
      { directoryGroup: s.groupDn('sales'), gatewayGroup: 'Sales', admin: false },
      // Written in upper case: DNs compare case-insensitively.
      { directoryGroup: s.groupDn('admins').toUpperCase(), gatewayGroup: null, admin: true },
    ],
  };
}

const modes: [string, (s: Slapd) => DirectoryConfigInput][] = [
  ['memberOf', (s) => ({ ...mappings(s), useMemberOf: true, groupBase: null })],
  ['group search', (s) => ({ ...mappings(s), useMemberOf: false, groupBase: s.groupBase })],
];

for (const [mode, change] of modes) {
  test(`${mode}: mapped groups and admin follow the directory; unmapped memberships stay`, async (t) => {
    t.timeout(30_000);
    const f = await directoryFixture(t, change);
    if (!f) return;
    const { store } = f.ts;
    const bob = await f.service.authenticate('bob', 'bob-secret');
    if (!bob) return t.fail('bob could not log in');
    t.true(bob.isAdmin, 'member of cn=admins');
    const sales = (await store.groups.list()).find((g) => g.name === 'Sales');
    t.truthy(sales, 'the mapped gateway group was created');
    t.deepEqual(sales?.memberIds, [bob.id]);

    const support = await store.groups.create('Support');
    await store.groups.addMember(support.id, bob.id);
    const alice = await f.service.authenticate('alice', 'alice-secret');
    t.false(alice?.isAdmin);
    t.deepEqual((await store.groups.get(sales?.id ?? 0))?.memberIds.length, 2);

    await f.slapd.removeMember('admins', 'bob');
    await f.slapd.removeMember('sales', 'bob');
    const after = await f.service.authenticate('bob', 'bob-secret');
    t.false(after?.isAdmin, 'admin removed when no admin mapping matches');
    t.deepEqual((await store.groups.get(sales?.id ?? 0))?.memberIds, [alice?.id]);
    t.deepEqual(
      (await store.groups.get(support.id))?.memberIds,
      [bob.id],
      'unmapped group untouched',
    );

    await f.slapd.addMember('sales', 'bob');
    await f.service.authenticate('bob', 'bob-secret');
    t.is((await store.groups.get(sales?.id ?? 0))?.memberIds.length, 2, 'added again');
  });
}

test('without an admin mapping the admin flag of directory users is left alone', async (t) => {
  t.timeout(30_000);
  const f = await directoryFixture(t, (s) => ({
    groupMappings: [{ directoryGroup: s.groupDn('sales'), gatewayGroup: 'Sales', admin: false }],
  }));
  if (!f) return;
  const carol = await f.service.authenticate('carol', 'carol-secret');
  if (!carol) return t.fail('carol could not log in');
  await f.ts.store.users.update(carol.id, { isAdmin: true });
  t.true((await f.service.authenticate('carol', 'carol-secret'))?.isAdmin);
});
