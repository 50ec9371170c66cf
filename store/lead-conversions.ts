// Converted leads (vtiger vtiger_leaddetails.converted, gateway/rest/README.md §2 convertlead). A
// lead is claimed before the new records are created, so two concurrent conversions cannot both
// run: the second sees the claim and gets LEAD_ALREADY_CONVERTED.
import type { Knex } from 'knex';
import { nowUtc } from './db.js';

export interface ConversionResult {
  readonly accountId: number | null;
  readonly contactId: number | null;
  readonly potentialId: number | null;
}

function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; message?: string };
  return (
    e.code === '23505' ||
    e.code === 'SQLITE_CONSTRAINT' ||
    /UNIQUE constraint|PRIMARY KEY/i.test(e.message ?? '')
  );
}

export class LeadConversionRepository {
  constructor(private readonly knex: Knex) {}

  async isConverted(leadId: number): Promise<boolean> {
    return (
      (await this.knex('lead_conversions').where({ lead_id: leadId }).first('lead_id')) !==
      undefined
    );
  }

  /** Claims a lead for conversion; false when it is converted (or being converted) already. */
  async claim(leadId: number, userId: number): Promise<boolean> {
    try {
      await this.knex('lead_conversions').insert({
        lead_id: leadId,
        converted_at: nowUtc(),
        converted_by: userId,
      });
      return true;
    } catch (err) {
      if (isUniqueViolation(err)) return false;
      throw err;
    }
  }

  async complete(leadId: number, result: ConversionResult): Promise<void> {
    await this.knex('lead_conversions').where({ lead_id: leadId }).update({
      account_id: result.accountId,
      contact_id: result.contactId,
      potential_id: result.potentialId,
    });
  }

  /** Gives a claim back after a failed conversion. */
  async release(leadId: number): Promise<void> {
    await this.knex('lead_conversions').where({ lead_id: leadId }).del();
  }
}
