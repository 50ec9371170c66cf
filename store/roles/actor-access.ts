// What an actor's role allows (README.md "### Roles and profiles"): the union of the role's
// profiles' rights, and the users of the roles below it, whose records vtiger's role hierarchy
// shows to their superiors. Admins and users without a role are unrestricted, as before roles.
import type { Knex } from 'knex';
import { mergeFieldRules } from './field-rules.js';
import { fieldRulesOf } from './profile-fields.js';
import { mergeRights, RIGHTS, type ModuleRights } from './rights.js';
import { RoleRepository, subordinateRoleIds } from './role-repository.js';

export interface ActorAccess {
  readonly rights: ModuleRights | null;
  readonly subordinateIds: readonly number[];
}

export async function actorAccess(
  knex: Knex,
  roleId: number | null,
  isAdmin: boolean,
): Promise<ActorAccess> {
  if (isAdmin || roleId === null) return { rights: null, subordinateIds: [] };
  const repo = new RoleRepository(knex);
  const roles = await repo.listRoles();
  const role = roles.find((r) => r.id === roleId);
  if (!role) return { rights: null, subordinateIds: [] };
  const tables = await repo.rightsOf(role.profileIds);
  const fieldTables = await fieldRulesOf(knex, role.profileIds);
  const fields = mergeFieldRules(role.profileIds.map((p) => fieldTables.get(p) ?? {}));
  const merged = { ...mergeRights(role.profileIds.map((p) => tables.get(p) ?? {})), fields };
  // Every right everywhere with every field shown (the role Default) is no restriction: queries
  // stay as before roles.
  const everything =
    Object.values(merged.table).every((r) => r.length === RIGHTS.length) &&
    Object.keys(fields).length === 0;
  const rights = everything ? null : merged;
  const below = subordinateRoleIds(roles, roleId);
  const subordinateIds =
    below.length === 0
      ? []
      : (await knex('users').whereIn('role_id', below).pluck('id')).map(Number);
  return { rights, subordinateIds };
}
