// Feed subscriptions and their fetch health (adapters/rss/README.md §5.2: per feed the etag,
// last_modified, error_count, last_error and next_check_at). The fetcher records each outcome
// here; the schedule itself (backoff, Retry-After, ttl) is computed by adapters/rss.
import type { Knex } from 'knex';
import { nowUtc } from '../db.js';
import { GatewayError } from '../errors.js';
import { isUniqueViolation, ownerKey, toFeed, visibleTo, type FeedRow } from './feed-rows.js';
import type { Feed, FeedChange, FeedInput } from './feed-types.js';

export interface FetchSuccess {
  readonly status: number;
  readonly etag: string | null;
  readonly lastModified: string | null;
  readonly docTitle: string | null;
  readonly siteUrl: string | null;
  readonly nextCheckAt: Date;
}

export interface FetchFailure {
  readonly status: number | null;
  readonly error: string;
  readonly nextCheckAt: Date;
}

const MAX_ERROR_LENGTH = 1000;

export class FeedRepository {
  constructor(private readonly knex: Knex) {}

  async create(input: FeedInput, now: Date = new Date()): Promise<Feed> {
    const at = nowUtc(now);
    try {
      const [row] = await this.knex('feeds')
        .insert({
          owner_key: ownerKey(input.ownerUserId),
          owner_user_id: input.ownerUserId,
          url: input.url,
          title: blankToNull(input.title),
          folder: blankToNull(input.folder),
          refresh_seconds: input.refreshSeconds,
          enabled: true,
          next_check_at: at,
          error_count: 0,
          not_modified_count: 0,
          created_by: input.createdBy ?? null,
          created_at: at,
          updated_at: at,
        })
        .returning('id');
      return this.mustGet(idOf(row));
    } catch (err) {
      if (isUniqueViolation(err)) {
        throw new GatewayError(
          'conflict',
          input.ownerUserId === null
            ? `A shared feed with the URL ${input.url} exists already`
            : `The feed ${input.url} is followed already`,
        );
      }
      throw err;
    }
  }

  async get(id: number): Promise<Feed | null> {
    const row = await this.knex('feeds').where({ id }).first<FeedRow | undefined>();
    return row ? toFeed(row) : null;
  }

  async mustGet(id: number): Promise<Feed> {
    const feed = await this.get(id);
    if (!feed) throw new GatewayError('not_found', `There is no feed ${id}`);
    return feed;
  }

  /** The user's own feeds and the shared ones, by folder then title. */
  async listVisible(userId: number): Promise<Feed[]> {
    const rows = await this.knex('feeds')
      .where(visibleTo(userId))
      .select<FeedRow[]>('*')
      .orderBy([{ column: 'folder' }, { column: 'id' }]);
    return rows.map(toFeed);
  }

  async listAll(): Promise<Feed[]> {
    const rows = await this.knex('feeds').select<FeedRow[]>('*').orderBy('id');
    return rows.map(toFeed);
  }

  /** Enabled feeds whose next check has come, the longest waiting first. */
  async listDue(now: Date, limit: number): Promise<Feed[]> {
    const rows = await this.knex('feeds')
      .where('enabled', true)
      .where('next_check_at', '<=', nowUtc(now))
      .select<FeedRow[]>('*')
      .orderBy([{ column: 'next_check_at' }, { column: 'id' }])
      .limit(limit);
    return rows.map(toFeed);
  }

  async update(id: number, change: FeedChange, now: Date = new Date()): Promise<Feed> {
    const values: Record<string, unknown> = { updated_at: nowUtc(now) };
    if (change.title !== undefined) values.title = blankToNull(change.title);
    if (change.folder !== undefined) values.folder = blankToNull(change.folder);
    if (change.refreshSeconds !== undefined) values.refresh_seconds = change.refreshSeconds;
    if (change.enabled !== undefined) values.enabled = change.enabled;
    // Re-enabling a feed checks it at once, and gives it a fresh start after its errors.
    if (change.enabled === true)
      Object.assign(values, { next_check_at: nowUtc(now), error_count: 0 });
    if ((await this.knex('feeds').where({ id }).update(values)) === 0)
      throw new GatewayError('not_found', `There is no feed ${id}`);
    return this.mustGet(id);
  }

  async remove(id: number): Promise<boolean> {
    return (await this.knex('feeds').where({ id }).delete()) > 0;
  }

  /** A permanent redirect moves the subscription; false when the owner already follows the target. */
  async moveUrl(id: number, url: string, now: Date = new Date()): Promise<boolean> {
    try {
      return (
        (await this.knex('feeds')
          .where({ id })
          .update({ url, updated_at: nowUtc(now) })) > 0
      );
    } catch (err) {
      if (isUniqueViolation(err)) return false;
      throw err;
    }
  }

  async recordSuccess(id: number, outcome: FetchSuccess, now: Date = new Date()): Promise<void> {
    const at = nowUtc(now);
    await this.knex('feeds')
      .where({ id })
      .update({
        etag: outcome.etag,
        last_modified: outcome.lastModified,
        last_status: outcome.status,
        doc_title: outcome.docTitle,
        site_url: outcome.siteUrl,
        last_fetched_at: at,
        last_success_at: at,
        last_parsed_at: at,
        next_check_at: nowUtc(outcome.nextCheckAt),
        error_count: 0,
        last_error: null,
      });
  }

  async recordNotModified(id: number, nextCheckAt: Date, now: Date = new Date()): Promise<void> {
    const at = nowUtc(now);
    await this.knex('feeds')
      .where({ id })
      .update({
        last_status: 304,
        last_fetched_at: at,
        last_success_at: at,
        next_check_at: nowUtc(nextCheckAt),
        error_count: 0,
        last_error: null,
        not_modified_count: this.knex.raw('not_modified_count + 1'),
      });
  }

  /** Counts the failure and keeps its reason; the caller computed the backoff from the new count. */
  async recordFailure(id: number, outcome: FetchFailure, now: Date = new Date()): Promise<void> {
    await this.knex('feeds')
      .where({ id })
      .update({
        last_status: outcome.status,
        last_fetched_at: nowUtc(now),
        next_check_at: nowUtc(outcome.nextCheckAt),
        error_count: this.knex.raw('error_count + 1'),
        last_error: outcome.error.slice(0, MAX_ERROR_LENGTH),
      });
  }

  /** Unread articles per visible feed for one user. */
  async unreadCounts(userId: number): Promise<Map<number, number>> {
    const rows = await this.knex('feed_articles as a')
      .join('feeds as f', 'f.id', 'a.feed_id')
      .leftJoin('feed_article_states as s', (j) =>
        j.on('s.article_id', '=', 'a.id').andOn('s.user_id', '=', this.knex.raw('?', [userId])),
      )
      .where(visibleTo(userId, 'f.owner_key'))
      .where((q) => q.whereNull('s.is_read').orWhere('s.is_read', false))
      .groupBy('a.feed_id')
      .select<{ feed_id: number; n: number | string }[]>(
        'a.feed_id',
        this.knex.raw('count(*) as n'),
      );
    return new Map(rows.map((r) => [Number(r.feed_id), Number(r.n)]));
  }
}

function blankToNull(value: string | null | undefined): string | null {
  const text = value?.trim() ?? '';
  return text === '' ? null : text;
}

function idOf(row: unknown): number {
  if (typeof row === 'object' && row !== null && 'id' in row) return Number(row.id);
  return Number(row);
}
