// Users and group memberships that come from an LDAP / Active Directory server. A directory user
// is a `users` row with auth_source 'ldap', its entry's DN and stable id (entryUUID/objectGUID),
// and a password hash no password can match: the directory checks the password, never we.
import type { Knex } from 'knex';
import { nowUtc } from '../db.js';
import { randomSecret } from '../passwords.js';
import type { User } from '../types.js';
import { UserRepository } from './user-repository.js';

export interface DirectoryIdentity {
  readonly dn: string;
  readonly directoryId: string | null;
  readonly userName: string;
  readonly firstName: string | null;
  readonly lastName: string;
  readonly email: string | null;
}

export interface MappedGroups {
  /** Gateway groups whose membership follows the directory. */
  readonly managed: readonly string[];
  /** Of those, the ones the user belongs in. */
  readonly wanted: readonly string[];
  /** The directory group DN recorded on a gateway group created here. */
  readonly sourceDn: ReadonlyMap<string, string>;
}

export type DirectoryUserOutcome =
  | {
      readonly kind: 'created' | 'updated' | 'unchanged';
      readonly user: User;
      readonly groupChanges: number;
    }
  | { readonly kind: 'refused'; readonly reason: string };

const USER_NAME = /^[A-Za-z0-9._@-]{1,64}$/;

interface IdentityRow {
  id: number;
  user_name: string;
  auth_source: string;
  first_name: string | null;
  last_name: string;
  email1: string | null;
  directory_dn: string | null;
  directory_id: string | null;
}

const IDENTITY_COLUMNS = [
  'id',
  'user_name',
  'auth_source',
  'first_name',
  'last_name',
  'email1',
  'directory_dn',
  'directory_id',
];

/** Not an scrypt record, so verifyPassword can never succeed; random so no two rows are alike. */
function unusablePasswordHash(): string {
  return `!directory!${randomSecret(24)}`;
}

function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; message?: string };
  return (
    e.code === '23505' ||
    e.code === 'SQLITE_CONSTRAINT' ||
    /UNIQUE constraint/.test(e.message ?? '')
  );
}

export async function findByDirectoryId(knex: Knex, directoryId: string): Promise<User | null> {
  const row = await knex('users')
    .where({ directory_id: directoryId, auth_source: 'ldap' })
    .first<{ id: number } | undefined>('id');
  return row ? new UserRepository(knex).findById(Number(row.id)) : null;
}

/** DNs are compared case-insensitively (RFC 4514 names of case-ignoring attribute types). */
export async function findByDirectoryDn(knex: Knex, dn: string): Promise<User | null> {
  const row = await knex('users')
    .where({ auth_source: 'ldap' })
    .whereRaw('lower(directory_dn) = ?', [dn.toLowerCase()])
    .first<{ id: number } | undefined>('id');
  return row ? new UserRepository(knex).findById(Number(row.id)) : null;
}

async function findRow(trx: Knex, who: DirectoryIdentity): Promise<IdentityRow | null> {
  if (who.directoryId !== null) {
    const byId = await trx('users')
      .where({ directory_id: who.directoryId, auth_source: 'ldap' })
      .first<IdentityRow | undefined>(IDENTITY_COLUMNS);
    if (byId) return byId;
  }
  const byDn = await trx('users')
    .where({ auth_source: 'ldap' })
    .whereRaw('lower(directory_dn) = ?', [who.dn.toLowerCase()])
    .first<IdentityRow | undefined>(IDENTITY_COLUMNS);
  if (byDn) return byDn;
  // Same name: an ldap user recreated in the directory (new id) is the same person; a local
  // user is somebody else, and a directory login must never take that account over.
  return (
    (await trx('users')
      .where({ user_name: who.userName })
      .first<IdentityRow | undefined>(IDENTITY_COLUMNS)) ?? null
  );
}

async function insertUser(trx: Knex, who: DirectoryIdentity): Promise<number> {
  const now = nowUtc();
  // New users get the role Default, as local ones do (store/migrations/0019-roles-profiles.ts).
  const role = await trx('roles')
    .where({ name: 'Default' })
    .first<{ id: number } | undefined>('id');
  const [inserted] = await trx('users')
    .insert({
      user_name: who.userName,
      password_hash: unusablePasswordHash(),
      access_key: randomSecret(),
      is_admin: false,
      status: 'Active',
      first_name: who.firstName,
      last_name: who.lastName,
      email1: who.email,
      time_zone: 'UTC',
      auth_source: 'ldap',
      created_at: now,
      modified_at: now,
      directory_dn: who.dn,
      directory_id: who.directoryId,
      role_id: role ? Number(role.id) : null,
    })
    .returning('id');
  return typeof inserted === 'object' && inserted !== null
    ? Number((inserted as { id: number }).id)
    : Number(inserted);
}

/** Changed mapped fields of an existing row; a renamed login follows when the name is free. */
async function refreshUser(trx: Knex, row: IdentityRow, who: DirectoryIdentity): Promise<boolean> {
  const patch: Record<string, string | null> = {};
  if (row.first_name !== who.firstName) patch['first_name'] = who.firstName;
  if (row.last_name !== who.lastName) patch['last_name'] = who.lastName;
  if (row.email1 !== who.email) patch['email1'] = who.email;
  if (row.directory_dn !== who.dn) patch['directory_dn'] = who.dn;
  if (row.directory_id !== who.directoryId && who.directoryId !== null)
    patch['directory_id'] = who.directoryId;
  if (
    row.user_name !== who.userName &&
    !(await trx('users').where({ user_name: who.userName }).first('id'))
  )
    patch['user_name'] = who.userName;
  if (Object.keys(patch).length === 0) return false;
  await trx('users')
    .where({ id: row.id })
    .update({ ...patch, modified_at: nowUtc() });
  return true;
}

async function groupIds(
  trx: Knex,
  names: readonly string[],
  sourceDn: ReadonlyMap<string, string>,
  create: readonly string[],
): Promise<Map<string, number>> {
  const found = async (): Promise<Map<string, number>> =>
    new Map(
      (
        await trx('groups')
          .whereIn('groupname', [...names])
          .select('id', 'groupname')
      ).map((g: { id: number; groupname: string }) => [g.groupname, Number(g.id)]),
    );
  let ids = await found();
  const missing = create.filter((n) => !ids.has(n));
  if (missing.length === 0) return ids;
  const now = nowUtc();
  const rows = missing.map((n) => ({
    groupname: n,
    description: 'Membership follows the directory (LDAP group mapping)',
    created_at: now,
    directory_dn: sourceDn.get(n) ?? null,
  }));
  await trx('groups').insert(rows).onConflict('groupname').ignore();
  ids = await found();
  return ids;
}

/** Adds and removes memberships only in managed groups, creating wanted groups that are missing. */
export async function setMappedGroups(
  trx: Knex,
  userId: number,
  groups: MappedGroups,
): Promise<number> {
  if (groups.managed.length === 0) return 0;
  const ids = await groupIds(trx, groups.managed, groups.sourceDn, groups.wanted);
  const current = new Set(
    (
      await trx('group_members')
        .where({ user_id: userId })
        .whereIn('group_id', [...ids.values()])
        .pluck('group_id')
    ).map(Number),
  );
  const wanted = new Set(
    groups.wanted.map((n) => ids.get(n)).filter((id): id is number => id !== undefined),
  );
  const add = [...wanted].filter((id) => !current.has(id));
  const remove = [...current].filter((id) => !wanted.has(id));
  if (add.length > 0)
    await trx('group_members')
      .insert(add.map((group_id) => ({ group_id, user_id: userId })))
      .onConflict(['group_id', 'user_id'])
      .ignore();
  if (remove.length > 0)
    await trx('group_members').where({ user_id: userId }).whereIn('group_id', remove).del();
  return add.length + remove.length;
}

async function setAdmin(trx: Knex, userId: number, admin: boolean | null): Promise<boolean> {
  if (admin === null) return false;
  const n = await trx('users')
    .where({ id: userId, auth_source: 'ldap' })
    .whereNot({ is_admin: admin })
    .update({ is_admin: admin, modified_at: nowUtc() });
  return n > 0;
}

async function applyOnce(
  knex: Knex,
  who: DirectoryIdentity,
  groups: MappedGroups,
  admin: boolean | null,
): Promise<DirectoryUserOutcome> {
  return knex.transaction(async (trx) => {
    const row = await findRow(trx, who);
    if (row && row.auth_source !== 'ldap')
      return {
        kind: 'refused',
        reason: `a local user named ${who.userName} already exists; the directory account is not linked to it`,
      };
    const id = row ? Number(row.id) : await insertUser(trx, who);
    const refreshed = row ? await refreshUser(trx, row, who) : false;
    const groupChanges = await setMappedGroups(trx, id, groups);
    const adminChanged = await setAdmin(trx, id, admin);
    const user = (await new UserRepository(trx).findById(id)) as User;
    const kind = !row ? 'created' : refreshed || adminChanged ? 'updated' : 'unchanged';
    return { kind, user, groupChanges };
  });
}

/**
 * Creates or refreshes the gateway user of a directory entry, with its mapped groups and admin
 * flag (null: leave it), in one transaction. Two first logins at once: the loser retries.
 */
export async function applyDirectoryUser(
  knex: Knex,
  who: DirectoryIdentity,
  groups: MappedGroups,
  admin: boolean | null,
): Promise<DirectoryUserOutcome> {
  if (!USER_NAME.test(who.userName)) {
    return {
      kind: 'refused',
      reason: `directory login "${who.userName}" is not a valid gateway user name (1-64 letters, digits, . _ @ -)`,
    };
  }
  try {
    return await applyOnce(knex, who, groups, admin);
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    return applyOnce(knex, who, groups, admin);
  }
}

export interface DirectoryUserRef {
  readonly id: number;
  readonly userName: string;
  readonly directoryId: string | null;
  readonly directoryDn: string | null;
}

/** Deactivates active ldap users the predicate says are gone from the directory; returns them. */
export async function deactivateMissingDirectoryUsers(
  knex: Knex,
  stillPresent: (u: DirectoryUserRef) => boolean,
): Promise<DirectoryUserRef[]> {
  const rows: {
    id: number;
    user_name: string;
    directory_id: string | null;
    directory_dn: string | null;
  }[] = await knex('users')
    .where({ auth_source: 'ldap', status: 'Active' })
    .select('id', 'user_name', 'directory_id', 'directory_dn');
  const gone = rows
    .map((r) => ({
      id: Number(r.id),
      userName: r.user_name,
      directoryId: r.directory_id,
      directoryDn: r.directory_dn,
    }))
    .filter((u) => !stillPresent(u));
  if (gone.length > 0) {
    await knex('users')
      .whereIn(
        'id',
        gone.map((u) => u.id),
      )
      .update({ status: 'Inactive', modified_at: nowUtc() });
  }
  return gone;
}
