// retrieve (gateway/rest/README.md §2, Retrieve.php): one record by ws id, every field plus `id`.
// Users (19x) and Groups (20x) are readable too: a user reads themself, an admin anyone.
// Records of virtual modules (virtual/registry.ts) are read through their module. A product comes
// with its stock per warehouse and tax rates (product-extras.ts); SalesOrder, Invoice and Quotes
// with their LineItems (inventory-present.ts).
import type { Caller, OpContext } from '../deps.js';
import { callerOf } from '../deps.js';
import { text } from '../params.js';
import { presentGroup, presentUser } from '../directory/directory-records.js';
import { withInventory } from '../inventory-present.js';
import { presentRecord, type WsRecord } from '../present.js';
import { productExtrasWs } from '../product-extras.js';
import { loadRecord } from '../record-access.js';
import { virtualTarget } from '../virtual/registry.js';
import { retrieveVirtual } from '../virtual/run-virtual.js';
import { formatId, GROUPS_PREFIX, requireWsId, USERS_PREFIX } from '../ws-ids.js';
import { MESSAGES, wsError } from '../ws-errors.js';

async function retrieveOwner(
  ctx: OpContext,
  caller: Caller,
  kind: 'users' | 'groups',
  id: number,
): Promise<WsRecord> {
  if (kind === 'groups') {
    const group = await ctx.deps.store.groups.get(id);
    if (!group)
      throw wsError(
        'ACCESS_DENIED',
        `Permission to perform the operation is denied: group ${formatId(GROUPS_PREFIX, id)} does not exist`,
      );
    return presentGroup(group);
  }
  if (!caller.actor.isAdmin && caller.actor.userId !== id)
    throw wsError('ACCESS_DENIED', MESSAGES.readDenied);
  const user = await ctx.deps.store.users.findById(id);
  if (!user)
    throw wsError(
      'ACCESS_DENIED',
      `Permission to perform the operation is denied: user ${formatId(USERS_PREFIX, id)} does not exist`,
    );
  return presentUser(user);
}

export async function retrieve(ctx: OpContext): Promise<unknown> {
  const caller = callerOf(ctx);
  const idText = text(ctx.params, 'id');
  const virtual = virtualTarget(idText);
  if (virtual) return retrieveVirtual(ctx.deps, caller, virtual);
  const { def, id } = requireWsId(idText);
  if (def.kind !== 'entity') return retrieveOwner(ctx, caller, def.kind, id);
  const { record } = await loadRecord(ctx.deps, caller, idText, 'read');
  ctx.deps.onActivitiesListed(def.name, caller.actor.userId);
  const present = await presentRecord(ctx.deps.store, record, {
    hidden: caller.actor.rights?.fields,
  });
  if (def.inventory) return withInventory(ctx.deps.store, record, present);
  if (def.name !== 'Products') return present;
  return { ...present, ...(await productExtrasWs(ctx.deps.store, record.id)) };
}
