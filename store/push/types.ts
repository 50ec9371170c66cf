// The shapes of Web Push in the store (gateway/push/README.md §2, §4).

/** What a push is about; each is a switch in the user's preferences. */
export const PUSH_KINDS = [
  'reminder',
  'assigned',
  'ticket',
  'whatsapp',
  'failure',
  'security',
] as const;
export type PushKind = (typeof PUSH_KINDS)[number];

/** RFC 8030 §5.3. */
export const URGENCIES = ['very-low', 'low', 'normal', 'high'] as const;
export type Urgency = (typeof URGENCIES)[number];

/** The "idle" rule's choices of minutes; 0 turns it off. */
export const IDLE_MINUTES = [0, 5, 10, 15, 30, 60] as const;
export type IdleMinutes = (typeof IDLE_MINUTES)[number];

/** Hours as "HH:MM" in the user's time zone; `to` before `from` spans midnight. */
export interface HourRange {
  readonly from: string;
  readonly to: string;
}

export interface PushPreferences {
  readonly kinds: Readonly<Record<PushKind, boolean>>;
  /** null: always; otherwise the days (0 Sunday … 6 Saturday) and hours pushes may arrive. */
  readonly schedule: (HourRange & { readonly days: readonly number[] }) | null;
  readonly quiet: HourRange | null;
  readonly idleMinutes: IdleMinutes;
}

export const DEFAULT_PREFERENCES: PushPreferences = {
  kinds: {
    reminder: true,
    assigned: true,
    ticket: true,
    whatsapp: true,
    failure: true,
    security: true,
  },
  schedule: null,
  quiet: null,
  idleMinutes: 0,
};

/** The browser's PushSubscription JSON (W3C Push API §4.3; RFC 8291 §3 for the keys). */
export interface SubscriptionKeys {
  readonly endpoint: string;
  readonly p256dh: string;
  readonly auth: string;
}

export interface PushSubscriptionInfo {
  readonly id: number;
  readonly userId: number;
  readonly endpoint: string;
  readonly createdAt: string;
  readonly lastSuccessAt: string | null;
}

export interface NewPushMessage {
  readonly userId: number;
  readonly kind: PushKind;
  readonly topic: string | null;
  readonly urgency: Urgency;
  readonly payload: string;
  /** Store time (store/db.ts nowUtc) after which the message is stale and dropped. */
  readonly expiresAt: string;
}

export interface OutboxMessage extends NewPushMessage {
  readonly id: number;
  readonly subscriptionId: number;
  readonly createdAt: string;
  readonly nextAttemptAt: string;
  readonly attempts: number;
}
