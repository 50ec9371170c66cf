// Push subscriptions per user (gateway/push/README.md §2). The endpoint URL is a capability: whoever
// holds it can push to the device (RFC 8030 §8), so the endpoint and its keys are sealed together;
// a SHA-256 of the endpoint finds the row when the same browser subscribes again.
import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import { nowUtc } from '../db.js';
import { GatewayError } from '../errors.js';
import type { SecretBox } from '../secrets.js';
import type { PushSubscriptionInfo, SubscriptionKeys } from './types.js';

interface Row {
  id: number;
  user_id: number;
  sealed: string;
  endpoint_hash: string;
  created_at: string;
  last_success_at: string | null;
}

/** Without a box (PostgreSQL without GATEWAY_SECRET_KEY) values stay in clear, as access keys do. */
const CLEAR = 'clear:';
const MAX_PER_USER = 20;

function bad(message: string): GatewayError {
  return new GatewayError('invalid_input', `push subscription: ${message}`);
}

function base64urlBytes(value: unknown, name: string): number {
  if (typeof value !== 'string' || !/^[A-Za-z0-9_-]+={0,2}$/.test(value))
    throw bad(`keys.${name} must be base64url`);
  return Buffer.from(value, 'base64url').length;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Checks a PushSubscription JSON: an http(s) endpoint, a P-256 point and a 16-byte secret (RFC 8291 §3). */
export function parseSubscription(value: unknown): SubscriptionKeys {
  if (!isObject(value)) throw bad('expected the PushSubscription JSON object');
  const { endpoint, keys } = value;
  if (typeof endpoint !== 'string' || endpoint.length > 2000 || !URL.canParse(endpoint))
    throw bad('endpoint must be an absolute URL');
  const protocol = new URL(endpoint).protocol;
  if (protocol !== 'https:' && protocol !== 'http:') throw bad('endpoint must be an https URL');
  if (!isObject(keys)) throw bad('keys with p256dh and auth are required');
  if (base64urlBytes(keys.p256dh, 'p256dh') !== 65 || !String(keys.p256dh).startsWith('B'))
    throw bad('keys.p256dh must be an uncompressed P-256 public key (65 bytes)');
  if (base64urlBytes(keys.auth, 'auth') !== 16) throw bad('keys.auth must be 16 bytes');
  return { endpoint, p256dh: String(keys.p256dh), auth: String(keys.auth) };
}

function hashOf(endpoint: string): string {
  return createHash('sha256').update(endpoint, 'utf8').digest('hex');
}

export class PushSubscriptionRepository {
  constructor(
    private readonly knex: Knex,
    private readonly box: SecretBox | null,
  ) {}

  private seal(keys: SubscriptionKeys, hash: string): string {
    const plain = JSON.stringify(keys);
    return this.box ? this.box.seal(plain, `push:${hash}`) : `${CLEAR}${plain}`;
  }

  private open(row: Row): SubscriptionKeys {
    const plain = row.sealed.startsWith(CLEAR)
      ? row.sealed.slice(CLEAR.length)
      : (this.box?.open(row.sealed, `push:${row.endpoint_hash}`) ?? '');
    const parsed: unknown = JSON.parse(plain);
    return parseSubscription(
      isObject(parsed)
        ? { endpoint: parsed.endpoint, keys: { p256dh: parsed.p256dh, auth: parsed.auth } }
        : null,
    );
  }

  private info(row: Row): PushSubscriptionInfo {
    return {
      id: Number(row.id),
      userId: Number(row.user_id),
      endpoint: this.open(row).endpoint,
      createdAt: row.created_at,
      lastSuccessAt: row.last_success_at,
    };
  }

  /** Adds or re-keys the user's subscription for this endpoint; returns its id. */
  async add(userId: number, keys: SubscriptionKeys): Promise<number> {
    const hash = hashOf(keys.endpoint);
    return this.knex.transaction(async (trx) => {
      const existing = await trx('push_subscriptions')
        .where({ endpoint_hash: hash })
        .first<{ id: number; user_id: number } | undefined>('id', 'user_id');
      // A browser that another user subscribed before moves to this user (a shared device).
      if (existing) {
        await trx('push_subscriptions')
          .where({ id: existing.id })
          .update({ user_id: userId, sealed: this.seal(keys, hash) });
        if (Number(existing.user_id) !== userId)
          await trx('push_outbox').where({ subscription_id: existing.id }).delete();
        return Number(existing.id);
      }
      const count = await trx('push_subscriptions')
        .where({ user_id: userId })
        .count<{ n: number | string }[]>({ n: '*' });
      if (Number(count[0]?.n ?? 0) >= MAX_PER_USER)
        throw bad(`at most ${MAX_PER_USER} devices per user: remove one first`);
      const [row] = await trx('push_subscriptions')
        .insert({
          user_id: userId,
          endpoint_hash: hash,
          sealed: this.seal(keys, hash),
          created_at: nowUtc(),
        })
        .returning<{ id: number }[]>('id');
      if (!row) throw new GatewayError('internal', 'push subscription was not stored');
      return Number(row.id);
    });
  }

  async listForUser(userId: number): Promise<PushSubscriptionInfo[]> {
    const rows = await this.knex('push_subscriptions')
      .where({ user_id: userId })
      .orderBy('id')
      .select<Row[]>('*');
    return rows.map((row) => this.info(row));
  }

  /** The endpoint and keys to push to, or null when the subscription is gone. */
  async keys(id: number): Promise<SubscriptionKeys | null> {
    const row = await this.knex('push_subscriptions').where({ id }).first<Row | undefined>('*');
    return row ? this.open(row) : null;
  }

  /** Removes one of the user's subscriptions; false when it is not theirs or missing. */
  async removeOwn(userId: number, id: number): Promise<boolean> {
    return (await this.knex('push_subscriptions').where({ id, user_id: userId }).delete()) > 0;
  }

  /** The push service said the subscription is gone (RFC 8030 §7.3: 404/410). */
  async remove(id: number): Promise<void> {
    await this.knex('push_subscriptions').where({ id }).delete();
  }

  async markSuccess(id: number, at: string): Promise<void> {
    await this.knex('push_subscriptions').where({ id }).update({ last_success_at: at });
  }

  async idsForUser(userId: number): Promise<number[]> {
    const rows = await this.knex('push_subscriptions')
      .where({ user_id: userId })
      .select<{ id: number }[]>('id');
    return rows.map((r) => Number(r.id));
  }
}
