// Change log → outbox (gateway/hooks/README.md §2): the changes after the fan-out's position, in
// commit order, become events with the subscriptions that receive them — active, for that module
// and event, whose user may view the module and read the record and whose filter it matches — and
// the events, their deliveries and the new position are written in one transaction
// (store/hooks/outbox.ts). Subscribers are grouped so that the work is done once per group, not
// once per subscription: the record query once per (user, event, filter), the body once per
// distinct set of hidden fields (the subscriber's profile, README.md "### Roles and profiles").
import type { HookOutbox } from '../../store/hooks/outbox.js';
import { matchingIds } from '../../store/hooks/record-match.js';
import type { HookSubscriptionRepository } from '../../store/hooks/subscriptions.js';
import type { HookEvent, HookEventRow, HookSubscription } from '../../store/hooks/types.js';
import { findModule } from '../../store/modules/registry.js';
import type { ModuleDef } from '../../store/modules/types.js';
import type { FieldRulesTable } from '../../store/roles/field-rules.js';
import { can } from '../../store/roles/rights.js';
import type { Store } from '../../store/store.js';
import type { Actor, Change, ChangeOperation, CrmRecord } from '../../store/types.js';
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

/** What one subscription receives of a batch: record ids, and the body variant it gets. */
interface Reception {
  readonly ids: ReadonlySet<number>;
  readonly variant: string;
}

/** The hidden fields of the module under the actor's profile, as a key and as rules. */
function variantOf(def: ModuleDef, actor: Actor): { key: string; rules: FieldRulesTable | null } {
  const hidden = [...(actor.rights?.fields?.[def.name]?.hidden ?? [])].sort();
  if (hidden.length === 0) return { key: '', rules: null };
  return { key: hidden.join(','), rules: { [def.name]: { hidden, readonly: [] } } };
}

/** Which of the module's changed records each subscription receives, and with which body. */
async function receivers(
  deps: FanOutDeps,
  def: ModuleDef,
  subs: readonly HookSubscription[],
  changes: readonly Change[],
  variants: Map<string, FieldRulesTable | null>,
): Promise<Map<number, Reception>> {
  const access = await deps.store.sharing.get(def.name);
  const actors = new Map<number, Promise<Actor | null>>();
  const groups = new Map<string, Promise<Set<number> | null>>();
  const result = new Map<number, Reception>();
  for (const sub of subs) {
    const ids = [
      ...new Set(changes.filter((c) => EVENT_OF[c.operation] === sub.event).map((c) => c.recordId)),
    ];
    if (ids.length === 0) continue;
    let pending = actors.get(sub.userId);
    if (!pending) {
      pending = deps.store.users.actor(sub.userId);
      actors.set(sub.userId, pending);
    }
    const actor = await pending;
    // An inactive user, or a profile without the view right on the module, receives nothing.
    if (!actor || !can(actor.rights, def.name, 'view')) continue;
    const groupKey = JSON.stringify([sub.userId, sub.event, sub.filter]);
    let group = groups.get(groupKey);
    if (!group) {
      group = (async () => {
        let where;
        try {
          where = compileFilter(def.name, sub.filter);
        } catch {
          // A filter that no longer compiles (a field was removed) matches nothing.
          return null;
        }
        return matchingIds(deps.store.db.knex, def, actor, access, where, ids);
      })();
      groups.set(groupKey, group);
    }
    const matched = await group;
    if (!matched || matched.size === 0) continue;
    const variant = variantOf(def, actor);
    variants.set(variant.key, variant.rules);
    result.set(sub.id, { ids: matched, variant: variant.key });
  }
  return result;
}

async function moduleEvents(
  deps: FanOutDeps,
  def: ModuleDef,
  subs: readonly HookSubscription[],
  changes: readonly Change[],
): Promise<HookEventRow[]> {
  const variants = new Map<string, FieldRulesTable | null>();
  const byRecord = await receivers(deps, def, subs, changes, variants);
  const wanted = new Set<number>();
  for (const r of byRecord.values()) for (const id of r.ids) wanted.add(id);
  const records: CrmRecord[] = [];
  for (const id of wanted) {
    const record = await deps.store.records.read(def, id, true);
    if (record) records.push(record);
  }
  const shapedBy = new Map<string, Awaited<ReturnType<typeof presentById>>>();
  for (const [key, rules] of variants)
    shapedBy.set(key, await presentById(deps.store, records, rules));
  const events: HookEventRow[] = [];
  for (const change of changes) {
    const event = EVENT_OF[change.operation];
    if (!event) continue;
    const receiving = subs.filter(
      (s) => s.event === event && byRecord.get(s.id)?.ids.has(change.recordId),
    );
    let variant = 0;
    for (const [key, shaped] of shapedBy) {
      const record = shaped.get(change.recordId);
      const subscriptionIds = receiving
        .filter((s) => byRecord.get(s.id)?.variant === key)
        .map((s) => s.id);
      if (!record || subscriptionIds.length === 0) continue;
      events.push({
        seq: change.seq,
        variant: variant++,
        module: def.name,
        recordId: change.recordId,
        event,
        occurredAt: change.changedAt,
        payload: hookBody(def.name, event, change.changedAt, record),
        subscriptionIds,
      });
    }
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
  events.sort((a, b) => a.seq - b.seq || a.variant - b.variant);
  await deps.outbox.append(position, last.seq, events);
  return changes.length;
}
