// Console sessions. The cookie carries a random 256-bit token; the table keeps only its
// SHA-256, so a copy of the database does not hand out live sessions. Each session has its own
// CSRF token, an idle timeout and an absolute lifetime.
import { createHash, randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import { nowUtc } from './db.js';

export interface ConsoleSession {
  readonly userId: number;
  readonly csrfToken: string;
  readonly createdAt: string;
  readonly lastSeenAt: string;
}

export interface SessionLimits {
  readonly idleMs: number;
  readonly absoluteMs: number;
}

interface SessionRow {
  id_hash: string;
  user_id: number;
  csrf_token: string;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
}

function hash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

function at(ms: number): string {
  return nowUtc(new Date(ms));
}

export class ConsoleSessionRepository {
  constructor(
    private readonly knex: Knex,
    private readonly limits: SessionLimits,
  ) {}

  /** A new session (always a new token: logging in never reuses a session id, so no fixation). */
  async create(
    userId: number,
    ip: string | null,
    userAgent: string | null,
  ): Promise<{ token: string; session: ConsoleSession }> {
    const token = randomBytes(32).toString('base64url');
    const now = Date.now();
    const session = {
      userId,
      csrfToken: randomBytes(24).toString('base64url'),
      createdAt: at(now),
      lastSeenAt: at(now),
    };
    await this.knex('console_sessions').insert({
      id_hash: hash(token),
      user_id: userId,
      csrf_token: session.csrfToken,
      created_at: session.createdAt,
      last_seen_at: session.lastSeenAt,
      expires_at: at(now + this.limits.absoluteMs),
      ip: ip?.slice(0, 64) ?? null,
      user_agent: userAgent?.slice(0, 500) ?? null,
    });
    return { token, session };
  }

  /** The live session of a token, touched; null when unknown, idle too long or expired. */
  async touch(token: string): Promise<ConsoleSession | null> {
    if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
    const id = hash(token);
    const row = await this.knex<SessionRow>('console_sessions').where({ id_hash: id }).first();
    if (!row) return null;
    const now = Date.now();
    if (row.expires_at < at(now) || row.last_seen_at < at(now - this.limits.idleMs)) {
      await this.knex('console_sessions').where({ id_hash: id }).del();
      return null;
    }
    const lastSeenAt = at(now);
    await this.knex('console_sessions').where({ id_hash: id }).update({ last_seen_at: lastSeenAt });
    return {
      userId: Number(row.user_id),
      csrfToken: row.csrf_token,
      createdAt: row.created_at,
      lastSeenAt,
    };
  }

  async destroy(token: string): Promise<void> {
    await this.knex('console_sessions')
      .where({ id_hash: hash(token) })
      .del();
  }

  /** Ends every session of a user (password reset, deactivation). */
  async destroyForUser(userId: number): Promise<void> {
    await this.knex('console_sessions').where({ user_id: userId }).del();
  }

  /** Removes dead sessions and login-failure counters not touched for a day. */
  async purgeExpired(): Promise<number> {
    const now = Date.now();
    await this.knex('login_failures')
      .where('window_start', '<', at(now - 86_400_000))
      .andWhere((w) => w.whereNull('locked_until').orWhere('locked_until', '<', at(now)))
      .del();
    return this.knex('console_sessions')
      .where('expires_at', '<', at(now))
      .orWhere('last_seen_at', '<', at(now - this.limits.idleMs))
      .del();
  }
}
