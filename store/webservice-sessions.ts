// vtiger webservice sessions and login challenges (gateway/rest/README.md §1–§2), kept in the
// database so that replicas behind a load balancer accept each other's sessions. The sessionName is
// a random 192-bit value; only its SHA-256 is stored. Challenge tokens: several live ones per user
// (vtiger keeps one, so parallel logins race), each valid five minutes and consumed by the
// successful login that used it.
import { createHash, randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import { fromStoreTime, nowUtc } from './db.js';

export interface SessionLimits {
  /** vtiger: 86 400 s of life, 1 800 s idle. */
  readonly lifeMs: number;
  readonly idleMs: number;
  /** last_seen_at is written at most this often, to keep reads cheap. */
  readonly touchEveryMs: number;
  /**
   * How long a checked session may be trusted without reading its row again (0, the default:
   * never). A logout through this repository ends it at once; a removal made elsewhere (another
   * replica's logout, a new access key, maintenance) takes effect within this bound.
   */
  readonly cacheMs?: number;
}

interface CachedSession {
  readonly userId: number;
  readonly createdMs: number;
  readonly lastSeenMs: number;
  readonly until: number;
}

const MAX_CACHED = 10_000;

export type SessionCheck =
  | { readonly ok: true; readonly userId: number }
  | { readonly ok: false; readonly reason: 'invalid' | 'expired' | 'idle' };

export interface Challenge {
  readonly token: string;
  readonly serverTime: number;
  readonly expireTime: number;
}

interface SessionRow {
  user_id: number;
  created_at: string;
  last_seen_at: string;
}

const CHALLENGE_MS = 300_000;
const MAX_LIVE_CHALLENGES = 20;
const SESSION_NAME = /^[0-9a-f]{48}$/;

function hash(name: string): string {
  return createHash('sha256').update(name).digest('hex');
}

function at(ms: number): string {
  return nowUtc(new Date(ms));
}

export class WebserviceSessionRepository {
  private readonly cache = new Map<string, CachedSession>();

  constructor(
    private readonly knex: Knex,
    private readonly limits: SessionLimits,
  ) {}

  async create(userId: number): Promise<string> {
    const name = randomBytes(24).toString('hex');
    const now = at(Date.now());
    await this.knex('webservice_sessions').insert({
      name_hash: hash(name),
      user_id: userId,
      created_at: now,
      last_seen_at: now,
    });
    return name;
  }

  /** Checks a sessionName and marks it used; expired and idle sessions are removed. */
  async check(name: string): Promise<SessionCheck> {
    if (!SESSION_NAME.test(name)) return { ok: false, reason: 'invalid' };
    const id = hash(name);
    const now = Date.now();
    const hit = this.cache.get(id);
    // Trusted only while no life, idle or touch deadline falls due (touchEveryMs < idleMs).
    if (
      hit &&
      hit.until > now &&
      hit.createdMs >= now - this.limits.lifeMs &&
      hit.lastSeenMs >= now - this.limits.touchEveryMs
    )
      return { ok: true, userId: hit.userId };
    this.cache.delete(id);
    const row = await this.knex('webservice_sessions')
      .where({ name_hash: id })
      .first<SessionRow | undefined>('user_id', 'created_at', 'last_seen_at');
    if (!row) return { ok: false, reason: 'invalid' };
    const reason =
      row.created_at < at(now - this.limits.lifeMs)
        ? 'expired'
        : row.last_seen_at < at(now - this.limits.idleMs)
          ? 'idle'
          : null;
    if (reason) {
      await this.knex('webservice_sessions').where({ name_hash: id }).del();
      return { ok: false, reason };
    }
    let lastSeenMs = fromStoreTime(row.last_seen_at);
    if (row.last_seen_at < at(now - this.limits.touchEveryMs)) {
      await this.knex('webservice_sessions')
        .where({ name_hash: id })
        .update({ last_seen_at: at(now) });
      lastSeenMs = now;
    }
    const userId = Number(row.user_id);
    const cacheMs = this.limits.cacheMs ?? 0;
    if (cacheMs > 0) {
      if (this.cache.size >= MAX_CACHED) this.cache.clear();
      this.cache.set(id, {
        userId,
        createdMs: fromStoreTime(row.created_at),
        lastSeenMs,
        until: now + cacheMs,
      });
    }
    return { ok: true, userId };
  }

  async destroy(name: string): Promise<void> {
    const id = hash(name);
    this.cache.delete(id);
    await this.knex('webservice_sessions').where({ name_hash: id }).del();
  }

  /** Removes dead sessions and expired challenges (maintenance). */
  async purgeExpired(): Promise<number> {
    const now = Date.now();
    await this.knex('webservice_challenges').where('expires_at', '<', at(now)).del();
    return this.knex('webservice_sessions')
      .where('created_at', '<', at(now - this.limits.lifeMs))
      .orWhere('last_seen_at', '<', at(now - this.limits.idleMs))
      .del();
  }

  /** A new challenge for a user; older live ones stay valid (at most 20 are kept). */
  async issueChallenge(userId: number): Promise<Challenge> {
    const now = Date.now();
    const token = randomBytes(16).toString('hex');
    await this.knex.transaction(async (trx) => {
      await trx('webservice_challenges')
        .where({ user_id: userId })
        .andWhere('expires_at', '<', at(now))
        .del();
      const live = await trx('webservice_challenges')
        .where({ user_id: userId })
        .orderBy('created_at', 'desc')
        .offset(MAX_LIVE_CHALLENGES - 1)
        .pluck('token');
      if (live.length > 0) await trx('webservice_challenges').whereIn('token', live).del();
      await trx('webservice_challenges').insert({
        token,
        user_id: userId,
        created_at: at(now),
        expires_at: at(now + CHALLENGE_MS),
      });
    });
    const serverTime = Math.floor(now / 1000);
    return { token, serverTime, expireTime: serverTime + CHALLENGE_MS / 1000 };
  }

  async liveChallenges(userId: number): Promise<string[]> {
    return this.knex('webservice_challenges')
      .where({ user_id: userId })
      .andWhere('expires_at', '>=', at(Date.now()))
      .pluck('token');
  }

  /** Uses up a token; false when another login consumed it first. */
  async consumeChallenge(token: string): Promise<boolean> {
    return (await this.knex('webservice_challenges').where({ token }).del()) > 0;
  }
}
