// Who the channel acts as when it writes CRM records: its owner user, or for a group owner the
// first active administrator (records still belong to the group).
import { GatewayError } from '../../../store/errors.js';
import type { Store } from '../../../store/store.js';
import type { Actor } from '../../../store/types.js';
import type { WhatsAppChannel } from '../../../store/whatsapp/types.js';

export async function channelActor(store: Store, channel: WhatsAppChannel): Promise<Actor> {
  if (channel.owner.kind === 'user') {
    const actor = await store.users.actor(channel.owner.id);
    if (actor) return actor;
  }
  const admin = (await store.users.list()).find((u) => u.isAdmin && u.status === 'Active');
  const actor = admin ? await store.users.actor(admin.id) : null;
  if (!actor)
    throw new GatewayError('not_found', `WhatsApp channel ${channel.id} has no active owner user`);
  return actor;
}
