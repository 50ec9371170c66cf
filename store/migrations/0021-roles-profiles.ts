// Roles and profiles, vtiger 8.2's permission model (README.md "### Roles and profiles"):
// profiles grant view/create/edit/delete per module (`*`: every module the profile does not
// name), roles form a tree (a role sees the records of the users in the roles below it) and carry
// one or more profiles, and every user has a role. Existing users get the role `Default`, whose
// profile allows every right on every module, so nothing changes until an admin assigns roles.
// Also the vtiger 8.2 user fields this store lacked: phones, title and department
// (gateway/rest/README.md, Users).
import type { Knex } from 'knex';
import { nowUtc } from '../db.js';

const TS = 23;

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('profiles', (t) => {
    t.increments('id').primary();
    t.string('name', 100).notNullable().unique();
    t.text('description');
    t.string('created_at', TS).notNullable();
  });
  await knex.schema.createTable('profile_rights', (t) => {
    t.integer('profile_id').notNullable().references('profiles.id').onDelete('CASCADE');
    // A module name, or `*` for every module the profile does not name.
    t.string('module', 40).notNullable();
    t.boolean('can_view').notNullable().defaultTo(false);
    t.boolean('can_create').notNullable().defaultTo(false);
    t.boolean('can_edit').notNullable().defaultTo(false);
    t.boolean('can_delete').notNullable().defaultTo(false);
    t.primary(['profile_id', 'module']);
  });
  await knex.schema.createTable('roles', (t) => {
    t.increments('id').primary();
    t.string('name', 100).notNullable().unique();
    // The superior role; a deleted parent would orphan a subtree, so it is refused.
    t.integer('parent_id').references('roles.id').onDelete('RESTRICT');
    t.string('created_at', TS).notNullable();
    t.index(['parent_id']);
  });
  await knex.schema.createTable('role_profiles', (t) => {
    t.integer('role_id').notNullable().references('roles.id').onDelete('CASCADE');
    t.integer('profile_id').notNullable().references('profiles.id').onDelete('RESTRICT');
    t.primary(['role_id', 'profile_id']);
  });
  // Plain columns: adding a foreign key to `users` would make SQLite rebuild the table that
  // every other table references; store/roles/role-repository.ts keeps role_id valid.
  await knex.schema.alterTable('users', (t) => {
    t.integer('role_id');
    t.string('title', 100);
    t.string('department', 100);
    t.string('phone_work', 50);
    t.string('phone_mobile', 50);
    t.string('phone_home', 50);
    t.string('phone_other', 50);
    t.string('phone_fax', 50);
  });

  // vtiger 8.2 installs Calendar and Events with Private sharing; a store that already has users
  // keeps what it had (public read/write unless an admin changed it), so upgrading changes nothing.
  const upgrading = (await knex('users').first('id')) !== undefined;
  for (const module of ['Calendar', 'Events']) {
    if (!(await knex('module_sharing').where({ module }).first('module')))
      await knex('module_sharing').insert({ module, access: upgrading ? 'public_rw' : 'private' });
  }

  const now = nowUtc();
  const [profile] = await knex('profiles')
    .insert({ name: 'Default', description: 'Every right on every module', created_at: now })
    .returning('id');
  const profileId = idOf(profile);
  await knex('profile_rights').insert({
    profile_id: profileId,
    module: '*',
    can_view: true,
    can_create: true,
    can_edit: true,
    can_delete: true,
  });
  const [role] = await knex('roles')
    .insert({ name: 'Default', parent_id: null, created_at: now })
    .returning('id');
  const roleId = idOf(role);
  await knex('role_profiles').insert({ role_id: roleId, profile_id: profileId });
  await knex('users').update({ role_id: roleId });
}

function idOf(inserted: unknown): number {
  return typeof inserted === 'object' && inserted !== null
    ? Number((inserted as { id: number }).id)
    : Number(inserted);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('users', (t) => {
    for (const c of [
      'role_id',
      'title',
      'department',
      'phone_work',
      'phone_mobile',
      'phone_home',
      'phone_other',
      'phone_fax',
    ])
      t.dropColumn(c);
  });
  await knex.schema.dropTableIfExists('role_profiles');
  await knex.schema.dropTableIfExists('roles');
  await knex.schema.dropTableIfExists('profile_rights');
  await knex.schema.dropTableIfExists('profiles');
}
