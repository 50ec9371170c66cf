// REST hook shapes the repositories return (gateway/hooks/README.md §1).

export const HOOK_EVENTS = ['created', 'updated', 'deleted', 'restored'] as const;
export type HookEvent = (typeof HOOK_EVENTS)[number];

export function isHookEvent(value: string): value is HookEvent {
  return (HOOK_EVENTS as readonly string[]).includes(value);
}

export type HookStatus = 'active' | 'disabled';

export interface HookSubscription {
  readonly id: number;
  readonly userId: number;
  readonly targetUrl: string;
  readonly event: HookEvent;
  readonly module: string;
  readonly filter: string | null;
  readonly status: HookStatus;
  readonly disabledReason: string | null;
  readonly createdAt: string;
}

export interface NewHookSubscription {
  readonly userId: number;
  readonly targetUrl: string;
  readonly event: HookEvent;
  readonly module: string;
  readonly filter: string | null;
  /** The signing secret in clear (`whsec_…`); sealed before it is written. */
  readonly secret: string;
}

export type DeliveryStatus = 'pending' | 'delivered' | 'dead';

/** One delivery of one event to one subscription, with what signing and posting need. */
export interface HookDelivery {
  readonly id: number;
  readonly messageId: string;
  readonly subscriptionId: number;
  readonly recordId: number;
  readonly status: DeliveryStatus;
  readonly attempts: number;
  readonly nextAttemptAt: string;
  readonly firstFailedAt: string | null;
  readonly deliveredAt: string | null;
  readonly lastError: string | null;
  readonly payload: string;
  /** When the change was committed (the change log's time). */
  readonly occurredAt: string;
}

/**
 * A fanned-out change with one body: the body every subscription receiving it in this variant
 * gets. A change has one variant per distinct set of fields its subscribers' profiles hide.
 */
export interface HookEventRow {
  readonly seq: number;
  readonly variant: number;
  readonly module: string;
  readonly recordId: number;
  readonly event: HookEvent;
  readonly occurredAt: string;
  readonly payload: string;
  readonly subscriptionIds: readonly number[];
}
