// Access keys at rest: sealed with the gateway's secret key (store/secrets.ts, AES-256-GCM) so a
// copy of the database alone gives no API access. The vtiger login needs the key in clear
// (md5(token + accessKey)), so it is opened on every read. A sealed row keeps a random
// "sealed:" placeholder in the old, unique `access_key` column; rows written where no secret key
// is at hand (the command line or tests without one, directory sign-ups) stay in clear until the
// gateway's next start seals them (sealAll).
import type { Knex } from 'knex';
import { randomBytes } from 'node:crypto';
import type { SecretBox } from '../secrets.js';

export const SEALED_PREFIX = 'sealed:';
const CONTEXT = 'users.access_key';

export interface AccessKeyColumns {
  readonly access_key: string;
  readonly access_key_sealed: string | null;
}

/** The columns that store `key`: sealed when a box is at hand, else in clear. */
export function storeAccessKey(key: string, box: SecretBox | null): AccessKeyColumns {
  if (!box) return { access_key: key, access_key_sealed: null };
  return {
    access_key: SEALED_PREFIX + randomBytes(16).toString('hex'),
    access_key_sealed: box.seal(key, CONTEXT),
  };
}

/** The key in clear; '' for a sealed key read without the box (no key-based login then). */
export function readAccessKey(row: AccessKeyColumns, box: SecretBox | null): string {
  if (row.access_key_sealed === null || row.access_key_sealed === undefined) return row.access_key;
  return box ? box.open(row.access_key_sealed, CONTEXT) : '';
}

/** Seals every key still in clear; returns how many. */
export async function sealAll(knex: Knex, box: SecretBox): Promise<number> {
  const rows = await knex('users')
    .whereNull('access_key_sealed')
    .select<{ id: number; access_key: string }[]>('id', 'access_key');
  for (const row of rows)
    await knex('users')
      .where({ id: row.id, access_key: row.access_key })
      .update(storeAccessKey(row.access_key, box));
  return rows.length;
}
