// Who may use an application, checked at every step (authorization, token, refresh, and each
// API call through the verifier): the server switch, the application being active, the user
// being active, the "apps may act as admin users" switch (off by default, RFC 9700 §2.3 least
// privilege) and the application's restriction to selected users and groups.
import type { OAuthClient } from '../../store/oauth/types.js';
import type { OAuthStore } from '../../store/oauth/oauth-store.js';
import type { Store } from '../../store/store.js';
import type { User } from '../../store/types.js';
import { readOAuthSettings, type OAuthSettings } from './settings.js';

/** Why `user` may not use `client`, or null when it may (pure: the caller loads the values). */
export function userRefusal(
  settings: OAuthSettings,
  client: OAuthClient,
  user: User,
  groupIds: readonly number[],
): string | null {
  if (user.status !== 'Active') return 'the user is not active';
  if (user.isAdmin && !settings.allowAdminUsers)
    return 'applications may not act as administrator users';
  if (client.type === 'service' || !client.restricted) return null;
  if (
    client.allowedUserIds.includes(user.id) ||
    groupIds.some((g) => client.allowedGroupIds.includes(g))
  )
    return null;
  return 'this application is not available to this user';
}

export class OAuthAccess {
  constructor(
    private readonly store: Store,
    private readonly oauth: OAuthStore,
  ) {}

  settings(): Promise<OAuthSettings> {
    return readOAuthSettings(this.store.settings);
  }

  /** The client when the server is on and the client active; else null. */
  async activeClient(clientId: string): Promise<OAuthClient | null> {
    if (!(await this.settings()).enabled) return null;
    const client = await this.oauth.clients.get(clientId);
    return client && client.active ? client : null;
  }

  /** The user when it may act through `client`; the refusal reason otherwise. */
  async user(
    client: OAuthClient,
    userId: number,
  ): Promise<{ user: User; refusal: null } | { user: User | null; refusal: string }> {
    const user = await this.store.users.findById(userId);
    if (!user) return { user: null, refusal: 'the user does not exist' };
    const actor = await this.store.users.actor(userId);
    const refusal = userRefusal(await this.settings(), client, user, actor?.groupIds ?? []);
    return refusal === null ? { user, refusal: null } : { user, refusal };
  }

  /** Shorthand: the user, or null when refused. */
  async allowedUser(client: OAuthClient, userId: number): Promise<User | null> {
    const result = await this.user(client, userId);
    return result.refusal === null ? result.user : null;
  }
}
