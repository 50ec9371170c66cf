// The links of one bridge system (bridge_links with their collection in bridge_collections,
// migration 0014). Secrets are sealed with the SecretBox before they reach a row, bound to the
// link by `context(id)`, and opened only for the bridge's adapter. Removing a link takes its
// objects (cascade) and its sync links; the CRM records stay.
import type { Knex } from 'knex';
import { publishChanges } from '../change-log.js';
import { nowUtc } from '../db.js';
import { GatewayError } from '../errors.js';
import type { SecretBox } from '../secrets.js';
import { SyncLinkRepository } from '../sync-links.js';
import type { BridgeLink, BridgeProgress, LinkCounts, NewBridgeLink } from './types.js';

interface LinkRow {
  id: number;
  system: string;
  user_id: number;
  kind: string;
  endpoint: string;
  settings: string;
  active: boolean | number;
  first_sync_done: boolean | number;
  last_sync_at: string | null;
  last_error: string | null;
  failures: number;
  next_attempt_at: string | null;
  last_counts: string | null;
  pull_requested_at: string | null;
  created_at: string;
  collection: string | null;
  cursor: string | null;
  last_seq: number | string | null;
}

function parsed<T>(text: string | null, fallback: T): T {
  if (text === null) return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

function toLink(r: LinkRow): BridgeLink {
  return {
    id: Number(r.id),
    system: r.system,
    userId: Number(r.user_id),
    kind: r.kind,
    endpoint: r.endpoint,
    settings: parsed<Record<string, string | null>>(r.settings, {}),
    collection: r.collection,
    cursor: r.cursor,
    lastSeq: Number(r.last_seq ?? 0),
    active: Boolean(r.active),
    firstSyncDone: Boolean(r.first_sync_done),
    lastSyncAt: r.last_sync_at,
    lastError: r.last_error,
    failures: Number(r.failures),
    nextAttemptAt: r.next_attempt_at,
    lastCounts: parsed<LinkCounts | null>(r.last_counts, null),
    pullRequestedAt: r.pull_requested_at,
    createdAt: r.created_at,
  };
}

export class BridgeLinkRepository {
  constructor(
    private readonly knex: Knex,
    private readonly box: SecretBox,
    readonly system: string,
    /** What a sealed secret is bound to (a secret copied onto another link does not open). */
    private readonly context: (id: number) => string = (id) => `${system}:${id}`,
    /** How messages name a link. */
    private readonly noun = 'link',
  ) {}

  /** This system's links joined to their first collection (alias `l` and `c`). */
  private withCollection(knex: Knex): Knex.QueryBuilder {
    return knex('bridge_links as l')
      .leftJoin('bridge_collections as c', function () {
        this.on('c.link_id', '=', 'l.id').andOn(
          'c.id',
          '=',
          knex.raw('(select min(c2.id) from bridge_collections c2 where c2.link_id = l.id)'),
        );
      })
      .where('l.system', this.system);
  }

  /** Links with their (first) collection; one collection per link today. */
  private query(knex: Knex = this.knex): Knex.QueryBuilder {
    return this.withCollection(knex)
      .select('l.*', 'c.remote_id as collection', 'c.cursor', 'c.last_seq')
      .orderBy('l.id');
  }

  /**
   * Whether some active link, out of backoff at `at`, has work: its first sync, a pull asked
   * for, or CRM changes past its position. One EXISTS-style query with the change log's end in
   * it, instead of listing every link (the watcher of sync/jobs.ts asks each second on every
   * replica; test/sync/pending-query.test.ts).
   */
  async anyPending(at: string): Promise<boolean> {
    const knex = this.knex;
    const row = await this.withCollection(knex)
      .where('l.active', true)
      .where((q) => q.whereNull('l.next_attempt_at').orWhere('l.next_attempt_at', '<=', at))
      .where((q) =>
        q
          .where('l.first_sync_done', false)
          .orWhereNotNull('l.pull_requested_at')
          .orWhereRaw('coalesce(c.last_seq, 0) < (select coalesce(max(seq), 0) from change_log)'),
      )
      .first<{ id: number } | undefined>('l.id');
    return row !== undefined;
  }

  async create(input: NewBridgeLink, now: Date = new Date()): Promise<BridgeLink> {
    // Changes committed before this call count as before the link (store/change-log.ts): publish
    // them first, so the link's start below is the true end of the log.
    await publishChanges(this.knex);
    const id = await this.knex.transaction(async (trx) => {
      // Start after the current end of the change log: the first sync pushes what is due itself.
      const top = await trx('change_log').max<{ m: number | string | null }>({ m: 'seq' }).first();
      const [inserted] = await trx('bridge_links')
        .insert({
          system: this.system,
          user_id: input.userId,
          kind: input.kind,
          endpoint: input.endpoint,
          settings: JSON.stringify(input.settings),
          secrets: '',
          created_at: nowUtc(now),
        })
        .returning('id');
      const newId =
        typeof inserted === 'object' && inserted !== null
          ? Number((inserted as { id: number }).id)
          : Number(inserted);
      await trx('bridge_collections').insert({
        link_id: newId,
        remote_id: input.collection ?? null,
        last_seq: Number(top?.m ?? 0),
      });
      await trx('bridge_links')
        .where({ id: newId })
        .update({ secrets: this.box.seal(JSON.stringify(input.secrets), this.context(newId)) });
      return newId;
    });
    return this.mustGet(id);
  }

  async get(id: number): Promise<BridgeLink | null> {
    const row = (await this.query().where('l.id', id).first()) as LinkRow | undefined;
    return row ? toLink(row) : null;
  }

  async mustGet(id: number): Promise<BridgeLink> {
    const link = await this.get(id);
    if (!link) throw new GatewayError('not_found', `${this.noun} ${id} does not exist`);
    return link;
  }

  async list(filter: { userId?: number; activeOnly?: boolean } = {}): Promise<BridgeLink[]> {
    const q = this.query();
    if (filter.userId !== undefined) q.where('l.user_id', filter.userId);
    if (filter.activeOnly) q.where('l.active', true);
    return ((await q) as LinkRow[]).map(toLink);
  }

  async remove(id: number): Promise<void> {
    await this.knex.transaction(async (trx) => {
      await new SyncLinkRepository(trx).removeConnection(this.system, String(id), trx);
      await trx('bridge_objects').where({ link_id: id }).del();
      await trx('bridge_collections').where({ link_id: id }).del();
      await trx('bridge_links').where({ id, system: this.system }).del();
    });
  }

  async secrets<T>(id: number): Promise<T> {
    const row = await this.knex('bridge_links')
      .where({ id, system: this.system })
      .first<{ secrets: string } | undefined>('secrets');
    if (!row) throw new GatewayError('not_found', `${this.noun} ${id} does not exist`);
    return JSON.parse(this.box.open(row.secrets, this.context(id))) as T;
  }

  async setSecrets(id: number, secrets: unknown): Promise<void> {
    await this.knex('bridge_links')
      .where({ id, system: this.system })
      .update({ secrets: this.box.seal(JSON.stringify(secrets), this.context(id)) });
  }

  async setActive(id: number, active: boolean): Promise<void> {
    await this.knex('bridge_links')
      .where({ id })
      .update({ active, ...(active ? { failures: 0, next_attempt_at: null } : {}) });
  }

  async progress(id: number, p: BridgeProgress): Promise<void> {
    const patch: Record<string, unknown> = {};
    if (p.collection !== undefined) patch['remote_id'] = p.collection;
    if (p.cursor !== undefined) patch['cursor'] = p.cursor;
    if (p.lastSeq !== undefined) patch['last_seq'] = p.lastSeq;
    if (Object.keys(patch).length > 0)
      await this.knex('bridge_collections').where({ link_id: id }).update(patch);
    if (p.firstSyncDone !== undefined)
      await this.knex('bridge_links').where({ id }).update({ first_sync_done: p.firstSyncDone });
  }

  /** Clears the error and backoff; `pulled` runs (not push-only ones) also set the last sync time. An idle push keeps the last counts. */
  async succeeded(id: number, runCounts: LinkCounts, now: Date, pulled: boolean): Promise<void> {
    const changed = pulled || Object.values(runCounts).some((n) => n > 0);
    await this.knex('bridge_links')
      .where({ id })
      .update({
        ...(pulled ? { last_sync_at: nowUtc(now), pull_requested_at: null } : {}),
        last_error: null,
        failures: 0,
        next_attempt_at: null,
        ...(changed ? { last_counts: JSON.stringify(runCounts) } : {}),
      });
  }

  /** Records the error and when to try again: base × 2^(failures−1), capped. */
  async failed(
    id: number,
    error: string,
    now: Date,
    backoff: { baseMs: number; maxMs: number },
  ): Promise<BridgeLink> {
    const link = await this.mustGet(id);
    const failures = link.failures + 1;
    const delay = Math.min(backoff.baseMs * 2 ** (failures - 1), backoff.maxMs);
    await this.knex('bridge_links')
      .where({ id })
      .update({
        last_error: error.slice(0, 4000),
        failures,
        next_attempt_at: nowUtc(new Date(now.getTime() + delay)),
      });
    return this.mustGet(id);
  }

  /** The remote asked to wait (a rate limit): no run before `until`, and not counted as a failure. */
  async deferred(id: number, error: string, until: Date): Promise<void> {
    await this.knex('bridge_links')
      .where({ id })
      .update({ last_error: error.slice(0, 4000), next_attempt_at: nowUtc(until) });
  }

  async requestPull(id: number, now: Date = new Date()): Promise<void> {
    await this.knex('bridge_links')
      .where({ id })
      .update({ pull_requested_at: nowUtc(now) });
  }
}
