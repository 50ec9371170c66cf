// One writer for a Contact, its stored vCard and the sync link of its href, in one transaction
// (RFC 6352 §6.3.2: a second device syncing in between never sees the record without its card or
// its name, and a failure part-way leaves nothing; test/gateway/carddav/bad-input.test.ts). Like
// store/caldav/calendar-writer.ts, it reads no vCard: callers hand it the card row.
import type { Knex } from 'knex';
import { PicklistRepository } from '../records/picklists.js';
import { RecordRepository } from '../records/record-repository.js';
import { RecycleBin } from '../recycle-bin.js';
import { SyncLinkRepository, type SyncLinkInput } from '../sync-links.js';
import type { Actor, CrmRecord, FieldValues } from '../types.js';
import { SharingRepository } from '../visibility.js';
import { CardRepository, type StoredCard } from './cards.js';

export interface CardWrite {
  readonly actor: Actor;
  readonly module: string;
  /** null creates the record. */
  readonly recordId: number | null;
  readonly values: FieldValues;
  /** The card to keep for the written record. */
  readonly card: (record: CrmRecord) => StoredCard;
  /** The sync link naming the record in the user's book (the client's href name). */
  readonly link: Omit<SyncLinkInput, 'recordId' | 'module'>;
}

export class CardWriter {
  constructor(
    private readonly knex: Knex,
    private readonly picklists: PicklistRepository = new PicklistRepository(knex),
  ) {}

  private records(trx: Knex.Transaction): RecordRepository {
    return new RecordRepository(trx, new SharingRepository(trx, 0), this.picklists);
  }

  /** Creates or revises the record, stores its card and link; all or nothing. */
  async write(w: CardWrite): Promise<CrmRecord> {
    return this.knex.transaction(async (trx) => {
      const records = this.records(trx);
      const record =
        w.recordId === null
          ? await records.create(w.actor, w.module, { values: w.values })
          : await records.update(w.actor, w.module, w.recordId, { values: w.values }, 'revise');
      await new CardRepository(trx).put(w.card(record));
      await new SyncLinkRepository(trx).upsert(
        { ...w.link, recordId: record.id, module: record.module },
        trx,
      );
      return record;
    });
  }

  /** Moves the record to the recycle bin (which takes its links along). */
  async remove(actor: Actor, module: string, recordId: number): Promise<void> {
    await this.knex.transaction(async (trx) => {
      await new RecycleBin(trx, this.records(trx)).delete(actor, module, recordId);
    });
  }
}
