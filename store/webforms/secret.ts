// The master secret of webform tokens (ALTCHA signatures, fill-time tokens) when none is
// configured: generated once and kept in settings, so every replica signs and verifies alike.
// Insert-if-absent then read back: two replicas starting together end up with the same one.
import { randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import { nowUtc } from '../db.js';

const KEY = 'webforms.secret';

export async function loadOrCreateSecret(knex: Knex): Promise<string> {
  await knex('settings')
    .insert({
      key: KEY,
      value: JSON.stringify(randomBytes(32).toString('base64url')),
      updated_at: nowUtc(),
    })
    .onConflict('key')
    .ignore();
  const row = await knex('settings')
    .where({ key: KEY })
    .first<{ value: string } | undefined>('value');
  const value: unknown = row ? JSON.parse(row.value) : null;
  if (typeof value !== 'string' || value.length < 32)
    throw new Error('webforms.secret setting is missing or malformed');
  return value;
}
