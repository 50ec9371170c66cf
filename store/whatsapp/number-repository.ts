// The E.164 index of CRM mobile numbers that WhatsApp senders are matched against
// (gateway/whatsapp/README.md §3.1). Numbers are normalised above the store (formats/whatsapp/
// phone.ts); the store keeps (e164, record) pairs and the change-log position they are current to.
import type { Knex } from 'knex';

export interface NumberMatch {
  readonly recordId: number;
  readonly module: string;
  /** Found by the record's `wa_id` field rather than by a phone number. */
  readonly byWaId?: boolean;
}

export interface PhoneRow {
  readonly id: number;
  readonly module: string;
  readonly numbers: readonly string[];
  /** The record's `wa_id` field, or null when empty. */
  readonly waId: string | null;
  readonly deleted: boolean;
}

/**
 * The index key of a `wa_id` field value: kept beside the E.164 numbers, told apart by its prefix
 * (an E.164 number starts with "+"), so one indexed query finds both.
 */
export function waIdKey(waId: string): string {
  return `wa:${waId}`;
}

const PHONE_FIELDS: Readonly<Record<string, readonly string[]>> = {
  Contacts: ['mobile', 'phone', 'otherphone', 'homephone'],
  Leads: ['mobile', 'phone'],
};

export const MATCHED_MODULES = Object.keys(PHONE_FIELDS);

export class WhatsAppNumberRepository {
  constructor(private readonly knex: Knex) {}

  /**
   * Live records whose `wa_id` field is `waId` first, then those with one of the number variants;
   * in each, Contacts before Leads, most recently changed first.
   */
  async lookup(variants: readonly string[], waId?: string): Promise<NumberMatch[]> {
    const keys = waId === undefined ? [...variants] : [waIdKey(waId), ...variants];
    const rows = await this.knex('whatsapp_numbers as n')
      .join('crm_entities as e', 'e.id', 'n.record_id')
      .whereIn('n.e164', keys)
      .where('e.deleted', false)
      .orderByRaw("case when n.e164 like 'wa:%' then 0 else 1 end")
      .orderByRaw("case when n.module = 'Contacts' then 0 else 1 end")
      .orderBy('e.modifiedtime', 'desc')
      .select<{ record_id: number; module: string; e164: string }[]>(
        'n.record_id',
        'n.module',
        'n.e164',
      );
    return rows.map((r) => ({
      recordId: Number(r.record_id),
      module: r.module,
      byWaId: r.e164.startsWith('wa:'),
    }));
  }

  /** The phone fields of the given records (of Contacts or Leads), deleted ones flagged. */
  async phones(module: string, ids: readonly number[]): Promise<PhoneRow[]> {
    const fields = PHONE_FIELDS[module];
    if (!fields || ids.length === 0) return [];
    const table = `mod_${module.toLowerCase()}`;
    const rows = await this.knex(`${table} as m`)
      .join('crm_entities as e', 'e.id', 'm.id')
      .whereIn('m.id', [...ids])
      .select<Record<string, string | number | boolean | null>[]>(
        'm.id',
        'e.deleted',
        'm.wa_id',
        ...fields.map((f) => `m.${f}`),
      );
    return rows.map((r) => ({
      id: Number(r['id']),
      module,
      deleted: Boolean(r['deleted']),
      waId: typeof r['wa_id'] === 'string' && r['wa_id'].trim() !== '' ? r['wa_id'].trim() : null,
      numbers: fields
        .map((f) => r[f])
        .filter((v): v is string => typeof v === 'string' && v !== ''),
    }));
  }

  /** Replaces the indexed numbers of one record. */
  async replace(recordId: number, module: string, e164s: readonly string[]): Promise<void> {
    await this.knex.transaction(async (trx) => {
      await trx('whatsapp_numbers').where({ record_id: recordId }).delete();
      const unique = [...new Set(e164s)];
      if (unique.length > 0)
        await trx('whatsapp_numbers').insert(
          unique.map((e164) => ({ e164, record_id: recordId, module })),
        );
    });
  }
}
