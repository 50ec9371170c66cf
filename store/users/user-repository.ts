// Users: the owners and actors of CRM records. Passwords are scrypt hashes; the access key is
// the vtiger webservice secret (login sends md5(token + accessKey)), so it is sealed, not hashed,
// when the store has the secret key (./access-keys.ts).
import type { Knex } from 'knex';
import { nowUtc } from '../db.js';
import { GatewayError } from '../errors.js';
import { hashPassword, randomSecret, verifyNothing, verifyPassword } from '../passwords.js';
import type { SecretBox } from '../secrets.js';
import { actorAccess } from '../roles/actor-access.js';
import type { Actor, User, UserDetails } from '../types.js';
import { detailColumns, detailsOf } from './user-details.js';
import { readAccessKey, sealAll, storeAccessKey } from './access-keys.js';

interface UserRow {
  id: number;
  user_name: string;
  password_hash: string;
  access_key: string;
  access_key_sealed: string | null;
  is_admin: boolean | number;
  status: string;
  first_name: string | null;
  last_name: string;
  email1: string | null;
  time_zone: string;
  auth_source: string;
  created_at: string;
  modified_at: string;
  directory_dn?: string | null;
  directory_id?: string | null;
  last_login_at?: string | null;
  role_id?: number | null;
  title?: string | null;
  department?: string | null;
  phone_work?: string | null;
  phone_mobile?: string | null;
  phone_home?: string | null;
  phone_other?: string | null;
  phone_fax?: string | null;
}

export interface NewUser {
  readonly userName: string;
  readonly password: string;
  readonly isAdmin?: boolean;
  readonly accessKey?: string;
  readonly firstName?: string | null;
  readonly lastName?: string;
  readonly email?: string | null;
  readonly timeZone?: string;
  readonly authSource?: 'local' | 'ldap';
  /** The role; without one, the role `Default` when it exists. */
  readonly roleId?: number;
  readonly details?: Partial<UserDetails>;
}

export interface UserChanges {
  readonly firstName?: string | null;
  readonly lastName?: string;
  readonly email?: string | null;
  readonly isAdmin?: boolean;
  readonly status?: 'Active' | 'Inactive';
  readonly timeZone?: string;
  readonly details?: Partial<UserDetails>;
}

const USER_NAME = /^[A-Za-z0-9._@-]{1,64}$/;

function toUser(row: UserRow, box: SecretBox | null): User {
  return {
    id: Number(row.id),
    userName: row.user_name,
    firstName: row.first_name,
    lastName: row.last_name,
    email: row.email1,
    isAdmin: Boolean(row.is_admin),
    status: row.status === 'Inactive' ? 'Inactive' : 'Active',
    timeZone: row.time_zone,
    authSource: row.auth_source === 'ldap' ? 'ldap' : 'local',
    accessKey: readAccessKey(row, box),
    createdAt: row.created_at,
    modifiedAt: row.modified_at,
    directoryDn: row.directory_dn ?? null,
    directoryId: row.directory_id ?? null,
    lastLoginAt: row.last_login_at ?? null,
    roleId: row.role_id === null || row.role_id === undefined ? null : Number(row.role_id),
    details: detailsOf(row),
  };
}

function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; message?: string };
  return (
    e.code === '23505' ||
    e.code === 'SQLITE_CONSTRAINT' ||
    /UNIQUE constraint/.test(e.message ?? '')
  );
}

export class UserRepository {
  /** Without a box, keys are written in clear and sealed ones read as ''. */
  constructor(
    private readonly knex: Knex,
    private readonly box: SecretBox | null = null,
  ) {}

  /** Seals the keys still in clear (the gateway's start); a no-op without a box. */
  async sealAccessKeys(): Promise<number> {
    return this.box ? sealAll(this.knex, this.box) : 0;
  }

  async create(input: NewUser): Promise<User> {
    if (!USER_NAME.test(input.userName)) {
      throw new GatewayError(
        'invalid_input',
        'User name must be 1-64 letters, digits, dot, dash, underscore or @',
      );
    }
    if (input.password.length < 8)
      throw new GatewayError('invalid_input', 'Password must be at least 8 characters');
    const now = nowUtc();
    const accessKey = input.accessKey ?? randomSecret();
    const details = detailColumns(input.details);
    const roleId = await this.roleFor(input.roleId);
    const row = {
      user_name: input.userName,
      password_hash: await hashPassword(input.password),
      ...storeAccessKey(accessKey, this.box),
      is_admin: input.isAdmin ?? false,
      status: 'Active',
      first_name: input.firstName ?? null,
      last_name: input.lastName ?? input.userName,
      email1: input.email ?? null,
      time_zone: input.timeZone ?? 'UTC',
      auth_source: input.authSource ?? 'local',
      created_at: now,
      modified_at: now,
      role_id: roleId,
      ...details,
    };
    try {
      const [inserted] = await this.knex('users').insert(row).returning('id');
      const id =
        typeof inserted === 'object' && inserted !== null
          ? Number((inserted as { id: number }).id)
          : Number(inserted);
      return { ...toUser({ ...row, id }, null), accessKey };
    } catch (err) {
      if (isUniqueViolation(err))
        throw new GatewayError(
          'conflict',
          `User name ${input.userName} or its access key is already taken`,
        );
      throw err;
    }
  }

  /** A named role must exist; without one, `Default` (store/migrations/0019-roles-profiles.ts). */
  private async roleFor(roleId: number | undefined): Promise<number | null> {
    if (roleId !== undefined) {
      const found = await this.knex('roles').where({ id: roleId }).first('id');
      if (!found) throw new GatewayError('not_found', `Role ${roleId} does not exist`);
      return roleId;
    }
    const fallback = await this.knex('roles')
      .where({ name: 'Default' })
      .first<{ id: number } | undefined>('id');
    return fallback ? Number(fallback.id) : null;
  }

  async findById(id: number): Promise<User | null> {
    const row = await this.knex<UserRow>('users').where({ id }).first();
    return row ? toUser(row, this.box) : null;
  }

  async findByUserName(userName: string): Promise<User | null> {
    const row = await this.knex<UserRow>('users').where({ user_name: userName }).first();
    return row ? toUser(row, this.box) : null;
  }

  async list(): Promise<User[]> {
    const rows = await this.knex<UserRow>('users').orderBy('id');
    return rows.map((r) => toUser(r, this.box));
  }

  async count(filter: { activeOnly?: boolean } = {}): Promise<number> {
    const q = this.knex('users').count<{ n: number | string }[]>({ n: '*' });
    if (filter.activeOnly) q.where({ status: 'Active' });
    const [row] = await q;
    return Number(row?.n ?? 0);
  }

  /**
   * Checks a local password; inactive users and directory users never pass here, and a name with
   * no local password costs a hash check all the same (store/passwords.ts verifyNothing).
   */
  async verifyPassword(userName: string, password: string): Promise<User | null> {
    const row = await this.knex<UserRow>('users').where({ user_name: userName }).first();
    if (!row || row.status !== 'Active' || row.auth_source !== 'local')
      return verifyNothing(password).then(() => null);
    return (await verifyPassword(password, row.password_hash)) ? toUser(row, this.box) : null;
  }

  async update(id: number, changes: UserChanges): Promise<User> {
    const patch: Partial<UserRow> = { modified_at: nowUtc() };
    if (changes.firstName !== undefined) patch.first_name = changes.firstName;
    if (changes.lastName !== undefined) patch.last_name = changes.lastName;
    if (changes.email !== undefined) patch.email1 = changes.email;
    if (changes.isAdmin !== undefined) patch.is_admin = changes.isAdmin;
    if (changes.status !== undefined) patch.status = changes.status;
    if (changes.timeZone !== undefined) patch.time_zone = changes.timeZone;
    Object.assign(patch, detailColumns(changes.details));
    const n = await this.knex('users').where({ id }).update(patch);
    if (n === 0) throw new GatewayError('not_found', `User ${id} does not exist`);
    return (await this.findById(id)) as User;
  }

  /**
   * A new password ends the user's console sessions in the same transaction, whoever sets it (the
   * console, `user reset-password`): a session opened with the old one must not outlive it.
   */
  async setPassword(id: number, password: string): Promise<void> {
    if (password.length < 8)
      throw new GatewayError('invalid_input', 'Password must be at least 8 characters');
    const passwordHash = await hashPassword(password);
    await this.knex.transaction(async (trx) => {
      const n = await trx('users')
        .where({ id })
        .update({ password_hash: passwordHash, modified_at: nowUtc() });
      if (n === 0) throw new GatewayError('not_found', `User ${id} does not exist`);
      await trx('console_sessions').where({ user_id: id }).del();
    });
  }

  /**
   * A new access key ends the sessions opened with the old one: vtiger webservice sessions and
   * CommerceML exchange sessions (with their import runs), in the same transaction.
   */
  async regenerateAccessKey(id: number): Promise<string> {
    const accessKey = randomSecret();
    await this.knex.transaction(async (trx) => {
      const n = await trx('users')
        .where({ id })
        .update({ ...storeAccessKey(accessKey, this.box), modified_at: nowUtc() });
      if (n === 0) throw new GatewayError('not_found', `User ${id} does not exist`);
      await trx('webservice_sessions').where({ user_id: id }).del();
      const cml = trx('cml_sessions').where({ user_id: id }).select('token');
      await trx('cml_imports').whereIn('session_token', cml).del();
      await trx('cml_sessions').where({ user_id: id }).del();
    });
    return accessKey;
  }

  async recordLogin(id: number): Promise<void> {
    await this.knex('users').where({ id }).update({ last_login_at: nowUtc() });
  }

  /** The user with their group memberships, as visibility needs them. */
  async actor(userId: number): Promise<Actor | null> {
    const user = await this.findById(userId);
    if (!user || user.status !== 'Active') return null;
    const groups = await this.knex('group_members').where({ user_id: userId }).pluck('group_id');
    const access = await actorAccess(this.knex, user.roleId ?? null, user.isAdmin);
    return { userId, isAdmin: user.isAdmin, groupIds: groups.map(Number), ...access };
  }
}
