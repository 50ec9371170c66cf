// Posting due deliveries (gateway/hooks/README.md §3), signed as Standard Webhooks asks
// (standard-webhooks spec, "Signature scheme": webhook-id, webhook-timestamp in seconds and
// webhook-signature `v1,<base64 HMAC-SHA256 of id.timestamp.body>`), computed with the npm
// `standardwebhooks` reference implementation. A 2xx delivers; 410 Gone removes the subscription
// (spec, "Disabling endpoints"); anything else is retried on the schedule, and a delivery whose
// retry window is spent becomes a dead letter and disables its subscription with a notice.
// Deliveries of one subscription and record go one after another, so a record's events keep
// their order; different records go in parallel, a few per subscription at a time.
import { Webhook } from 'standardwebhooks';
import type { HttpClient } from '../../adapters/http.js';
import type { AttemptResult, HookOutbox } from '../../store/hooks/outbox.js';
import type { HookSubscriptionRepository } from '../../store/hooks/subscriptions.js';
import type { HookDelivery } from '../../store/hooks/types.js';
import { fromStoreTime } from '../../store/db.js';
import { nextAttempt, type RetrySchedule } from './retry-schedule.js';

export interface DeliverDeps {
  readonly subscriptions: HookSubscriptionRepository;
  readonly outbox: HookOutbox;
  readonly http: HttpClient;
  readonly clock: () => Date;
  readonly timeoutMs: number;
  /** A subscription was removed (410) or disabled (retries spent). */
  readonly onNotice: (subscriptionId: number, text: string) => Promise<void>;
}

export interface DeliverRun {
  readonly delivered: number;
  readonly failed: number;
}

interface Target {
  readonly url: string;
  readonly webhook: Webhook;
}

type Outcome = 'failed' | 'gone' | 'disabled';

/** How many successful deliveries are recorded per transaction. */
const FLUSH_EVERY = 200;

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

async function post(deps: DeliverDeps, target: Target, d: HookDelivery): Promise<AttemptResult> {
  const at = deps.clock();
  const started = performance.now();
  try {
    const res = await deps.http.request({
      method: 'POST',
      url: target.url,
      body: d.payload,
      timeoutMs: deps.timeoutMs,
      maxResponseBytes: 64 * 1024,
      headers: {
        'content-type': 'application/json',
        'webhook-id': d.messageId,
        'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
        'webhook-signature': target.webhook.sign(d.messageId, at, d.payload),
      },
    });
    const ok = res.status >= 200 && res.status < 300;
    return {
      at,
      statusCode: res.status,
      error: ok ? null : `HTTP ${res.status}`,
      durationMs: performance.now() - started,
    };
  } catch (err) {
    return { at, statusCode: null, error: errorText(err), durationMs: performance.now() - started };
  }
}

/** A failed attempt: retried later, a dead letter, or the subscription gone. */
async function settleFailure(
  deps: DeliverDeps,
  schedule: RetrySchedule,
  d: HookDelivery,
  result: AttemptResult,
): Promise<Outcome> {
  if (result.statusCode === 410) {
    await deps.subscriptions.delete(d.subscriptionId);
    await deps.onNotice(d.subscriptionId, 'the target answered 410 Gone: subscription removed');
    return 'gone';
  }
  const firstFailed = d.firstFailedAt ? new Date(fromStoreTime(d.firstFailedAt)) : result.at;
  const retryAt = nextAttempt(schedule, d.attempts + 1, firstFailed, deps.clock());
  await deps.outbox.failed(d, result, retryAt);
  if (retryAt === null) {
    const reason = `deliveries failed for longer than the retry window (last: ${result.error})`;
    await deps.subscriptions.setStatus(d.subscriptionId, 'disabled', reason);
    await deps.outbox.bury(d.subscriptionId, 'subscription disabled');
    await deps.onNotice(d.subscriptionId, `subscription disabled: ${reason}`);
    return 'disabled';
  }
  return 'failed';
}

export async function deliverDue(
  deps: DeliverDeps,
  schedule: RetrySchedule,
  options: { limit: number; concurrency: number; perSubscription: number; signal?: AbortSignal },
): Promise<DeliverRun> {
  const due = await deps.outbox.due(deps.clock(), options.limit);
  const chains = new Map<string, HookDelivery[]>();
  for (const d of due) {
    const key = `${d.subscriptionId}:${d.recordId}`;
    const chain = chains.get(key);
    if (chain) chain.push(d);
    else chains.set(key, [d]);
  }
  const targets = new Map<number, Promise<Target | null>>();
  const targetOf = (id: number): Promise<Target | null> => {
    let t = targets.get(id);
    if (!t) {
      t = Promise.all([deps.subscriptions.get(id), deps.subscriptions.secret(id)]).then(
        ([sub, secret]) =>
          sub && secret && sub.status === 'active'
            ? { url: sub.targetUrl, webhook: new Webhook(secret) }
            : null,
      );
      targets.set(id, t);
    }
    return t;
  };
  const stopped = new Set<number>();
  let delivered = 0;
  let failed = 0;
  // Successes are recorded in groups, one transaction each, while posting goes on; a crash
  // before a group is written posts it again with the same webhook-id (receivers deduplicate).
  let done: { delivery: HookDelivery; result: AttemptResult }[] = [];
  let writing: Promise<void> = Promise.resolve();
  const flush = (): Promise<void> => {
    const group = done;
    done = [];
    writing = writing.then(() => deps.outbox.deliveredMany(group));
    return writing;
  };
  const runChain = async (chain: readonly HookDelivery[]): Promise<void> => {
    for (const d of chain) {
      if (options.signal?.aborted || stopped.has(d.subscriptionId)) return;
      const target = await targetOf(d.subscriptionId);
      if (!target) return;
      const result = await post(deps, target, d);
      if (result.error === null) {
        delivered++;
        done.push({ delivery: d, result });
        if (done.length >= FLUSH_EVERY) void flush().catch(() => undefined);
        continue;
      }
      const outcome = await settleFailure(deps, schedule, d, result);
      failed++;
      if (outcome === 'gone' || outcome === 'disabled') stopped.add(d.subscriptionId);
      return;
    }
  };
  // Oldest first, but a subscription holds at most `perSubscription` chains in flight: a slow
  // target does not take every slot while other subscribers' deliveries wait behind it.
  const queue = [...chains.values()];
  const inFlight = new Map<number, number>();
  const running = new Set<Promise<void>>();
  const next = (): HookDelivery[] | undefined => {
    const i = queue.findIndex(
      (c) => (inFlight.get(c[0]?.subscriptionId ?? 0) ?? 0) < options.perSubscription,
    );
    return i < 0 ? undefined : queue.splice(i, 1)[0];
  };
  while (queue.length > 0 || running.size > 0) {
    for (let chain; running.size < options.concurrency && (chain = next());) {
      const sub = chain[0]?.subscriptionId ?? 0;
      inFlight.set(sub, (inFlight.get(sub) ?? 0) + 1);
      const task: Promise<void> = runChain(chain).finally(() => {
        inFlight.set(sub, (inFlight.get(sub) ?? 1) - 1);
        running.delete(task);
      });
      running.add(task);
    }
    if (running.size === 0) break;
    await Promise.race(running);
  }
  await flush();
  return { delivered, failed };
}
