// sync (gateway/rest/README.md §5, GetUpdates.php) with vtiger's wire format but read from the
// change log, fixing the weaknesses listed there:
// - the cursor is a second (modifiedTime); the boundary second is always re-sent (≥, not >),
//   so a change later in the same second is never lost — clients de-duplicate by id;
// - up to 100 changes after the boundary second decide the horizon M, and every change up to the
//   end of second M is returned, so a second is never split; `more` says whether any follow;
// - a record that left the caller's scope (reassigned, made invisible), was deleted or purged is
//   reported in `deleted` — if it was ever in that scope;
// - times are UTC text in the store, so no server timezone enters the cursor.
// syncType: user (default, records the caller owns), userandgroup (+ the caller's groups),
// application (admins only: every record).
import type { CrmRecord, Owner } from '../../../store/types.js';
import { getModule } from '../../../store/modules/registry.js';
import { fromStoreTime, nowUtc } from '../../../store/db.js';
import { callerOf, type Caller, type OpContext } from '../deps.js';
import { text } from '../params.js';
import { presentRecords } from '../present.js';
import { namedModule, recordModule } from '../record-access.js';
import { formatId } from '../ws-ids.js';
import { wsError } from '../ws-errors.js';
import { requireModuleRight } from '../module-rights.js';

const HORIZON_CHANGES = 100;
const MAX_SECONDS = 253_402_300_799; // 9999-12-31 23:59:59

function secondText(seconds: number): string {
  return nowUtc(new Date(seconds * 1000));
}

/** vtiger casts modifiedTime with (int): garbage reads as 0, i.e. everything. */
function cursor(raw: string): number {
  const n = Number.parseInt(raw.trim(), 10);
  return Number.isFinite(n) ? Math.min(Math.max(n, 0), MAX_SECONDS - 1) : 0;
}

function scopeOwners(caller: Caller, syncType: string): Owner[] | null {
  switch (syncType) {
    case '':
    case 'user':
      return [{ kind: 'user', id: caller.actor.userId }];
    case 'userandgroup':
      return [
        { kind: 'user', id: caller.actor.userId },
        ...caller.actor.groupIds.map((id): Owner => ({ kind: 'group', id })),
      ];
    case 'application':
      if (!caller.actor.isAdmin)
        throw wsError(
          'ACCESS_DENIED',
          'Permission to perform the operation is denied: syncType application is for administrators',
        );
      return null;
    default:
      throw wsError(
        'ACCESS_DENIED',
        `Permission to perform the operation is denied: unknown syncType ${syncType.slice(0, 30)}`,
      );
  }
}

function inScope(owners: readonly Owner[] | null, record: CrmRecord): boolean {
  return (
    owners === null || owners.some((o) => o.kind === record.owner.kind && o.id === record.owner.id)
  );
}

interface Sorted {
  readonly updated: CrmRecord[];
  readonly gone: { id: number; module: string }[];
}

/** The latest change per record, read in one query per module rather than one per record. */
async function readLatest(
  ctx: OpContext,
  latest: ReadonlyMap<number, string>,
): Promise<Map<number, CrmRecord>> {
  const byModule = new Map<string, number[]>();
  for (const [id, module] of latest) {
    const ids = byModule.get(module) ?? [];
    ids.push(id);
    byModule.set(module, ids);
  }
  const records = new Map<number, CrmRecord>();
  for (const [module, ids] of byModule)
    for (const [id, record] of await ctx.deps.store.records.readMany(getModule(module), ids))
      records.set(id, record);
  return records;
}

async function sortChanges(
  ctx: OpContext,
  caller: Caller,
  latest: Map<number, string>,
  owners: Owner[] | null,
): Promise<Sorted> {
  const updated: CrmRecord[] = [];
  const gone: { id: number; module: string }[] = [];
  const records = await readLatest(ctx, latest);
  for (const [id, module] of latest) {
    const record = records.get(id);
    if (
      record &&
      inScope(owners, record) &&
      (await ctx.deps.store.records.allowed(caller.actor, record, 'read'))
    )
      updated.push(record);
    else gone.push({ id, module });
  }
  const wasInScope = await ctx.deps.changes.everOwned(
    gone.map((g) => g.id),
    owners,
  );
  return { updated, gone: gone.filter((g) => wasInScope.has(g.id)) };
}

export async function sync(ctx: OpContext): Promise<unknown> {
  const caller = callerOf(ctx);
  const elementType = text(ctx.params, 'elementType');
  const named = elementType === '' ? null : recordModule(namedModule(elementType));
  if (named) requireModuleRight(caller.actor, named, 'read');
  const modules = named ? [named.name] : null;
  const owners = scopeOwners(caller, text(ctx.params, 'syncType'));
  const t = cursor(text(ctx.params, 'modifiedTime'));
  const horizon = await ctx.deps.changes.horizon(modules, secondText(t + 1), HORIZON_CHANGES);
  const m = horizon
    ? Math.min(Math.floor(fromStoreTime(horizon.slice(0, 19)) / 1000), MAX_SECONDS - 1)
    : t;
  const end = secondText(m + 1);
  const latest = new Map<number, string>();
  for (const c of await ctx.deps.changes.between(modules, secondText(t), end))
    latest.set(c.recordId, c.module);
  const { updated, gone } = await sortChanges(ctx, caller, latest, owners);
  return {
    updated: await presentRecords(ctx.deps.store, updated, {
      hidden: caller.actor.rights?.fields,
    }),
    deleted: gone.map((g) => formatId(getModule(g.module).idPrefix, g.id)),
    lastModifiedTime: m,
    more: await ctx.deps.changes.anyFrom(modules, end),
  };
}
