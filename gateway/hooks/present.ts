// A subscription as the REST API and the command line show it (gateway/hooks/README.md §1): never
// its secret, which is shown once, when it is created.
import type { HookDelivery, HookSubscription } from '../../store/hooks/types.js';

export function subscriptionJson(s: HookSubscription): Record<string, unknown> {
  return {
    id: String(s.id),
    user_id: s.userId,
    target_url: s.targetUrl,
    event: s.event,
    module: s.module,
    filter: s.filter,
    status: s.status,
    disabled_reason: s.disabledReason,
    created_at: s.createdAt,
  };
}

export function deliveryJson(d: HookDelivery): Record<string, unknown> {
  return {
    id: d.id,
    message_id: d.messageId,
    subscription_id: d.subscriptionId,
    status: d.status,
    attempts: d.attempts,
    next_attempt_at: d.nextAttemptAt,
    last_error: d.lastError,
    occurred_at: d.occurredAt,
  };
}
