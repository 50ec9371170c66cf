// Roles (a tree) and profiles (per-module rights), and the role of each user: vtiger 8.2's
// permission model (README.md "### Roles and profiles"). What an actor may do follows from its
// role here (./actor-access.ts); the records' checks are in store/visibility.ts.
import type { Knex } from 'knex';
import { nowUtc } from '../db.js';
import { GatewayError } from '../errors.js';
import type { FieldRules, FieldRulesTable } from './field-rules.js';
import { fieldRulesOf, setProfileFields } from './profile-fields.js';
import { parseRights, RIGHTS, type Right, type RightsTable } from './rights.js';

export interface Profile {
  readonly id: number;
  readonly name: string;
  readonly description: string | null;
  readonly rights: RightsTable;
}

export interface Role {
  readonly id: number;
  readonly name: string;
  readonly parentId: number | null;
  readonly profileIds: readonly number[];
}

interface RightsRow {
  profile_id: number;
  module: string;
  can_view: boolean | number;
  can_create: boolean | number;
  can_edit: boolean | number;
  can_delete: boolean | number;
}

const COLUMN: Record<Right, 'can_view' | 'can_create' | 'can_edit' | 'can_delete'> = {
  view: 'can_view',
  create: 'can_create',
  edit: 'can_edit',
  delete: 'can_delete',
};

function checkName(kind: string, name: string): string {
  const trimmed = name.trim();
  if (trimmed === '' || trimmed.length > 100 || trimmed === '*')
    throw new GatewayError('invalid_input', `${kind} name must be 1-100 characters`);
  return trimmed;
}

function idOf(inserted: unknown): number {
  return typeof inserted === 'object' && inserted !== null
    ? Number((inserted as { id: number }).id)
    : Number(inserted);
}

function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; message?: string };
  return (
    e.code === '23505' ||
    e.code === 'SQLITE_CONSTRAINT' ||
    /UNIQUE constraint/.test(e.message ?? '')
  );
}

function rightsRows(profileId: number, table: RightsTable): RightsRow[] {
  return Object.entries(table).map(([module, rights]) => ({
    profile_id: profileId,
    module,
    can_view: rights.includes('view'),
    can_create: rights.includes('create'),
    can_edit: rights.includes('edit'),
    can_delete: rights.includes('delete'),
  }));
}

export class RoleRepository {
  constructor(private readonly knex: Knex) {}

  // ---- profiles ----

  async createProfile(
    name: string,
    rights: string | RightsTable,
    description: string | null = null,
  ): Promise<Profile> {
    const clean = checkName('Profile', name);
    const table = typeof rights === 'string' ? parseRights(rights) : rights;
    try {
      const id = await this.knex.transaction(async (trx) => {
        const [inserted] = await trx('profiles')
          .insert({ name: clean, description, created_at: nowUtc() })
          .returning('id');
        const profileId = idOf(inserted);
        await trx('profile_rights').insert(rightsRows(profileId, table));
        return profileId;
      });
      return (await this.profileById(id)) as Profile;
    } catch (err) {
      if (isUniqueViolation(err))
        throw new GatewayError('conflict', `Profile ${clean} already exists`);
      throw err;
    }
  }

  /** Replaces a profile's rights (the console's and `profile create`'s text form). */
  async setProfileRights(id: number, rights: string | RightsTable): Promise<Profile> {
    const table = typeof rights === 'string' ? parseRights(rights) : rights;
    await this.knex.transaction(async (trx) => {
      const found = await trx('profiles').where({ id }).first('id');
      if (!found) throw new GatewayError('not_found', `Profile ${id} does not exist`);
      await trx('profile_rights').where({ profile_id: id }).del();
      await trx('profile_rights').insert(rightsRows(id, table));
    });
    return (await this.profileById(id)) as Profile;
  }

  async listProfiles(): Promise<Profile[]> {
    const rows = await this.knex('profiles')
      .orderBy('name')
      .select<{ id: number; name: string; description: string | null }[]>(
        'id',
        'name',
        'description',
      );
    const rights = await this.rightsOf(rows.map((r) => Number(r.id)));
    return rows.map((r) => ({
      id: Number(r.id),
      name: r.name,
      description: r.description,
      rights: rights.get(Number(r.id)) ?? {},
    }));
  }

  async profileById(id: number): Promise<Profile | null> {
    return (await this.listProfiles()).find((p) => p.id === id) ?? null;
  }

  async profileByName(name: string): Promise<Profile | null> {
    return (await this.listProfiles()).find((p) => p.name === name.trim()) ?? null;
  }

  /** Rights tables of profiles, by profile id. */
  async rightsOf(profileIds: readonly number[]): Promise<Map<number, RightsTable>> {
    const out = new Map<number, Record<string, Right[]>>();
    if (profileIds.length === 0) return out;
    const rows = await this.knex<RightsRow>('profile_rights').whereIn('profile_id', [
      ...profileIds,
    ]);
    for (const row of rows) {
      const table = out.get(Number(row.profile_id)) ?? {};
      table[row.module] = RIGHTS.filter((r) => Boolean(row[COLUMN[r]]));
      out.set(Number(row.profile_id), table);
    }
    return out;
  }

  /** A profile's hidden and read-only fields per module; set one module's (./profile-fields.ts). */
  async profileFields(id: number): Promise<FieldRulesTable> {
    return (await fieldRulesOf(this.knex, [id])).get(id) ?? {};
  }
  async setProfileFields(
    id: number,
    module: string,
    hidden: string,
    ro: string,
  ): Promise<FieldRules> {
    return setProfileFields(this.knex, id, module, hidden, ro);
  }

  // ---- roles ----

  async createRole(
    name: string,
    profileIds: readonly number[],
    parentId: number | null,
  ): Promise<Role> {
    const clean = checkName('Role', name);
    if (profileIds.length === 0)
      throw new GatewayError('invalid_input', 'A role needs at least one profile');
    try {
      const id = await this.knex.transaction(async (trx) => {
        if (parentId !== null && !(await trx('roles').where({ id: parentId }).first('id')))
          throw new GatewayError('not_found', `Role ${parentId} does not exist`);
        const [inserted] = await trx('roles')
          .insert({ name: clean, parent_id: parentId, created_at: nowUtc() })
          .returning('id');
        const roleId = idOf(inserted);
        await this.writeProfiles(trx, roleId, profileIds);
        return roleId;
      });
      return (await this.roleById(id)) as Role;
    } catch (err) {
      if (isUniqueViolation(err))
        throw new GatewayError('conflict', `Role ${clean} already exists`);
      throw err;
    }
  }

  /** Changes a role's profiles and superior; a parent below the role itself is refused. */
  async updateRole(
    id: number,
    changes: { readonly profileIds?: readonly number[]; readonly parentId?: number | null },
  ): Promise<Role> {
    const roles = await this.listRoles();
    if (!roles.some((r) => r.id === id))
      throw new GatewayError('not_found', `Role ${id} does not exist`);
    if (changes.parentId !== undefined && changes.parentId !== null) {
      if (!roles.some((r) => r.id === changes.parentId))
        throw new GatewayError('not_found', `Role ${changes.parentId} does not exist`);
      if (changes.parentId === id || subordinateRoleIds(roles, id).includes(changes.parentId))
        throw new GatewayError(
          'invalid_input',
          'A role cannot report to itself or to a role below it',
        );
    }
    if (changes.profileIds !== undefined && changes.profileIds.length === 0)
      throw new GatewayError('invalid_input', 'A role needs at least one profile');
    await this.knex.transaction(async (trx) => {
      if (changes.parentId !== undefined)
        await trx('roles').where({ id }).update({ parent_id: changes.parentId });
      if (changes.profileIds !== undefined) {
        await trx('role_profiles').where({ role_id: id }).del();
        await this.writeProfiles(trx, id, changes.profileIds);
      }
    });
    return (await this.roleById(id)) as Role;
  }

  private async writeProfiles(
    trx: Knex.Transaction,
    roleId: number,
    profileIds: readonly number[],
  ): Promise<void> {
    const ids = [...new Set(profileIds)];
    const found = await trx('profiles').whereIn('id', ids).pluck('id');
    if (found.length !== ids.length)
      throw new GatewayError('not_found', 'A profile of the role does not exist');
    await trx('role_profiles').insert(ids.map((p) => ({ role_id: roleId, profile_id: p })));
  }

  async listRoles(): Promise<Role[]> {
    const rows = await this.knex('roles')
      .orderBy('id')
      .select<{ id: number; name: string; parent_id: number | null }[]>('id', 'name', 'parent_id');
    const links = await this.knex('role_profiles').select<
      { role_id: number; profile_id: number }[]
    >('role_id', 'profile_id');
    return rows.map((r) => ({
      id: Number(r.id),
      name: r.name,
      parentId: r.parent_id === null ? null : Number(r.parent_id),
      profileIds: links
        .filter((l) => Number(l.role_id) === Number(r.id))
        .map((l) => Number(l.profile_id)),
    }));
  }

  async roleById(id: number): Promise<Role | null> {
    return (await this.listRoles()).find((r) => r.id === id) ?? null;
  }

  async roleByName(name: string): Promise<Role | null> {
    return (await this.listRoles()).find((r) => r.name === name.trim()) ?? null;
  }

  /** The role new users get when none is named: `Default` (store/migrations/0019-roles-profiles.ts). */
  async defaultRole(): Promise<Role | null> {
    return this.roleByName('Default');
  }

  async setUserRole(userId: number, roleId: number): Promise<void> {
    await this.knex.transaction(async (trx) => {
      if (!(await trx('roles').where({ id: roleId }).first('id')))
        throw new GatewayError('not_found', `Role ${roleId} does not exist`);
      const n = await trx('users').where({ id: userId }).update({ role_id: roleId });
      if (n === 0) throw new GatewayError('not_found', `User ${userId} does not exist`);
    });
  }

  /** Users per role id, for the console's role list. */
  async userCounts(): Promise<Map<number, number>> {
    const rows = await this.knex('users')
      .whereNotNull('role_id')
      .groupBy('role_id')
      .select<{ role_id: number; n: number | string }[]>('role_id', this.knex.raw('count(*) as n'));
    return new Map(rows.map((r) => [Number(r.role_id), Number(r.n)]));
  }
}

/** Every role below `roleId` in the tree (not the role itself). */
export function subordinateRoleIds(roles: readonly Role[], roleId: number): number[] {
  const below: number[] = [];
  let frontier = [roleId];
  // The tree is kept acyclic by updateRole; the guard bounds the walk all the same.
  for (let depth = 0; frontier.length > 0 && depth < roles.length; depth++) {
    const next = roles.filter((r) => r.parentId !== null && frontier.includes(r.parentId));
    frontier = next.map((r) => r.id).filter((id) => !below.includes(id) && id !== roleId);
    below.push(...frontier);
  }
  return below;
}
