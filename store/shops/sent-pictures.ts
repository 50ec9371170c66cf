// Which pictures a shop already has (migration 0030-shop-pictures-sessions, sync/shop/README.md §4): a
// picture goes to a shop once per path, and again only when its content changed, because shops
// append a re-sent file to the one they keep (sync/shop/README.md §4).
import type { Knex } from 'knex';
import { nowUtc } from '../db.js';

export interface SentPicture {
  readonly path: string;
  readonly sha256: string;
}

/** Of the given pictures, those the shop does not have yet with this content. */
export async function unsentPictures<T extends SentPicture>(
  knex: Knex,
  shopId: number,
  pictures: readonly T[],
): Promise<T[]> {
  if (pictures.length === 0) return [];
  const rows = await knex('shop_sent_pictures')
    .where({ shop_id: shopId })
    .whereIn(
      'path',
      pictures.map((p) => p.path),
    )
    .select<{ path: string; sha256: string }[]>('path', 'sha256');
  const have = new Map(rows.map((r) => [r.path, r.sha256]));
  return pictures.filter((p) => have.get(p.path) !== p.sha256);
}

/** Records pictures the shop took; called only after the whole push succeeded. */
export async function markPicturesSent(
  knex: Knex,
  shopId: number,
  pictures: readonly SentPicture[],
): Promise<void> {
  const at = nowUtc();
  for (let i = 0; i < pictures.length; i += 200) {
    const part = pictures.slice(i, i + 200);
    await knex('shop_sent_pictures')
      .insert(part.map((p) => ({ shop_id: shopId, path: p.path, sha256: p.sha256, sent_at: at })))
      .onConflict(['shop_id', 'path'])
      .merge(['sha256', 'sent_at']);
  }
}

export async function forgetSentPictures(knex: Knex, shopId: number): Promise<void> {
  await knex('shop_sent_pictures').where({ shop_id: shopId }).delete();
}
