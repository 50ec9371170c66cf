// Product pictures (CommerceML Товар/Картинка, gateway/commerceml/README.md §2.2; pushed to shops,
// sync/shop/README.md §4): documents on the product record (the documents table webform
// attachments use: store/webforms/documents.ts) with the source `product-picture`, the content a
// blob so replicas sharing PostgreSQL see it too. A picture that came from 1C keeps the path 1C
// gave it (`import_files/ab/abc.jpg`) as its file name, so the CRM sends it on under the same path.
import type { Knex } from 'knex';
import { nowUtc } from '../db.js';

export const PICTURE_SOURCE = 'product-picture';

/** What a shop accepts as a picture: image types only (Bitrix refuses script extensions). */
export const PICTURE_TYPES: Readonly<Record<string, string>> = {
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  gif: 'image/gif',
  webp: 'image/webp',
};

export function pictureMime(fileName: string): string | null {
  const dot = fileName.lastIndexOf('.');
  return dot < 0 ? null : (PICTURE_TYPES[fileName.slice(dot + 1).toLowerCase()] ?? null);
}

export interface PictureMeta {
  readonly id: number;
  readonly recordId: number;
  readonly fileName: string;
  readonly sha256: string;
  readonly size: number;
}

export interface NewPicture {
  readonly fileName: string;
  readonly mime: string;
  readonly sha256: string;
  /** null: the file did not come this time; a picture the record already has under this name stays. */
  readonly content: Buffer | null;
}

interface Row {
  id: number;
  record_id: number;
  file_name: string;
  sha256: string;
  size: number;
}

/** Pictures of the given records, in the order they were added. */
export async function picturesOf(
  knex: Knex,
  recordIds: readonly number[],
): Promise<Map<number, PictureMeta[]>> {
  const out = new Map<number, PictureMeta[]>();
  if (recordIds.length === 0) return out;
  const rows = await knex('documents')
    .whereIn('record_id', recordIds)
    .andWhere('source', PICTURE_SOURCE)
    .orderBy('id')
    .select<Row[]>('id', 'record_id', 'file_name', 'sha256', 'size');
  for (const r of rows) {
    const meta: PictureMeta = {
      id: Number(r.id),
      recordId: Number(r.record_id),
      fileName: r.file_name,
      sha256: r.sha256,
      size: Number(r.size),
    };
    out.set(meta.recordId, [...(out.get(meta.recordId) ?? []), meta]);
  }
  return out;
}

/**
 * Makes the record's pictures exactly `pictures` (by file name and content): unchanged ones stay
 * as they are, changed or dropped ones are removed, new ones added. Returns whether anything changed.
 */
export async function replacePictures(
  trx: Knex.Transaction,
  recordId: number,
  pictures: readonly NewPicture[],
): Promise<boolean> {
  const current = (await picturesOf(trx, [recordId])).get(recordId) ?? [];
  const wanted = new Set(
    pictures.map((p) =>
      p.content !== null
        ? `${p.fileName}\n${p.sha256}`
        : `${p.fileName}\n${current.find((c) => c.fileName === p.fileName)?.sha256 ?? ''}`,
    ),
  );
  const kept = new Set<string>();
  const drop: number[] = [];
  for (const c of current) {
    const key = `${c.fileName}\n${c.sha256}`;
    if (wanted.has(key) && !kept.has(key)) kept.add(key);
    else drop.push(c.id);
  }
  if (drop.length > 0) await trx('documents').whereIn('id', drop).delete();
  let added = 0;
  for (const p of pictures) {
    const key = `${p.fileName}\n${p.sha256}`;
    if (kept.has(key) || p.content === null) continue;
    kept.add(key);
    added++;
    await trx('documents').insert(pictureRow(recordId, { ...p, content: p.content }));
  }
  return drop.length > 0 || added > 0;
}

/** The documents row of one picture of a record. */
function pictureRow(
  recordId: number,
  p: NewPicture & { readonly content: Buffer },
): Record<string, unknown> {
  return {
    record_id: recordId,
    file_name: p.fileName,
    mime: p.mime,
    size: p.content.length,
    sha256: p.sha256,
    content: p.content,
    source: PICTURE_SOURCE,
    created_at: nowUtc(),
  };
}

/** Adds one picture to a record (the command line); returns the document id. */
export async function addPicture(
  knex: Knex,
  recordId: number,
  p: NewPicture & { readonly content: Buffer },
): Promise<number> {
  const [inserted] = await knex('documents').insert(pictureRow(recordId, p)).returning('id');
  return typeof inserted === 'object' && inserted !== null
    ? Number((inserted as { id: number }).id)
    : Number(inserted);
}

export async function pictureContent(knex: Knex, id: number): Promise<Buffer> {
  const row = await knex('documents')
    .where({ id, source: PICTURE_SOURCE })
    .first<{ content: Buffer | Uint8Array } | undefined>('content');
  if (!row) throw new Error(`picture ${id} is gone`);
  return Buffer.from(row.content);
}
