// The E.164 index of CRM mobile numbers that WhatsApp senders are matched against
// (gateway/whatsapp/README.md §3.1). Numbers are normalised above the store (formats/whatsapp/
// phone.ts); the store keeps (e164, record) pairs and the change-log position they are current to.
import type { Knex } from 'knex';

export interface NumberMatch {
  readonly recordId: number;
  readonly module: string;
}

export interface PhoneRow {
  readonly id: number;
  readonly module: string;
  readonly numbers: readonly string[];
  readonly deleted: boolean;
}

const PHONE_FIELDS: Readonly<Record<string, readonly string[]>> = {
  Contacts: ['mobile', 'phone', 'otherphone', 'homephone'],
  Leads: ['mobile', 'phone'],
};

export const MATCHED_MODULES = Object.keys(PHONE_FIELDS);

export class WhatsAppNumberRepository {
  constructor(private readonly knex: Knex) {}

  /** Live Contacts first, then Leads, most recently changed first, for any of the variants. */
  async lookup(variants: readonly string[]): Promise<NumberMatch[]> {
    const rows = await this.knex('whatsapp_numbers as n')
      .join('crm_entities as e', 'e.id', 'n.record_id')
      .whereIn('n.e164', [...variants])
      .where('e.deleted', false)
      .orderByRaw("case when n.module = 'Contacts' then 0 else 1 end")
      .orderBy('e.modifiedtime', 'desc')
      .select<{ record_id: number; module: string }[]>('n.record_id', 'n.module');
    return rows.map((r) => ({ recordId: Number(r.record_id), module: r.module }));
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
        ...fields.map((f) => `m.${f}`),
      );
    return rows.map((r) => ({
      id: Number(r['id']),
      module,
      deleted: Boolean(r['deleted']),
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
