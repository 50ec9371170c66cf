// The stored field rules of profiles (store/migrations/0026-profile-fields.ts; the rules
// themselves: ./field-rules.ts).
import type { Knex } from 'knex';
import { GatewayError } from '../errors.js';
import { parseFieldRules, type FieldRules, type FieldRulesTable } from './field-rules.js';

interface FieldRow {
  profile_id: number;
  module: string;
  field: string;
  access: string;
}

/** Field rules of profiles, by profile id (a profile without rules is absent). */
export async function fieldRulesOf(
  knex: Knex,
  profileIds: readonly number[],
): Promise<Map<number, FieldRulesTable>> {
  const out = new Map<number, Record<string, { hidden: string[]; readonly: string[] }>>();
  if (profileIds.length === 0) return out;
  const rows = await knex<FieldRow>('profile_fields')
    .whereIn('profile_id', [...profileIds])
    .orderBy(['module', 'field']);
  for (const row of rows) {
    const id = Number(row.profile_id);
    const table = out.get(id) ?? {};
    const rules = table[row.module] ?? { hidden: [], readonly: [] };
    (row.access === 'hidden' ? rules.hidden : rules.readonly).push(row.field);
    table[row.module] = rules;
    out.set(id, table);
  }
  return out;
}

/**
 * Replaces a profile's rules for one module with `hidden` and `readonly` (comma lists, checked
 * by parseFieldRules); two empty lists clear the module's rules. Bad input changes nothing.
 */
export async function setProfileFields(
  knex: Knex,
  profileId: number,
  module: string,
  hidden: string,
  readonly: string,
): Promise<FieldRules> {
  const rules = parseFieldRules(module, hidden, readonly);
  await knex.transaction(async (trx) => {
    if (!(await trx('profiles').where({ id: profileId }).first('id')))
      throw new GatewayError('not_found', `Profile ${profileId} does not exist`);
    await trx('profile_fields').where({ profile_id: profileId, module }).del();
    const rows = [
      ...rules.hidden.map((field) => ({ field, access: 'hidden' })),
      ...rules.readonly.map((field) => ({ field, access: 'readonly' })),
    ].map((r) => ({ profile_id: profileId, module, ...r }));
    if (rows.length > 0) await trx('profile_fields').insert(rows);
  });
  return rules;
}
