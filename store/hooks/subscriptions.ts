// REST hook subscriptions (gateway/hooks/README.md §1). The signing secret is sealed at rest with
// the gateway's secret key (store/secrets.ts) and bound to the subscription id, as link secrets
// are: a sealed value copied onto another row does not open.
import type { Knex } from 'knex';
import { nowUtc } from '../db.js';
import type { SecretBox } from '../secrets.js';
import { startFeed } from './outbox.js';
import type { HookEvent, HookStatus, HookSubscription, NewHookSubscription } from './types.js';

interface SubscriptionRow {
  id: number;
  user_id: number;
  target_url: string;
  event: string;
  module: string;
  filter: string | null;
  secret: string;
  status: string;
  disabled_reason: string | null;
  created_at: string;
}

const MAX_REASON = 2000;

function toSubscription(row: SubscriptionRow): HookSubscription {
  return {
    id: Number(row.id),
    userId: Number(row.user_id),
    targetUrl: row.target_url,
    event: row.event as HookEvent,
    module: row.module,
    filter: row.filter,
    status: row.status === 'disabled' ? 'disabled' : 'active',
    disabledReason: row.disabled_reason,
    createdAt: row.created_at,
  };
}

const context = (id: number): string => `hook:${id}`;

export class HookSubscriptionRepository {
  constructor(
    private readonly knex: Knex,
    private readonly box: SecretBox,
  ) {}

  async create(input: NewHookSubscription): Promise<HookSubscription> {
    return this.knex.transaction(async (trx) => {
      const [inserted] = await trx('hook_subscriptions')
        .insert({
          user_id: input.userId,
          target_url: input.targetUrl,
          event: input.event,
          module: input.module,
          filter: input.filter,
          secret: '',
          status: 'active',
          created_at: nowUtc(),
        })
        .returning('id');
      const id = Number(typeof inserted === 'object' ? inserted.id : inserted);
      await startFeed(trx);
      await trx('hook_subscriptions')
        .where({ id })
        .update({ secret: this.box.seal(input.secret, context(id)) });
      const row = await trx<SubscriptionRow>('hook_subscriptions').where({ id }).first();
      return toSubscription(row as SubscriptionRow);
    });
  }

  async get(id: number): Promise<HookSubscription | null> {
    const row = await this.knex<SubscriptionRow>('hook_subscriptions').where({ id }).first();
    return row ? toSubscription(row) : null;
  }

  /** Every subscription, or one user's, oldest first. */
  async list(userId?: number): Promise<HookSubscription[]> {
    const q = this.knex<SubscriptionRow>('hook_subscriptions').orderBy('id');
    if (userId !== undefined) q.where({ user_id: userId });
    return (await q).map(toSubscription);
  }

  /** The active subscriptions to one module's events. */
  async active(module: string): Promise<HookSubscription[]> {
    return (
      await this.knex<SubscriptionRow>('hook_subscriptions')
        .where({ module, status: 'active' })
        .orderBy('id')
    ).map(toSubscription);
  }

  /** Modules with at least one active subscription. */
  async activeModules(): Promise<string[]> {
    const rows = await this.knex('hook_subscriptions')
      .where({ status: 'active' })
      .distinct<{ module: string }[]>('module');
    return rows.map((r) => r.module);
  }

  async secret(id: number): Promise<string | null> {
    const row = await this.knex<SubscriptionRow>('hook_subscriptions')
      .where({ id })
      .first('secret');
    return row ? this.box.open(row.secret, context(id)) : null;
  }

  /** Deletes the subscription with its pending and dead deliveries; false when missing. */
  async delete(id: number): Promise<boolean> {
    return (await this.knex('hook_subscriptions').where({ id }).delete()) > 0;
  }

  async setStatus(id: number, status: HookStatus, reason: string | null): Promise<void> {
    await this.knex('hook_subscriptions')
      .where({ id })
      .update({ status, disabled_reason: reason === null ? null : reason.slice(0, MAX_REASON) });
  }
}
