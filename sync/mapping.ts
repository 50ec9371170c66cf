// How the items of one remote system map to CRM records, as the engine (engine.ts) needs it: read a
// raw item into the synced fields, write the CRM's fields over a raw item (keeping everything else
// the remote holds), or make a fresh one. `F` is the mapping's own field set; the engine compares
// fields only through `hash`, so an echo of its own write is recognised and skipped.
import type { Knex } from 'knex';
import type { CalendarObject } from '../store/caldav/calendar-objects.js';
import type { RecordRepository } from '../store/records/record-repository.js';
import type { Actor, CrmRecord, FieldValues, Owner } from '../store/types.js';

export interface MappedItem<F> {
  readonly uid: string;
  readonly module: string;
  readonly fields: F;
  /** The CRM values a pull writes (the synced fields and what the mapping derives from them). */
  readonly values: FieldValues;
  /** When the remote side last changed the item; null when it does not say. */
  readonly changedMs: number | null;
}

export interface ItemMapping<F, P = unknown> {
  /** The CRM modules this link carries. */
  readonly modules: readonly string[];
  /** null: an item of a kind the link does not carry (skipped); throws when the item is broken. */
  read(raw: string): (MappedItem<F> & { readonly parsed: P }) | null;
  /**
   * The synced fields of a record; null when the record cannot be synced (no start ...). A
   * promise when a field is looked up (a contact's ORG is its account's name).
   */
  fieldsOf(record: CrmRecord): F | null | Promise<F | null>;
  hash(fields: F): string;
  /** Whether a first sync sends the record (an activity not in the past ...). */
  initial(fields: F, nowMs: number): boolean;
  /** The raw item with the CRM's fields written over it. */
  patch(raw: string, fields: F, nowMs: number): string;
  /** The first remote copy of a record (uid and raw). */
  fresh(record: CrmRecord, fields: F, nowMs: number): Promise<{ uid: string; raw: string }>;
  /**
   * CRM values a pulled item names by something other than a record id, found (or created) in the
   * transaction that writes the record: the Account a card's ORG names (sync/providers/carddav).
   */
  linkedValues?(
    trx: Knex.Transaction,
    records: RecordRepository,
    who: { readonly actor: Actor; readonly owner: Owner },
    fields: F,
  ): Promise<FieldValues>;
  /** Values a record created from a remote item gets besides the synced ones. */
  defaults(module: string): FieldValues;
  /** The CRM record a uid of the engine's own making names (an item created before its link was saved). */
  ownRecordId(uid: string): number | null;
  /**
   * The calendar object the CRM keeps for the record beside its fields, written in the record's
   * transaction (store/caldav/calendar-writer.ts); null keeps none. `recordModified` is '' when
   * the remote item is only a base the CRM's newer fields render over.
   */
  objectFor?(
    trx: Knex.Transaction,
    record: CrmRecord,
    item: { readonly parsed: P; readonly raw: string },
    recordModified?: string,
  ): Promise<CalendarObject | null>;
  /**
   * An existing record of the link's owner (user or group) the remote item is the same as (by e-mail, phone ...), so a
   * first sync links it instead of creating a duplicate; null when none.
   */
  match?(owner: Owner, item: MappedItem<F>): Promise<number | null>;
  /** Whether the kept copy was current and differs from `raw` (then a refresh rewrites the record). */
  keptIsStale?(record: CrmRecord, raw: string): Promise<boolean>;
}
