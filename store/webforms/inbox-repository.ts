// The durable webform inbox: each submission is committed here as
// received, with its attachments, before any record is made from it. A row stays `pending`
// until its record exists (`done`); a failure leaves it `error` with the message, for the
// webforms.inbox job and the console.
import type { Knex } from 'knex';
import { nowUtc } from '../db.js';
import type { InboxEntry, InboxFile, InboxOutcome, InboxStatus, NewInboxEntry } from './types.js';

interface InboxRow {
  id: number;
  webform_id: number;
  received_at: string;
  status: string;
  attempts: number;
  last_error: string | null;
  received: string;
  record_values: string;
  ip: string | null;
  origin: string | null;
  record_id: number | null;
  outcome: string | null;
  exchange_log_id: number | null;
  processed_at: string | null;
}

interface FileRow {
  id: number;
  inbox_id: number;
  file_name: string;
  mime: string;
  size: number;
  sha256: string;
  content: Buffer;
}

const FILE_META = ['id', 'inbox_id', 'file_name', 'mime', 'size', 'sha256'];

function parseMap(text: string): Record<string, string> {
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed !== 'object' || parsed === null) return {};
    return Object.fromEntries(
      Object.entries(parsed).filter((e): e is [string, string] => typeof e[1] === 'string'),
    );
  } catch {
    return {};
  }
}

function toEntry(r: InboxRow, files: readonly Omit<FileRow, 'content'>[]): InboxEntry {
  const status: InboxStatus = r.status === 'done' || r.status === 'error' ? r.status : 'pending';
  const outcome =
    r.outcome === 'created' || r.outcome === 'updated' || r.outcome === 'linked' ? r.outcome : null;
  return {
    id: Number(r.id),
    webformId: Number(r.webform_id),
    receivedAt: r.received_at,
    status,
    attempts: Number(r.attempts),
    lastError: r.last_error,
    received: parseMap(r.received),
    values: parseMap(r.record_values),
    ip: r.ip,
    origin: r.origin,
    recordId: r.record_id === null ? null : Number(r.record_id),
    outcome,
    exchangeLogId: r.exchange_log_id === null ? null : Number(r.exchange_log_id),
    processedAt: r.processed_at,
    files: files
      .filter((f) => Number(f.inbox_id) === Number(r.id))
      .map((f) => ({
        fileName: f.file_name,
        mime: f.mime,
        size: Number(f.size),
        sha256: f.sha256,
      })),
  };
}

function insertedId(inserted: unknown): number {
  return typeof inserted === 'object' && inserted !== null
    ? Number((inserted as { id: number }).id)
    : Number(inserted);
}

function newRow(entry: NewInboxEntry) {
  return {
    webform_id: entry.webformId,
    received_at: nowUtc(),
    status: 'pending',
    attempts: 0,
    received: JSON.stringify(entry.received),
    record_values: JSON.stringify(entry.values),
    ip: entry.ip,
    origin: entry.origin,
  };
}

/** The entry as just stored: pending, never tried. */
function storedEntry(entry: NewInboxEntry, id: number, receivedAt: string): InboxEntry {
  return {
    id,
    webformId: entry.webformId,
    receivedAt,
    status: 'pending',
    attempts: 0,
    lastError: null,
    received: entry.received,
    values: entry.values,
    ip: entry.ip,
    origin: entry.origin,
    recordId: null,
    outcome: null,
    exchangeLogId: null,
    processedAt: null,
    files: entry.files.map((f) => ({
      fileName: f.fileName,
      mime: f.mime,
      size: f.size,
      sha256: f.sha256,
    })),
  };
}

export class InboxRepository {
  constructor(private readonly knex: Knex) {}

  /** Commits the submission and its files; returns the row as stored. */
  async add(entry: NewInboxEntry): Promise<InboxEntry> {
    const row = newRow(entry);
    // Without files one INSERT is atomic by itself; with files the row and its files commit together.
    const id =
      entry.files.length === 0
        ? insertedId((await this.knex('webform_inbox').insert(row).returning('id'))[0])
        : await this.knex.transaction(async (trx) => {
            const newId = insertedId((await trx('webform_inbox').insert(row).returning('id'))[0]);
            for (const f of entry.files) {
              await trx('webform_inbox_files').insert({
                inbox_id: newId,
                file_name: f.fileName,
                mime: f.mime,
                size: f.size,
                sha256: f.sha256,
                content: f.content,
              });
            }
            return newId;
          });
    return storedEntry(entry, id, row.received_at);
  }

  /**
   * Several submissions without files in one INSERT of the caller's transaction (the group
   * commit of gateway/webforms/intake-batch.ts). A multi-row INSERT numbers its rows in VALUES
   * order on both databases, while RETURNING's order is unspecified (https://www.sqlite.org/lang_returning.html
   * §2.1): the ids are sorted before they are matched to the entries.
   */
  async addMany(trx: Knex.Transaction, entries: readonly NewInboxEntry[]): Promise<InboxEntry[]> {
    if (entries.some((e) => e.files.length > 0))
      throw new Error('addMany takes submissions without files');
    if (entries.length === 0) return [];
    const rows = entries.map(newRow);
    const ids = (await trx('webform_inbox').insert(rows).returning('id'))
      .map(insertedId)
      .sort((a, b) => a - b);
    return entries.map((e, i) => storedEntry(e, ids[i] ?? 0, rows[i]?.received_at ?? ''));
  }

  async get(id: number): Promise<InboxEntry | null> {
    const row = await this.knex<InboxRow>('webform_inbox').where({ id }).first();
    if (!row) return null;
    return toEntry(
      row,
      await this.knex('webform_inbox_files').where({ inbox_id: id }).select(FILE_META),
    );
  }

  async recent(webformId: number, limit = 50): Promise<InboxEntry[]> {
    const rows = await this.knex<InboxRow>('webform_inbox')
      .where({ webform_id: webformId })
      .orderBy('id', 'desc')
      .limit(limit);
    const files = rows.length
      ? await this.knex('webform_inbox_files')
          .whereIn(
            'inbox_id',
            rows.map((r) => r.id),
          )
          .select(FILE_META)
      : [];
    return rows.map((r) => toEntry(r, files as FileRow[]));
  }

  /** Attachments with their content, read inside the processing transaction. */
  async files(knex: Knex, inboxId: number): Promise<InboxFile[]> {
    const rows = await knex<FileRow>('webform_inbox_files')
      .where({ inbox_id: inboxId })
      .orderBy('id');
    return rows.map((f) => ({
      fileName: f.file_name,
      mime: f.mime,
      size: Number(f.size),
      sha256: f.sha256,
      content: Buffer.from(f.content),
    }));
  }

  /** Rows the retry job should try: failed ones under the attempt limit and stale pending ones. */
  async retryable(maxAttempts: number, pendingBefore: string, limit = 100): Promise<number[]> {
    return (
      await this.knex('webform_inbox')
        .where((q) => q.where('status', 'error').where('attempts', '<', maxAttempts))
        .orWhere((q) => q.where('status', 'pending').where('received_at', '<', pendingBefore))
        .orderBy('id')
        .limit(limit)
        .pluck('id')
    ).map(Number);
  }

  /** Marks the row done with what it became, inside the record's transaction; 0 when another
   *  process had already done so. Its files now live on as documents and leave the inbox. */
  async complete(
    trx: Knex.Transaction,
    entry: InboxEntry,
    recordId: number,
    outcome: InboxOutcome,
    exchangeLogId: number,
  ): Promise<number> {
    const n = await trx('webform_inbox')
      .where({ id: entry.id })
      .whereNot('status', 'done')
      .update({
        status: 'done',
        processed_at: nowUtc(),
        last_error: null,
        attempts: trx.raw('attempts + 1'),
        record_id: recordId,
        outcome,
        exchange_log_id: exchangeLogId,
      });
    if (n > 0 && entry.files.length > 0)
      await trx('webform_inbox_files').where({ inbox_id: entry.id }).del();
    return n;
  }

  async markError(id: number, error: string, exchangeLogId: number): Promise<void> {
    await this.knex('webform_inbox')
      .where({ id })
      .whereNot('status', 'done')
      .update({
        status: 'error',
        last_error: error.slice(0, 4000),
        attempts: this.knex.raw('attempts + 1'),
        exchange_log_id: exchangeLogId,
        processed_at: nowUtc(),
      });
  }

  /** Lets an administrator retry a row that used up its attempts. */
  async resetAttempts(id: number): Promise<void> {
    await this.knex('webform_inbox').where({ id, status: 'error' }).update({ attempts: 0 });
  }

  async counts(webformId: number): Promise<Record<InboxStatus, number>> {
    const rows = await this.knex('webform_inbox')
      .where({ webform_id: webformId })
      .groupBy('status')
      .select('status')
      .count<{ status: string; n: number | string }[]>({ n: '*' });
    const out: Record<InboxStatus, number> = { pending: 0, done: 0, error: 0 };
    for (const r of rows)
      if (r.status === 'pending' || r.status === 'done' || r.status === 'error')
        out[r.status] = Number(r.n);
    return out;
  }

  async purgeDone(before: string): Promise<number> {
    return this.knex('webform_inbox')
      .where('status', 'done')
      .where('received_at', '<', before)
      .del();
  }
}
