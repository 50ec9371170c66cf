// CommerceML exchange state (gateway/commerceml/README.md §1.2 sessions, §1.4 step 2 import runs).
// A session token is the cookie value and the `sessid` 1C echoes back; an import run is what the
// background job works on and what every `mode=import` call reports on.
import { randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import { nowUtc } from '../db.js';

export type ImportStatus = 'queued' | 'running' | 'ok' | 'failed';

export interface CmlSession {
  readonly token: string;
  readonly userId: number;
  readonly version: string | null;
  readonly createdAt: string;
}

export interface ImportRun {
  readonly id: number;
  readonly sessionToken: string;
  readonly type: string;
  readonly filename: string;
  readonly status: ImportStatus;
  readonly progress: number;
  readonly message: string | null;
}

interface RunRow {
  id: number;
  session_token: string;
  type: string;
  filename: string;
  status: string;
  progress: number;
  message: string | null;
}

function toRun(r: RunRow): ImportRun {
  return {
    id: Number(r.id),
    sessionToken: r.session_token,
    type: r.type,
    filename: r.filename,
    status: r.status as ImportStatus,
    progress: Number(r.progress),
    message: r.message,
  };
}

/** How long an exchange session lives (README.md "Login lockout"): idle, and at most. */
export interface CmlSessionLimits {
  readonly idleMs: number;
  readonly absoluteMs: number;
}

export class CmlExchangeRepository {
  constructor(
    private readonly knex: Knex,
    private readonly limits: CmlSessionLimits,
  ) {}

  /** Sessions still alive: seen within the idle time and created within the lifetime. */
  private live(now = Date.now()): Knex.QueryBuilder {
    return this.knex('cml_sessions')
      .where('last_seen_at', '>=', nowUtc(new Date(now - this.limits.idleMs)))
      .andWhere('created_at', '>=', nowUtc(new Date(now - this.limits.absoluteMs)));
  }

  async createSession(userId: number): Promise<CmlSession> {
    const token = randomBytes(24).toString('hex');
    const now = nowUtc();
    await this.knex('cml_sessions').insert({
      token,
      user_id: userId,
      created_at: now,
      last_seen_at: now,
    });
    return { token, userId, version: null, createdAt: now };
  }

  async findSession(token: string): Promise<CmlSession | null> {
    const row = (await this.knex('cml_sessions').where({ token }).first()) as
      { token: string; user_id: number; version: string | null; created_at: string } | undefined;
    if (!row) return null;
    return {
      token: row.token,
      userId: Number(row.user_id),
      version: row.version,
      createdAt: row.created_at,
    };
  }

  /**
   * A session a client may still use: not idle, not past its lifetime. Using it keeps it alive
   * (written at most once a minute).
   */
  async liveSession(token: string, now = Date.now()): Promise<CmlSession | null> {
    const row = (await this.live(now).where({ token }).first('last_seen_at')) as
      { last_seen_at: string } | undefined;
    if (!row) return null;
    if (row.last_seen_at < nowUtc(new Date(now - 60_000)))
      await this.knex('cml_sessions')
        .where({ token })
        .update({ last_seen_at: nowUtc(new Date(now)) });
    return this.findSession(token);
  }

  /** Basic auth without a cookie on a later request (§1.2): the user's latest session. */
  async latestSessionOf(userId: number): Promise<CmlSession | null> {
    const row = (await this.live()
      .where({ user_id: userId })
      .orderBy('last_seen_at', 'desc')
      .first()) as { token: string } | undefined;
    return row ? this.findSession(row.token) : null;
  }

  /** Every session token of a user: their work folders share one upload cap. */
  async sessionTokensOf(userId: number): Promise<string[]> {
    const rows = (await this.knex('cml_sessions').where({ user_id: userId }).select('token')) as {
      token: string;
    }[];
    return rows.map((r) => r.token);
  }

  async touchSession(token: string, version: string | null): Promise<void> {
    const patch: Record<string, string> = { last_seen_at: nowUtc() };
    if (version !== null) patch['version'] = version;
    await this.knex('cml_sessions').where({ token }).update(patch);
  }

  /** The latest run for this file in this session, if any. */
  async latestRun(token: string, filename: string): Promise<ImportRun | null> {
    const row = (await this.knex('cml_imports')
      .where({ session_token: token, filename })
      .orderBy('id', 'desc')
      .first()) as RunRow | undefined;
    return row ? toRun(row) : null;
  }

  async queueRun(token: string, type: string, filename: string): Promise<ImportRun> {
    const now = nowUtc();
    const [inserted] = await this.knex('cml_imports')
      .insert({
        session_token: token,
        type,
        filename,
        status: 'queued',
        progress: 0,
        created_at: now,
        updated_at: now,
      })
      .returning('id');
    const id =
      typeof inserted === 'object' && inserted !== null
        ? Number((inserted as { id: number }).id)
        : Number(inserted);
    return {
      id,
      sessionToken: token,
      type,
      filename,
      status: 'queued',
      progress: 0,
      message: null,
    };
  }

  /** Runs to work on: queued ones, and running ones a stopped process left behind. */
  async pendingRuns(): Promise<ImportRun[]> {
    const rows = (await this.knex('cml_imports')
      .whereIn('status', ['queued', 'running'])
      .orderBy('id')) as RunRow[];
    return rows.map(toRun);
  }

  async setRun(
    id: number,
    status: ImportStatus,
    progress: number,
    message: string | null = null,
  ): Promise<void> {
    await this.knex('cml_imports')
      .where({ id })
      .update({ status, progress, message, updated_at: nowUtc() });
  }

  async clearRuns(token: string): Promise<void> {
    await this.knex('cml_imports')
      .where({ session_token: token })
      .whereNotIn('status', ['queued', 'running'])
      .delete();
  }
}
