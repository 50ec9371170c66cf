// One writer for a calendar record, its stored object and its sync link, in one transaction, used
// by the gateway's CalDAV server (PUT, DELETE) and by the bridges: a second device syncing in
// between never sees the record without its object or its link name (RFC 6578 §3.5 would report
// it under `crm-<id>.ics`, and the device would keep a duplicate), and a failure part-way leaves
// nothing (test/gateway/caldav/atomic-put.test.ts). This part reads no iCalendar: callers hand it
// the object row built from their parsed object (sync/calendar/stored-object.ts).
import type { Knex } from 'knex';
import { PicklistRepository } from '../records/picklists.js';
import { RecordRepository } from '../records/record-repository.js';
import { RecycleBin } from '../recycle-bin.js';
import { SyncLinkRepository, type SyncLinkInput } from '../sync-links.js';
import type { Actor, CrmRecord, FieldValues, Owner } from '../types.js';
import { SharingRepository } from '../visibility.js';
import { CalendarObjectRepository, type CalendarObject } from './calendar-objects.js';

/**
 * Repositories bound to one transaction. The picklist repository is the store's, so values it
 * knows exist are not looked up again on every write (store/records/picklists.ts).
 */
function repos(
  trx: Knex.Transaction,
  picklists: PicklistRepository,
): { records: RecordRepository; bin: RecycleBin } {
  const records = new RecordRepository(trx, new SharingRepository(trx, 0), picklists);
  return { records, bin: new RecycleBin(trx, records) };
}

/** What else commits with the record: runs inside the transaction, after the record is written. */
export type AlsoWrite = (trx: Knex.Transaction, record: CrmRecord) => Promise<void>;

export interface CalendarWrite {
  readonly actor: Actor;
  readonly module: string;
  /** null creates the record. */
  readonly recordId: number | null;
  readonly values: FieldValues;
  /**
   * Values looked up (or made) in the same transaction, over `values`: the Account a contact's
   * ORG names, created when missing, so a failed write leaves no orphan account behind.
   */
  readonly linked?: (trx: Knex.Transaction, records: RecordRepository) => Promise<FieldValues>;
  readonly owner?: Owner;
  /** The object to store for the written record; null keeps none (it renders from its fields). */
  readonly object: (trx: Knex.Transaction, record: CrmRecord) => Promise<CalendarObject | null>;
  /** The sync link naming the record in a connection (a client's href name ...). */
  readonly link?: Omit<SyncLinkInput, 'recordId' | 'module'>;
  readonly also?: AlsoWrite;
}

export class CalendarObjectWriter {
  constructor(
    private readonly knex: Knex,
    private readonly picklists: PicklistRepository = new PicklistRepository(knex),
  ) {}

  /** Creates or revises the record, stores its object and link; all or nothing. */
  async write(w: CalendarWrite): Promise<CrmRecord> {
    return this.knex.transaction(async (trx) => {
      const { records } = repos(trx, this.picklists);
      const values = w.linked ? { ...w.values, ...(await w.linked(trx, records)) } : w.values;
      const record =
        w.recordId === null
          ? await records.create(w.actor, w.module, {
              values,
              ...(w.owner ? { owner: w.owner } : {}),
            })
          : await records.update(w.actor, w.module, w.recordId, { values }, 'revise');
      await this.keepIn(trx, record, w);
      return record;
    });
  }

  /** Stores an object (and link, and `also`) for a record whose fields did not change. */
  async keep(record: CrmRecord, w: Pick<CalendarWrite, 'object' | 'link' | 'also'>): Promise<void> {
    await this.knex.transaction((trx) => this.keepIn(trx, record, w));
  }

  /** Moves the record to the recycle bin (which takes its object's links along) with `also`. */
  async remove(
    actor: Actor,
    module: string,
    recordId: number,
    also?: (trx: Knex.Transaction) => Promise<void>,
  ): Promise<void> {
    await this.knex.transaction(async (trx) => {
      await also?.(trx);
      await repos(trx, this.picklists).bin.delete(actor, module, recordId);
    });
  }

  private async keepIn(
    trx: Knex.Transaction,
    record: CrmRecord,
    w: Pick<CalendarWrite, 'object' | 'link' | 'also'>,
  ): Promise<void> {
    const object = await w.object(trx, record);
    if (object) await new CalendarObjectRepository(trx).put(object);
    if (w.link)
      await new SyncLinkRepository(trx).upsert(
        { ...w.link, recordId: record.id, module: record.module },
        trx,
      );
    await w.also?.(trx, record);
  }
}
