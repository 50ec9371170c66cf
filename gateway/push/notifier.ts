// Queues pushes for users (gateway/push/README.md §5): each kind is a switch in the user's
// preferences, and a push's topic is the record it is about, so a newer push about the same
// record replaces a queued one (RFC 8030 §5.4).
import { nowUtc } from '../../store/db.js';
import type { PushStore } from '../../store/push/push-store.js';
import type { PushKind, Urgency } from '../../store/push/types.js';
import type { Store } from '../../store/store.js';
import { encodePayload, type PushContent } from './payload.js';

export interface Notice {
  readonly kind: PushKind;
  readonly title: string;
  readonly body: string;
  readonly url?: string | null;
  /** The record the push is about: its topic and notification tag. */
  readonly recordId?: number | null;
  readonly urgency?: Urgency;
  /** How long the push stays worth delivering; a reminder's ends at the event's start. */
  readonly expiresAt: Date;
}

/** A topic is at most 32 URL-safe base64 characters (RFC 8030 §5.4). */
export function topicOf(kind: PushKind, recordId: number): string {
  return `${kind}-${recordId}`.slice(0, 32);
}

export class PushNotifier {
  constructor(
    private readonly store: Store,
    private readonly push: PushStore,
    private readonly clock: () => Date,
  ) {}

  /** Queues for one user unless they switched the kind off; returns the rows queued. */
  async notify(userId: number, notice: Notice): Promise<number> {
    const preferences = await this.push.preferences.get(userId);
    if (!preferences.kinds[notice.kind]) return 0;
    const topic = notice.recordId != null ? topicOf(notice.kind, notice.recordId) : null;
    const content: PushContent = {
      title: notice.title,
      body: notice.body,
      kind: notice.kind,
      url: notice.url ?? null,
      tag: topic,
    };
    return this.push.outbox.enqueue(
      {
        userId,
        kind: notice.kind,
        topic,
        urgency: notice.urgency ?? (notice.kind === 'security' ? 'high' : 'normal'),
        payload: encodePayload(content),
        expiresAt: nowUtc(notice.expiresAt),
      },
      this.clock(),
    );
  }

  /** The users behind an owner: the user, or the active members of a group. */
  async ownerUsers(owner: { kind: 'user' | 'group'; id: number }): Promise<number[]> {
    if (owner.kind === 'user') return [owner.id];
    const group = await this.store.groups.get(owner.id);
    return group ? [...group.memberIds] : [];
  }

  async notifyAdmins(notice: Notice): Promise<number> {
    const admins = (await this.store.users.list()).filter(
      (u) => u.isAdmin && u.status === 'Active',
    );
    let queued = 0;
    for (const admin of admins) queued += await this.notify(admin.id, notice);
    return queued;
  }
}
