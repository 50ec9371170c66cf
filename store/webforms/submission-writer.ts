// Makes the record of one inbox row: in one transaction the row is
// claimed, the record is created (or, with duplicate detection, the existing one updated or
// commented on), the attachments become documents, the exchange-log row is written and the
// row is marked done. Any failure rolls all of it back and leaves the row for a retry.
import type { Knex } from 'knex';
import { nowUtc } from '../db.js';
import { ExchangeLog } from '../exchange-log.js';
import { getModule } from '../modules/registry.js';
import type { PicklistRepository } from '../records/picklists.js';
import { RecordRepository } from '../records/record-repository.js';
import type { Actor } from '../types.js';
import { SharingRepository } from '../visibility.js';
import { DocumentRepository } from './documents.js';
import type { InboxRepository } from './inbox-repository.js';
import type { InboxEntry, InboxOutcome, Webform } from './types.js';
import { emailFieldOf } from './webform-rules.js';

export const EXCHANGE_SYSTEM = 'webforms';

export interface WriteResult {
  readonly recordId: number;
  readonly outcome: InboxOutcome;
}

function summary(form: Webform, values: Readonly<Record<string, string>>): string {
  const labels = new Map(form.fields.map((f) => [f.name, f.label]));
  const lines = Object.entries(values)
    .filter(([, v]) => v !== '')
    .map(([k, v]) => `${labels.get(k) ?? k}: ${v}`);
  return [`Webform "${form.name}" submission:`, ...lines].join('\n');
}

export class SubmissionWriter {
  private readonly documents: DocumentRepository;

  constructor(
    private readonly knex: Knex,
    private readonly inbox: InboxRepository,
    private readonly picklists: PicklistRepository,
  ) {
    this.documents = new DocumentRepository(knex);
  }

  /** Null when another process had already processed the row. */
  async write(entry: InboxEntry, form: Webform, actor: Actor): Promise<WriteResult | null> {
    try {
      return await this.knex.transaction((trx) => this.writeIn(trx, entry, form, actor));
    } catch (err) {
      if (err instanceof AlreadyDone) return null;
      throw err;
    }
  }

  /**
   * The whole write inside the caller's transaction; throws when
   * another process had completed the row, and anything else on failure: either way the caller
   * must roll back.
   */
  async writeIn(
    trx: Knex.Transaction,
    entry: InboxEntry,
    form: Webform,
    actor: Actor,
  ): Promise<WriteResult> {
    // Every query of this write goes through the transaction: on SQLite the store has one
    // connection, which the transaction holds.
    const records = new RecordRepository(trx, new SharingRepository(trx), this.picklists);
    const duplicate =
      form.dedupe === 'none' ? null : await this.findDuplicate(trx, form, entry.values);
    const result = await this.apply(records, form, actor, entry, duplicate);
    if (entry.files.length > 0)
      await this.documents.attach(
        trx,
        result.recordId,
        await this.inbox.files(trx, entry.id),
        `webform:${form.publicId}`,
      );
    const logId = await this.logOk(trx, form, entry, result);
    // Marking the row done is conditional: if another process finished it meanwhile (it waits
    // on the row lock on PostgreSQL), this whole transaction, record included, is undone.
    if ((await this.inbox.complete(trx, entry, result.recordId, result.outcome, logId)) === 0)
      throw new AlreadyDone();
    return result;
  }

  private async apply(
    records: RecordRepository,
    form: Webform,
    actor: Actor,
    entry: InboxEntry,
    duplicate: number | null,
  ): Promise<WriteResult> {
    if (duplicate !== null && form.dedupe === 'update') {
      // Only what the visitor filled in: an empty field must not wipe what the CRM knows.
      const values = Object.fromEntries(Object.entries(entry.values).filter(([, v]) => v !== ''));
      await records.update(actor, form.module, duplicate, { values }, 'revise');
      return { recordId: duplicate, outcome: 'updated' };
    }
    if (duplicate !== null && form.dedupe === 'link') {
      await records.create(actor, 'ModComments', {
        values: { commentcontent: summary(form, entry.values), related_to: String(duplicate) },
        owner: form.owner,
      });
      return { recordId: duplicate, outcome: 'linked' };
    }
    const record = await records.create(actor, form.module, {
      values: entry.values,
      owner: form.owner,
    });
    return { recordId: record.id, outcome: 'created' };
  }

  private async findDuplicate(
    trx: Knex.Transaction,
    form: Webform,
    values: Readonly<Record<string, string>>,
  ): Promise<number | null> {
    const def = getModule(form.module);
    const field = emailFieldOf(def);
    const email = field ? values[field]?.trim().toLowerCase() : undefined;
    if (!field || !email) return null;
    const row = await trx({ e: 'crm_entities' })
      .join({ m: def.table }, 'm.id', 'e.id')
      .where({ 'e.module': def.name, 'e.deleted': false })
      .whereRaw('lower(??) = ?', [`m.${field}`, email])
      .orderBy('e.id')
      .first<{ id: number } | undefined>('e.id');
    return row ? Number(row.id) : null;
  }

  private async logOk(
    trx: Knex.Transaction,
    form: Webform,
    entry: InboxEntry,
    result: WriteResult,
  ): Promise<number> {
    const counts = result.outcome === 'created' ? { created: 1 } : { updated: 1 };
    const details = JSON.stringify({
      form: form.id,
      inbox: entry.id,
      record: result.recordId,
      outcome: result.outcome,
      module: form.module,
    });
    if (entry.exchangeLogId !== null) {
      await new ExchangeLog(trx).finish(entry.exchangeLogId, 'ok', counts, null, details);
      return entry.exchangeLogId;
    }
    // The common case writes its exchange-log row finished, in one statement of the same
    // transaction (ExchangeLog.start + finish would take two).
    const now = nowUtc();
    const [inserted] = await trx('exchange_log')
      .insert({
        started_at: entry.receivedAt,
        finished_at: now,
        system: EXCHANGE_SYSTEM,
        connection: form.publicId,
        direction: 'inbound',
        status: 'ok',
        ...counts,
        details,
      })
      .returning('id');
    return typeof inserted === 'object' && inserted !== null
      ? Number((inserted as { id: number }).id)
      : Number(inserted);
  }
}

/** Another process completed the row first. */
class AlreadyDone extends Error {}
