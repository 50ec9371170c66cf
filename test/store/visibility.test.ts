import { storeTest } from '../helpers/databases.js';
import type { Actor } from '../../store/types.js';
import type { Store } from '../../store/store.js';

async function actorOf(store: Store, userName: string): Promise<Actor> {
  const user = await store.users.create({ userName, password: 'password-123' });
  return (await store.users.actor(user.id)) as Actor;
}

storeTest(
  'owners, groups and per-module sharing decide who sees and edits what',
  async (t, { store, admin }) => {
    const alice = await actorOf(store, 'alice');
    const bob = await actorOf(store, 'bob');
    const team = await store.groups.create('Team');
    await store.groups.addMember(team.id, bob.userId);
    const bobInTeam = (await store.users.actor(bob.userId)) as Actor;
    t.deepEqual(bobInTeam.groupIds, [team.id]);

    const mine = await store.records.create(alice, 'Leads', { values: { lastname: 'Alice lead' } });
    const teams = await store.records.create(admin, 'Leads', {
      values: { lastname: 'Team lead' },
      owner: { kind: 'group', id: team.id },
    });

    // public read/write (the default): everyone sees and edits everything
    t.is(await store.sharing.get('Leads'), 'public_rw');
    t.is(await store.records.count(bobInTeam, 'Leads'), 2);
    await store.records.update(
      bobInTeam,
      'Leads',
      mine.id,
      { values: { company: 'edited by bob' } },
      'revise',
    );

    // private: only owners (and group members) and admins
    await store.sharing.set('Leads', 'private');
    t.deepEqual(
      (await store.records.list(alice, 'Leads')).map((r) => r.id),
      [mine.id],
    );
    t.deepEqual(
      (await store.records.list(bobInTeam, 'Leads')).map((r) => r.id),
      [teams.id],
    );
    t.is(await store.records.get(bobInTeam, 'Leads', mine.id), null);
    t.is(await store.records.count(admin, 'Leads'), 2);
    const denied = await t.throwsAsync(
      store.records.update(bobInTeam, 'Leads', mine.id, { values: { company: 'x' } }, 'revise'),
    );
    t.regex(denied?.message ?? '', /denied/);

    // public read-only: everyone reads, only owners write
    await store.sharing.set('Leads', 'public_ro');
    t.is(await store.records.count(alice, 'Leads'), 2);
    t.truthy(await store.records.get(alice, 'Leads', teams.id));
    await t.throwsAsync(
      store.records.update(alice, 'Leads', teams.id, { values: { company: 'x' } }, 'revise'),
    );
    await t.throwsAsync(store.recycleBin.delete(alice, 'Leads', teams.id));
    await store.records.update(
      bobInTeam,
      'Leads',
      teams.id,
      { values: { company: 'team edit' } },
      'revise',
    );

    // removing bob from the team takes the team's records away from him
    await store.groups.removeMember(team.id, bob.userId);
    await store.sharing.set('Leads', 'private');
    const bobAlone = (await store.users.actor(bob.userId)) as Actor;
    t.is(await store.records.count(bobAlone, 'Leads'), 0);
    t.is(await store.records.count(alice, 'Leads'), 1);
    // other modules keep their own setting
    t.is(await store.sharing.get('Contacts'), 'public_rw');
  },
);

storeTest('users: scrypt passwords, access keys, deactivation', async (t, { store }) => {
  const u = await store.users.create({
    userName: 'carol',
    password: 'correct horse',
    email: 'carol@example.org',
  });
  t.is(u.accessKey.length, 16);
  t.truthy(await store.users.verifyPassword('carol', 'correct horse'));
  t.is(await store.users.verifyPassword('carol', 'wrong horse!'), null);
  const row = await store.db.knex('users').where({ id: u.id }).first<{ password_hash: string }>();
  t.regex(row.password_hash, /^scrypt\$/);
  t.false(row.password_hash.includes('correct horse'));
  const key = await store.users.regenerateAccessKey(u.id);
  t.not(key, u.accessKey);
  await store.users.update(u.id, { status: 'Inactive' });
  t.is(await store.users.verifyPassword('carol', 'correct horse'), null);
  t.is(await store.users.actor(u.id), null);
  await t.throwsAsync(store.users.create({ userName: 'carol', password: 'another-pass' }), {
    message: /taken/,
  });
  await t.throwsAsync(
    store.users.create({ userName: "x'; drop table users;--", password: 'another-pass' }),
    { message: /User name/ },
  );
  t.is(await store.users.count(), 2);
});
