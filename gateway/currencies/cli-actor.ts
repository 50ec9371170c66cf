// The command line has no logged-in user; currency and tax changes are made as the first active
// administrator (the records' "modified by"), as an admin would make them in the console.
import { GatewayError } from '../../store/errors.js';
import type { Store } from '../../store/store.js';
import type { Actor } from '../../store/types.js';

export async function adminActor(store: Store): Promise<Actor> {
  const admin = (await store.users.list()).find((u) => u.isAdmin && u.status === 'Active');
  const actor = admin ? await store.users.actor(admin.id) : null;
  if (!actor) throw new GatewayError('not_found', 'No active administrator to act as');
  return actor;
}
