// Change log → outbox (gateway/hooks/README.md §2): the changes after the fan-out's position, in
// commit order, become one event each with the subscriptions that receive it — active, for that
// module and event, whose user may read the record and whose filter it matches — and the events,
// their deliveries and the new position are written in one transaction (store/hooks/outbox.ts).
import type { HookOutbox } from '../../store/hooks/outbox.js';
import { matchingIds } from '../../store/hooks/record-match.js';
import type { HookSubscriptionRepository } from '../../store/hooks/subscriptions.js';
import type { HookEvent, HookEventRow, HookSubscription } from '../../store/hooks/types.js';
import { findModule } from '../../store/modules/registry.js';
import type { ModuleDef } from '../../store/modules/types.js';
import type { Store } from '../../store/store.js';
import type { Change, ChangeOperation, CrmRecord } from '../../store/types.js';
import { compileFilter } from './filter.js';
import { hookBody, presentById } from './payload.js';

const EVENT_OF: Partial<Record<ChangeOperation, HookEvent>> = {
  create: 'created',
  update: 'updated',
  delete: 'deleted',
  restore: 'restored',
};

export interface FanOutDeps {
  readonly store: Store;
  readonly subscriptions: HookSubscriptionRepository;
  readonly outbox: HookOutbox;
}

/** Which of the module's changed records each subscription receives. */
async function receivers(
  deps: FanOutDeps,
  def: ModuleDef,
  subs: readonly HookSubscription[],
  changes: readonly Change[],
): Promise<Map<number, Set<number>>> {
  const access = await deps.store.sharing.get(def.name);
  const result = new Map<number, Set<number>>();
  for (const sub of subs) {
    const ids = [
      ...new Set(changes.filter((c) => EVENT_OF[c.operation] === sub.event).map((c) => c.recordId)),
    ];
    if (ids.length === 0) continue;
    const user = await deps.store.users.findById(sub.userId);
    const actor = user?.status === 'Active' ? await deps.store.users.actor(sub.userId) : null;
    if (!actor) continue;
    let where;
    try {
      where = compileFilter(def.name, sub.filter);
    } catch {
      // A filter that no longer compiles (a field was removed) matches nothing.
      continue;
    }
    result.set(sub.id, await matchingIds(deps.store.db.knex, def, actor, access, where, ids));
  }
  return result;
}

async function moduleEvents(
  deps: FanOutDeps,
  def: ModuleDef,
  subs: readonly HookSubscription[],
  changes: readonly Change[],
): Promise<HookEventRow[]> {
  const byRecord = await receivers(deps, def, subs, changes);
  const wanted = new Set<number>();
  for (const ids of byRecord.values()) for (const id of ids) wanted.add(id);
  const records: CrmRecord[] = [];
  for (const id of wanted) {
    const record = await deps.store.records.read(def, id, true);
    if (record) records.push(record);
  }
  const shaped = await presentById(deps.store, records);
  const events: HookEventRow[] = [];
  for (const change of changes) {
    const event = EVENT_OF[change.operation];
    const record = shaped.get(change.recordId);
    if (!event || !record) continue;
    const subscriptionIds = subs
      .filter((s) => s.event === event && byRecord.get(s.id)?.has(change.recordId))
      .map((s) => s.id);
    if (subscriptionIds.length === 0) continue;
    events.push({
      seq: change.seq,
      module: def.name,
      recordId: change.recordId,
      event,
      occurredAt: change.changedAt,
      payload: hookBody(def.name, event, change.changedAt, record),
      subscriptionIds,
    });
  }
  return events;
}

/**
 * Fans out one batch of changes; returns how many changes it consumed (0: caught up). The record is
 * read as it is at fan-out, moments after the change: the body carries its current values.
 */
export async function fanOut(deps: FanOutDeps, batch: number): Promise<number> {
  const position = await deps.outbox.position();
  if (position === null) return 0;
  const changes = await deps.store.changeLog.since(position, { limit: batch });
  const last = changes.at(-1);
  if (!last) return 0;
  const subs = await deps.subscriptions.list();
  const active = subs.filter((s) => s.status === 'active');
  const events: HookEventRow[] = [];
  for (const module of new Set(active.map((s) => s.module))) {
    const def = findModule(module);
    const ofModule = changes.filter((c) => c.module === module);
    if (!def || ofModule.length === 0) continue;
    events.push(
      ...(await moduleEvents(
        deps,
        def,
        active.filter((s) => s.module === module),
        ofModule,
      )),
    );
  }
  events.sort((a, b) => a.seq - b.seq);
  await deps.outbox.append(position, last.seq, events);
  return changes.length;
}
