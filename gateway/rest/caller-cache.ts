// Users and their group memberships, cached per process for a few seconds: every webservice call
// needs the caller's actor, and reading it costs two queries. The TTL bounds how long a
// deactivation or group change made elsewhere (console, another replica) takes to apply, as the
// sharing cache does (store/visibility.ts).
import type { Store } from '../../store/store.js';
import type { Actor, User } from '../../store/types.js';

export interface CachedCaller {
  readonly user: User;
  readonly actor: Actor;
}

const TTL_MS = 5000;
const MAX_ENTRIES = 10_000;

export class CallerCache {
  private readonly entries = new Map<number, { value: CachedCaller; until: number }>();

  constructor(private readonly store: Store) {}

  /** The active user with their actor, or null when missing or inactive. */
  async get(userId: number): Promise<CachedCaller | null> {
    const hit = this.entries.get(userId);
    if (hit && hit.until > Date.now()) return hit.value;
    const user = await this.store.users.findById(userId);
    const actor = user && user.status === 'Active' ? await this.store.users.actor(userId) : null;
    if (!user || !actor) {
      this.entries.delete(userId);
      return null;
    }
    if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
    const value = { user, actor };
    this.entries.set(userId, { value, until: Date.now() + TTL_MS });
    return value;
  }

  /** Drops a user's entry: a fresh login reads fresh memberships. */
  forget(userId: number): void {
    this.entries.delete(userId);
  }
}
