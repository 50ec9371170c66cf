// Who sees which record. Admins see everything. Other users see what they, one of their groups
// or a user in a role below theirs owns (vtiger's role hierarchy), plus what the module's sharing
// setting opens to everyone: public read/write (vtiger's default), public read-only, or private.
// Above that, the profile rights of the actor's role must allow viewing (read) or editing (write)
// the module at all (README.md "### Roles and profiles").
import type { Knex } from 'knex';
import { GatewayError } from './errors.js';
import { can, modulesWith, type Right } from './roles/rights.js';
import type { Actor, CrmRecord } from './types.js';

export type SharingAccess = 'public_rw' | 'public_ro' | 'private';
export const SHARING_ACCESS: readonly SharingAccess[] = ['public_rw', 'public_ro', 'private'];

export type AccessMode = 'read' | 'write';

export function isSharingAccess(value: string): value is SharingAccess {
  return (SHARING_ACCESS as readonly string[]).includes(value);
}

function opensTo(access: SharingAccess, mode: AccessMode): boolean {
  return access === 'public_rw' || (access === 'public_ro' && mode === 'read');
}

/** Restricts a query on crm_entities (aliased `alias`) to what the actor may read or write. */
export function applyVisibility(
  qb: Knex.QueryBuilder,
  actor: Actor,
  access: SharingAccess,
  mode: AccessMode,
  alias = 'e',
): Knex.QueryBuilder {
  if (actor.rights) qb.whereIn(`${alias}.module`, modulesWith(actor.rights, RIGHT_OF[mode]));
  if (actor.isAdmin || opensTo(access, mode)) return qb;
  const users = [actor.userId, ...(actor.subordinateIds ?? [])];
  return qb.where((w) => {
    w.where(`${alias}.owner_kind`, 'user').whereIn(`${alias}.owner_id`, users);
    if (actor.groupIds.length > 0) {
      w.orWhere((g) =>
        g.where(`${alias}.owner_kind`, 'group').whereIn(`${alias}.owner_id`, [...actor.groupIds]),
      );
    }
  });
}

const RIGHT_OF: Record<AccessMode, Right> = { read: 'view', write: 'edit' };

export function canAccess(
  record: Pick<CrmRecord, 'owner' | 'module'>,
  actor: Actor,
  access: SharingAccess,
  mode: AccessMode,
): boolean {
  if (!can(actor.rights, record.module, RIGHT_OF[mode])) return false;
  if (actor.isAdmin || opensTo(access, mode)) return true;
  if (record.owner.kind === 'user')
    return (
      record.owner.id === actor.userId || (actor.subordinateIds ?? []).includes(record.owner.id)
    );
  return actor.groupIds.includes(record.owner.id);
}

/** Whether the actor's profile allows `right` on the module (create and delete checks). */
export function mayDo(actor: Actor, module: string, right: Right): boolean {
  return can(actor.rights, module, right);
}

/** Throws `forbidden` unless the actor's profile allows `right` on the module. */
export function requireRight(actor: Actor, module: string, right: Right): void {
  if (!mayDo(actor, module, right))
    throw new GatewayError('forbidden', `Permission to ${right} ${module} records is denied`);
}

export class SharingRepository {
  // Read on every record operation; a short cache keeps that cheap, and the TTL bounds how long
  // another replica's change takes to apply here.
  private cache = new Map<string, { access: SharingAccess; until: number }>();

  constructor(
    private readonly knex: Knex,
    private readonly ttlMs = 5000,
  ) {}

  async get(module: string): Promise<SharingAccess> {
    const cached = this.cache.get(module);
    if (cached && cached.until > Date.now()) return cached.access;
    const row = await this.knex('module_sharing')
      .where({ module })
      .first<{ access: string } | undefined>();
    const access = row && isSharingAccess(row.access) ? row.access : 'public_rw';
    this.cache.set(module, { access, until: Date.now() + this.ttlMs });
    return access;
  }

  async set(module: string, access: SharingAccess): Promise<void> {
    if (!isSharingAccess(access))
      throw new GatewayError(
        'invalid_input',
        `Sharing must be one of ${SHARING_ACCESS.join(', ')}`,
      );
    await this.knex('module_sharing').insert({ module, access }).onConflict('module').merge();
    this.cache.delete(module);
  }

  async list(): Promise<Record<string, SharingAccess>> {
    const rows = await this.knex('module_sharing').select<{ module: string; access: string }[]>(
      'module',
      'access',
    );
    return Object.fromEntries(
      rows.map((r) => [r.module, isSharingAccess(r.access) ? r.access : 'public_rw']),
    );
  }
}
