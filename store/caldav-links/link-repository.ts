// CalDAV bridge links and their remote objects (migration 0011). Secrets are sealed with the
// SecretBox before they reach a row and are never part of a CaldavLink; `secrets()` opens them
// for the adapter only. Object writes take the caller's transaction, so a CRM record, its sync
// link and the remote text we keep change together or not at all.
import type { Knex } from 'knex';
import { nowUtc } from '../db.js';
import { GatewayError } from '../errors.js';
import {
  LINK_KINDS,
  type CaldavLink,
  type LinkCounts,
  type LinkObject,
  type LinkSecrets,
  type NewLink,
} from './link-types.js';
import type { SecretBox } from './secret-box.js';

interface LinkRow {
  id: number;
  user_id: number;
  kind: string;
  url: string;
  username: string | null;
  account_email: string | null;
  auth_url: string | null;
  token_url: string | null;
  client_id: string | null;
  scopes: string | null;
  secrets: string;
  calendar_url: string | null;
  sync_token: string | null;
  last_seq: number | string;
  active: boolean | number;
  first_sync_done: boolean | number;
  last_sync_at: string | null;
  last_error: string | null;
  failures: number;
  next_attempt_at: string | null;
  last_counts: string | null;
  pull_requested_at: string | null;
  created_at: string;
}

interface ObjectRow {
  link_id: number;
  href: string;
  record_id: number | null;
  uid: string;
  etag: string | null;
  ics: string;
  content_hash: string;
}

function counts(text: string | null): LinkCounts | null {
  if (text === null) return null;
  try {
    return JSON.parse(text) as LinkCounts;
  } catch {
    return null;
  }
}

function toLink(r: LinkRow): CaldavLink {
  return {
    id: Number(r.id),
    userId: Number(r.user_id),
    kind: LINK_KINDS.find((k) => k === r.kind) ?? 'caldav',
    url: r.url,
    username: r.username,
    accountEmail: r.account_email,
    authUrl: r.auth_url,
    tokenUrl: r.token_url,
    clientId: r.client_id,
    scopes: r.scopes,
    calendarUrl: r.calendar_url,
    syncToken: r.sync_token,
    lastSeq: Number(r.last_seq),
    active: Boolean(r.active),
    firstSyncDone: Boolean(r.first_sync_done),
    lastSyncAt: r.last_sync_at,
    lastError: r.last_error,
    failures: Number(r.failures),
    nextAttemptAt: r.next_attempt_at,
    lastCounts: counts(r.last_counts),
    pullRequestedAt: r.pull_requested_at,
    createdAt: r.created_at,
  };
}

function toObject(r: ObjectRow): LinkObject {
  return {
    linkId: Number(r.link_id),
    href: r.href,
    recordId: r.record_id === null ? null : Number(r.record_id),
    uid: r.uid,
    etag: r.etag,
    ics: r.ics,
    contentHash: r.content_hash,
  };
}

const context = (id: number): string => `caldav-link:${id}`;

/** What the sync engine records after a run. */
export interface LinkProgress {
  readonly calendarUrl?: string;
  readonly syncToken?: string | null;
  readonly lastSeq?: number;
  readonly firstSyncDone?: boolean;
}

export class CaldavLinkRepository {
  constructor(
    private readonly knex: Knex,
    private readonly box: SecretBox,
  ) {}

  async create(input: NewLink, now: Date = new Date()): Promise<CaldavLink> {
    const id = await this.knex.transaction(async (trx) => {
      // Start after the current end of the change log: the first sync pushes what is due itself.
      const top = await trx('change_log').max<{ m: number | string | null }>({ m: 'seq' }).first();
      const [inserted] = await trx('caldav_links')
        .insert({
          user_id: input.userId,
          kind: input.kind,
          url: input.url,
          username: input.username ?? null,
          account_email: input.accountEmail ?? null,
          auth_url: input.authUrl ?? null,
          token_url: input.tokenUrl ?? null,
          client_id: input.clientId ?? null,
          scopes: input.scopes ?? null,
          calendar_url: input.calendarUrl ?? null,
          secrets: '',
          last_seq: Number(top?.m ?? 0),
          created_at: nowUtc(now),
        })
        .returning('id');
      const newId =
        typeof inserted === 'object' && inserted !== null
          ? Number((inserted as { id: number }).id)
          : Number(inserted);
      await trx('caldav_links')
        .where({ id: newId })
        .update({ secrets: this.box.seal(JSON.stringify(input.secrets), context(newId)) });
      return newId;
    });
    return this.mustGet(id);
  }

  async get(id: number): Promise<CaldavLink | null> {
    const row = await this.knex<LinkRow>('caldav_links').where({ id }).first();
    return row ? toLink(row) : null;
  }

  async mustGet(id: number): Promise<CaldavLink> {
    const link = await this.get(id);
    if (!link) throw new GatewayError('not_found', `CalDAV link ${id} does not exist`);
    return link;
  }

  async list(filter: { userId?: number; activeOnly?: boolean } = {}): Promise<CaldavLink[]> {
    const q = this.knex<LinkRow>('caldav_links').orderBy('id');
    if (filter.userId !== undefined) q.where({ user_id: filter.userId });
    if (filter.activeOnly) q.where({ active: true });
    return (await q).map(toLink);
  }

  async remove(id: number): Promise<void> {
    await this.knex.transaction(async (trx) => {
      await trx('sync_links')
        .where({ system: LINK_SYSTEM, connection: String(id) })
        .del();
      await trx('caldav_link_objects').where({ link_id: id }).del();
      await trx('caldav_links').where({ id }).del();
    });
  }

  async secrets(id: number): Promise<LinkSecrets> {
    const row = await this.knex('caldav_links')
      .where({ id })
      .first<{ secrets: string } | undefined>('secrets');
    if (!row) throw new GatewayError('not_found', `CalDAV link ${id} does not exist`);
    return JSON.parse(this.box.open(row.secrets, context(id))) as LinkSecrets;
  }

  async setSecrets(id: number, secrets: LinkSecrets): Promise<void> {
    await this.knex('caldav_links')
      .where({ id })
      .update({ secrets: this.box.seal(JSON.stringify(secrets), context(id)) });
  }

  async setActive(id: number, active: boolean): Promise<void> {
    await this.knex('caldav_links')
      .where({ id })
      .update({ active, ...(active ? { failures: 0, next_attempt_at: null } : {}) });
  }

  async progress(id: number, p: LinkProgress, knex: Knex = this.knex): Promise<void> {
    const patch: Record<string, unknown> = {};
    if (p.calendarUrl !== undefined) patch['calendar_url'] = p.calendarUrl;
    if (p.syncToken !== undefined) patch['sync_token'] = p.syncToken;
    if (p.lastSeq !== undefined) patch['last_seq'] = p.lastSeq;
    if (p.firstSyncDone !== undefined) patch['first_sync_done'] = p.firstSyncDone;
    if (Object.keys(patch).length > 0) await knex('caldav_links').where({ id }).update(patch);
  }

  /** Clears the error and backoff; `pulled` runs (not push-only ones) also set the last sync time. An idle push keeps the last counts. */
  async succeeded(id: number, runCounts: LinkCounts, now: Date, pulled: boolean): Promise<void> {
    const changed = pulled || Object.values(runCounts).some((n) => n > 0);
    await this.knex('caldav_links')
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
  ): Promise<CaldavLink> {
    const link = await this.mustGet(id);
    const failures = link.failures + 1;
    const delay = Math.min(backoff.baseMs * 2 ** (failures - 1), backoff.maxMs);
    await this.knex('caldav_links')
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
    await this.knex('caldav_links')
      .where({ id })
      .update({ last_error: error.slice(0, 4000), next_attempt_at: nowUtc(until) });
  }

  async requestPull(id: number, now: Date = new Date()): Promise<void> {
    await this.knex('caldav_links')
      .where({ id })
      .update({ pull_requested_at: nowUtc(now) });
  }

  async clearPullRequest(id: number): Promise<void> {
    await this.knex('caldav_links').where({ id }).update({ pull_requested_at: null });
  }

  async objects(linkId: number): Promise<LinkObject[]> {
    return (
      await this.knex<ObjectRow>('caldav_link_objects').where({ link_id: linkId }).orderBy('href')
    ).map(toObject);
  }

  async object(linkId: number, href: string, knex: Knex = this.knex): Promise<LinkObject | null> {
    const row = await knex<ObjectRow>('caldav_link_objects')
      .where({ link_id: linkId, href })
      .first();
    return row ? toObject(row) : null;
  }

  async objectForRecord(
    linkId: number,
    recordId: number,
    knex: Knex = this.knex,
  ): Promise<LinkObject | null> {
    const row = await knex<ObjectRow>('caldav_link_objects')
      .where({ link_id: linkId, record_id: recordId })
      .first();
    return row ? toObject(row) : null;
  }

  async objectByUid(
    linkId: number,
    uid: string,
    knex: Knex = this.knex,
  ): Promise<LinkObject | null> {
    const row = await knex<ObjectRow>('caldav_link_objects')
      .where({ link_id: linkId, uid })
      .first();
    return row ? toObject(row) : null;
  }

  /** Stores the object and mirrors href/etag/hash into the shared sync_links (system 'caldav-bridge'). */
  async saveObject(obj: LinkObject, module: string, knex: Knex = this.knex): Promise<void> {
    await knex('caldav_link_objects')
      .insert({
        link_id: obj.linkId,
        href: obj.href,
        record_id: obj.recordId,
        uid: obj.uid,
        etag: obj.etag,
        ics: obj.ics,
        content_hash: obj.contentHash,
      })
      .onConflict(['link_id', 'href'])
      .merge(['record_id', 'uid', 'etag', 'ics', 'content_hash']);
    if (obj.recordId === null) return;
    await knex('sync_links')
      .insert({
        system: LINK_SYSTEM,
        connection: String(obj.linkId),
        remote_id: obj.href,
        record_id: obj.recordId,
        module,
        remote_etag: obj.etag,
        content_hash: obj.contentHash,
        updated_at: nowUtc(),
      })
      .onConflict(['system', 'connection', 'remote_id'])
      .merge(['record_id', 'module', 'remote_etag', 'content_hash', 'updated_at']);
  }

  async removeObject(linkId: number, href: string, knex: Knex = this.knex): Promise<void> {
    await knex('caldav_link_objects').where({ link_id: linkId, href }).del();
    await knex('sync_links')
      .where({ system: LINK_SYSTEM, connection: String(linkId), remote_id: href })
      .del();
  }
}

/** The `system` of this bridge's rows in sync_links and exchange_log. */
export const LINK_SYSTEM = 'caldav-bridge';

/** Live records of the module owned by the user (the activities "assigned to" them), oldest first. */
export async function ownedRecordIds(
  knex: Knex,
  module: string,
  userId: number,
): Promise<number[]> {
  const ids = await knex('crm_entities')
    .where({ module, owner_kind: 'user', owner_id: userId, deleted: false })
    .orderBy('id')
    .pluck('id');
  return ids.map(Number);
}
