// Roles and profiles (README.md "### Roles and profiles"): profile rights decide what a user may
// view, create, edit and delete per module, a role sees the records of the roles below it, and a
// store of an older gateway gives every user the role `Default`, which changes nothing.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import test from 'ava';
import { openDatabase } from '../../store/db.js';
import { migrate } from '../../store/migrate.js';
import { BulkRecordWriter } from '../../store/records/bulk-writer.js';
import { RoleRepository } from '../../store/roles/role-repository.js';
import { can, parseRights } from '../../store/roles/rights.js';
import { createStore, type Store } from '../../store/store.js';
import { applyDirectoryUser } from '../../store/users/directory-users.js';
import type { Actor } from '../../store/types.js';
import { storeTest } from '../helpers/databases.js';
import { migrateUntil } from '../helpers/older-store.js';

async function userWithRole(store: Store, userName: string, roleId: number): Promise<Actor> {
  const user = await store.users.create({ userName, password: 'password-123', roleId });
  return (await store.users.actor(user.id)) as Actor;
}

test('an older store: every user gets the role Default, which allows what they did', async (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'gw-roles-'));
  const db = openDatabase({
    kind: 'sqlite',
    file: path.join(dir, 'g.sqlite'),
    busyTimeoutMs: 5000,
  });
  try {
    // Migrate up to, not including, the roles migration, as an older gateway left the store.
    await migrateUntil(db.knex, 'roles-profiles');
    t.false(await db.knex.schema.hasColumn('users', 'role_id'));
    await db.knex('users').insert({
      user_name: 'old',
      password_hash: 'x',
      access_key: 'old-key',
      last_name: 'Old',
      created_at: '2026-01-01 00:00:00.000',
      modified_at: '2026-01-01 00:00:00.000',
    });
    await migrate(db.knex);
    const store = createStore(db);
    const old = await store.users.findByUserName('old');
    const role = await new RoleRepository(db.knex).roleByName('Default');
    t.truthy(role);
    t.is(old?.roleId, role?.id);
    const actor = (await store.users.actor(old?.id ?? 0)) as Actor;
    for (const module of ['Leads', 'Contacts', 'Events', 'SalesOrder'])
      for (const right of ['view', 'create', 'edit', 'delete'] as const)
        t.true(can(actor.rights, module, right), `${module} ${right}`);
    // An upgraded store keeps Calendar and Events shared as before.
    t.is(await store.sharing.get('Events'), 'public_rw');
    t.is(await store.sharing.get('Calendar'), 'public_rw');
    const lead = await store.records.create(actor, 'Leads', { values: { lastname: 'Kept' } });
    await store.recycleBin.delete(actor, 'Leads', lead.id);
  } finally {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('rights text: unknown modules and rights are refused, every right implies view', (t) => {
  t.deepEqual(parseRights('Contacts:view,create,edit,delete;*:view'), {
    Contacts: ['view', 'create', 'edit', 'delete'],
    '*': ['view'],
  });
  t.deepEqual(parseRights('Leads:edit'), { Leads: ['view', 'edit'] });
  t.deepEqual(parseRights('*:'), { '*': [] });
  t.throws(() => parseRights('Nope:view'), { message: /unknown module: Nope/ });
  t.throws(() => parseRights('Leads:read'), { message: /Unknown right read/ });
  t.throws(() => parseRights(''), { message: /at least one module/ });
});

storeTest('profile rights decide what a user may view, create, edit and delete', async (t, ts) => {
  const { store, admin } = ts;
  const roles = new RoleRepository(store.db.knex);
  const sales = await roles.createProfile('Sales', 'Contacts:view,create,edit,delete;*:view');
  const role = await roles.createRole('Sales rep', [sales.id], null);
  const bob = await userWithRole(store, 'bob', role.id);
  const lead = await store.records.create(admin, 'Leads', { values: { lastname: 'Shown' } });

  const contact = await store.records.create(bob, 'Contacts', { values: { lastname: 'Mine' } });
  await t.throwsAsync(store.records.create(bob, 'Leads', { values: { lastname: 'No' } }), {
    message: /Permission to create Leads records is denied/,
  });
  t.is(await store.records.count(bob, 'Leads'), 1);
  t.truthy(await store.records.get(bob, 'Leads', lead.id));
  await t.throwsAsync(
    store.records.update(bob, 'Leads', lead.id, { values: { company: 'x' } }, 'revise'),
    { message: /denied/ },
  );
  await t.throwsAsync(store.recycleBin.delete(bob, 'Leads', lead.id), { message: /denied/ });
  t.is((await store.records.get(admin, 'Leads', lead.id))?.values.company ?? null, null);
  await store.recycleBin.delete(bob, 'Contacts', contact.id);

  // A profile without view on a module hides it from lists, counts and reads.
  await roles.setProfileRights(sales.id, 'Contacts:view;*:');
  const narrowed = (await store.users.actor(bob.userId)) as Actor;
  t.is(await store.records.count(narrowed, 'Leads'), 0);
  t.deepEqual(await store.records.list(narrowed, 'Leads'), []);
  t.is(await store.records.get(narrowed, 'Leads', lead.id), null);
  // Admins stay unrestricted whatever their role.
  t.is(await store.records.count(admin, 'Leads'), 1);
});

storeTest('a role sees and edits the records of the roles below it', async (t, ts) => {
  const { store } = ts;
  const roles = new RoleRepository(store.db.knex);
  const all = (await roles.profileByName('Default'))?.id ?? 0;
  const manager = await roles.createRole('Manager', [all], null);
  const rep = await roles.createRole('Rep', [all], manager.id);
  const bossUser = await userWithRole(store, 'boss', manager.id);
  const worker = await userWithRole(store, 'worker', rep.id);
  // Subordinates are read when the actor is loaded (a login, a session's cache).
  const boss = (await store.users.actor(bossUser.userId)) as Actor;
  await store.sharing.set('Leads', 'private');
  const lead = await store.records.create(worker, 'Leads', { values: { lastname: 'Below' } });
  const own = await store.records.create(boss, 'Leads', { values: { lastname: 'Above' } });

  t.deepEqual(
    (await store.records.list(boss, 'Leads')).map((r) => r.id).sort(),
    [lead.id, own.id].sort(),
  );
  await store.records.update(boss, 'Leads', lead.id, { values: { company: 'B' } }, 'revise');
  t.deepEqual(
    (await store.records.list(worker, 'Leads')).map((r) => r.id),
    [lead.id],
  );
  t.is(await store.records.get(worker, 'Leads', own.id), null);

  await t.throwsAsync(roles.updateRole(manager.id, { parentId: rep.id }), {
    message: /cannot report to itself or to a role below it/,
  });
  t.is((await roles.roleById(manager.id))?.parentId, null);
});

storeTest('directory users created at login get the role Default', async (t, { store }) => {
  const outcome = await applyDirectoryUser(
    store.db.knex,
    {
      dn: 'uid=dana,ou=people,dc=example,dc=org',
      directoryId: 'dana-uuid',
      userName: 'dana',
      firstName: 'Dana',
      lastName: 'Example',
      email: null,
    },
    { managed: [], wanted: [], sourceDn: new Map() },
    null,
  );
  if (outcome.kind === 'refused') return t.fail(outcome.reason);
  t.is(outcome.user.roleId, (await store.roles.roleByName('Default'))?.id);
});

storeTest(
  'the 1C bulk writer refuses products the profile may not create',
  async (t, { store }) => {
    const readers = await store.roles.createProfile('Readers', '*:view');
    const role = await store.roles.createRole('Readers', [readers.id], null);
    const actor = await userWithRole(store, 'onec', role.id);
    const writer = new BulkRecordWriter(store.picklists);
    await t.throwsAsync(
      store.db.knex.transaction((trx) =>
        writer.create(trx, actor, 'Products', [{ productname: 'Boots' }]),
      ),
      { message: /Permission to create Products records is denied/ },
    );
    const [row] = await store.db
      .knex('crm_entities')
      .where({ module: 'Products' })
      .count<{ n: number | string }[]>({ n: '*' });
    t.is(Number(row?.n ?? 0), 0);
  },
);

storeTest(
  'a new store shares Calendar and Events privately, as vtiger installs them',
  async (t, ts) => {
    const { store, admin } = ts;
    t.is(await store.sharing.get('Events'), 'private');
    t.is(await store.sharing.get('Calendar'), 'private');
    t.is(await store.sharing.get('Leads'), 'public_rw');
    const bob = (await store.users.actor(
      (await store.users.create({ userName: 'bob', password: 'password-123' })).id,
    )) as Actor;
    const meeting = await store.records.create(admin, 'Events', {
      values: {
        subject: 'Board',
        date_start: '2026-03-01',
        time_start: '09:00:00',
        due_date: '2026-03-01',
        time_end: '10:00:00',
        eventstatus: 'Planned',
        activitytype: 'Meeting',
      },
    });
    t.is(await store.records.get(bob, 'Events', meeting.id), null);
  },
);
