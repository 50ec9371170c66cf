// REST hooks (gateway/hooks/README.md): subscriptions per user, the polling list, dead letters,
// and the loop the `hooks.deliver` job runs: change log → outbox (fan-out.ts) → targets
// (deliver.ts). The REST routes, the console and the command line all go through this service.
import { randomBytes } from 'node:crypto';
import { createHttpClient, type HttpClient } from '../../adapters/http.js';
import { GatewayError } from '../../store/errors.js';
import { HookOutbox } from '../../store/hooks/outbox.js';
import { matchingIds } from '../../store/hooks/record-match.js';
import { recentChanges } from '../../store/hooks/recent-changes.js';
import { HookSubscriptionRepository } from '../../store/hooks/subscriptions.js';
import type { HookDelivery, HookEvent, HookSubscription } from '../../store/hooks/types.js';
import { findModule } from '../../store/modules/registry.js';
import { can } from '../../store/roles/rights.js';
import { SecretBox } from '../../store/secrets.js';
import type { Store } from '../../store/store.js';
import type { Actor, ChangeOperation, CrmRecord } from '../../store/types.js';
import { loadSecretKey } from '../caldav-bridge/secret-key.js';
import type { GatewayConfig } from '../config.js';
import { deliverDue, type DeliverRun } from './deliver.js';
import { fanOut } from './fan-out.js';
import { compileFilter } from './filter.js';
import { hookBody, presentById } from './payload.js';
import { loadSchedule } from './retry-schedule.js';
import { parseSubscribeInput } from './subscribe-input.js';

export type HooksConfig = Pick<
  GatewayConfig,
  'secretKey' | 'databaseUrl' | 'dataDir' | 'outboundAllowHosts' | 'outboundTimeoutMs'
>;

export interface HookServiceOptions {
  readonly http?: HttpClient;
  readonly clock?: () => Date;
  /** How long the loop waits when there is nothing to do. */
  readonly idleMs?: number;
  readonly onNotice?: (subscription: number, text: string) => void;
}

/** Who asks: admins see and manage every subscription, others their own. */
export interface HookCaller {
  readonly userId: number;
  readonly actor: Actor;
}

const OPERATION_OF: Record<HookEvent, ChangeOperation> = {
  created: 'create',
  updated: 'update',
  deleted: 'delete',
  restored: 'restore',
};
const FAN_OUT_BATCH = 500;
const DELIVER_BATCH = 500;
const CONCURRENCY = 32;
/** In flight per subscription: one slow target cannot take every slot (deliver.ts). */
const PER_SUBSCRIPTION = 4;
const MAX_POLL = 100;

function newSecret(): string {
  return `whsec_${randomBytes(24).toString('base64')}`;
}

export class HookService {
  readonly subscriptions: HookSubscriptionRepository;
  readonly outbox: HookOutbox;
  private readonly http: HttpClient;
  private readonly clock: () => Date;
  private readonly idleMs: number;

  constructor(
    private readonly store: Store,
    private readonly config: HooksConfig,
    private readonly options: HookServiceOptions = {},
  ) {
    this.subscriptions = new HookSubscriptionRepository(
      store.db.knex,
      new SecretBox(() => loadSecretKey(config)),
    );
    this.outbox = new HookOutbox(store.db.knex);
    this.clock = options.clock ?? (() => new Date());
    this.idleMs = options.idleMs ?? 100;
    this.http =
      options.http ??
      createHttpClient({
        allowHosts: config.outboundAllowHosts,
        timeoutMs: config.outboundTimeoutMs,
        maxResponseBytes: 64 * 1024,
        maxRedirects: 0,
        retries: 0,
        userAgent: 'crm-standards-gateway hooks',
      });
  }

  async subscribe(
    caller: HookCaller,
    body: unknown,
  ): Promise<{ subscription: HookSubscription; secret: string }> {
    const input = parseSubscribeInput(body);
    const secret = newSecret();
    const subscription = await this.subscriptions.create({
      ...input,
      userId: caller.userId,
      secret,
    });
    return { subscription, secret };
  }

  /** A subscription the caller may manage, or not_found (others' ids are not revealed). */
  async owned(caller: HookCaller, id: number): Promise<HookSubscription> {
    const sub = Number.isSafeInteger(id) ? await this.subscriptions.get(id) : null;
    if (!sub || (!caller.actor.isAdmin && sub.userId !== caller.userId))
      throw new GatewayError('not_found', `no hook subscription ${String(id).slice(0, 20)}`);
    return sub;
  }

  async unsubscribe(caller: HookCaller, id: number): Promise<void> {
    await this.owned(caller, id);
    await this.subscriptions.delete(id);
  }

  async list(caller: HookCaller): Promise<HookSubscription[]> {
    return this.subscriptions.list(caller.actor.isAdmin ? undefined : caller.userId);
  }

  /** The latest bodies a subscription with these terms would have received, newest first. */
  async poll(
    caller: HookCaller,
    query: { event: string; module: string; filter: string | null; limit: number },
  ): Promise<unknown[]> {
    const input = parseSubscribeInput({
      target_url: 'https://poll.invalid/',
      event: query.event,
      module: query.module,
      filter: query.filter,
    });
    const def = findModule(input.module);
    if (!def) throw new GatewayError('invalid_input', 'unknown module');
    // The same rules as deliveries (fan-out.ts): no view right on the module, no samples.
    if (!can(caller.actor.rights, def.name, 'view')) return [];
    const limit = Math.min(Math.max(1, Math.floor(query.limit) || 1), MAX_POLL);
    const recent = await recentChanges(
      this.store.db.knex,
      def.name,
      OPERATION_OF[input.event],
      limit * 5,
    );
    const where = compileFilter(def.name, input.filter);
    const access = await this.store.sharing.get(def.name);
    const ids = recent.map((c) => c.recordId);
    const visible = await matchingIds(this.store.db.knex, def, caller.actor, access, where, ids);
    const records: CrmRecord[] = [];
    for (const change of recent) {
      if (records.length >= limit || !visible.has(change.recordId)) continue;
      const record = await this.store.records.read(def, change.recordId, true);
      // Only records still in the state of the event: a deleted one is not a "created" sample.
      if (record && (input.event === 'deleted') === (await this.isDeleted(record.id)))
        records.push(record);
    }
    const shaped = await presentById(this.store, records, caller.actor.rights?.fields ?? null);
    return records.map((r) => {
      const at = recent.find((c) => c.recordId === r.id)?.changedAt ?? r.modifiedTime;
      return JSON.parse(hookBody(def.name, input.event, at, shaped.get(r.id) ?? {})) as unknown;
    });
  }

  private async isDeleted(id: number): Promise<boolean> {
    return (await this.store.records.status(id))?.deleted === true;
  }

  async deadLetters(caller: HookCaller, limit = 100): Promise<HookDelivery[]> {
    return this.outbox.list({
      status: 'dead',
      limit,
      ...(caller.actor.isAdmin ? {} : { userId: caller.userId }),
    });
  }

  /** Queues a dead letter again; its subscription is enabled again if retries had disabled it. */
  async redeliver(caller: HookCaller, deliveryId: number): Promise<void> {
    const delivery = await this.outbox.get(deliveryId);
    if (!delivery || delivery.status !== 'dead')
      throw new GatewayError('not_found', `no dead letter ${String(deliveryId).slice(0, 20)}`);
    const sub = await this.owned(caller, delivery.subscriptionId);
    if (sub.status === 'disabled') await this.subscriptions.setStatus(sub.id, 'active', null);
    await this.outbox.redeliver(deliveryId, this.clock());
  }

  /** Fans out every change committed so far, then posts what is due once. */
  async runOnce(signal?: AbortSignal): Promise<DeliverRun & { fannedOut: number }> {
    let fannedOut = 0;
    for (;;) {
      if (signal?.aborted) break;
      const n = await fanOut(
        { store: this.store, subscriptions: this.subscriptions, outbox: this.outbox },
        FAN_OUT_BATCH,
      );
      fannedOut += n;
      if (n < FAN_OUT_BATCH) break;
    }
    const run = await deliverDue(
      {
        subscriptions: this.subscriptions,
        outbox: this.outbox,
        http: this.http,
        clock: this.clock,
        timeoutMs: this.config.outboundTimeoutMs,
        onNotice: (id, text) => this.notice(id, text),
      },
      await loadSchedule(this.store.settings),
      {
        limit: DELIVER_BATCH,
        concurrency: CONCURRENCY,
        perSubscription: PER_SUBSCRIPTION,
        ...(signal ? { signal } : {}),
      },
    );
    return { ...run, fannedOut };
  }

  /**
   * Runs until aborted or `forMs` has passed, resting idleMs whenever there is nothing to do. With
   * no active subscription it returns once idle: the job's next run comes a second later, and a
   * worker's runOnce (tests, other jobs) is not held for the whole period.
   */
  async run(signal: AbortSignal, forMs: number): Promise<void> {
    const until = Date.now() + forMs;
    while (!signal.aborted && Date.now() < until) {
      const run = await this.runOnce(signal);
      if (run.fannedOut > 0 || run.delivered + run.failed > 0) continue;
      if ((await this.subscriptions.activeModules()).length === 0) return;
      await rest(this.idleMs, signal);
    }
  }

  private async notice(subscriptionId: number, text: string): Promise<void> {
    const log = await this.store.exchangeLog.start('hooks', 'outbound', `hook ${subscriptionId}`);
    await this.store.exchangeLog.finish(log, 'error', {}, text);
    this.options.onNotice?.(subscriptionId, text);
  }
}

function rest(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
