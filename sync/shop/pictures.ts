// Product pictures in a catalog push (sync/shop/README.md §4): the path written in Товар/Картинка
// and used as the file's name in the exchange (inside the zip, or as `filename=` of mode=file),
// and the files written into the run's folder one at a time, never all in memory. A picture that
// came from 1C keeps 1C's path, so the shop sees what 1C itself would have sent.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Knex } from 'knex';
import { pictureContent, type PictureMeta } from '../../store/commerceml/product-pictures.js';

export interface PictureFile {
  readonly documentId: number;
  /** The path in the exchange, always under import_files/. */
  readonly path: string;
  readonly sha256: string;
}

function clean(name: string): string {
  const base = name.replace(/\\/g, '/').split('/').pop() ?? '';
  const safe = base.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '');
  return safe === '' ? 'picture' : safe;
}

/** `import_files/…` as 1C wrote it, otherwise `import_files/crm/<document id>/<name>`. */
export function picturePath(p: Pick<PictureMeta, 'id' | 'fileName'>): string {
  const unified = p.fileName.replace(/\\/g, '/');
  const parts = unified.split('/');
  if (
    parts[0] === 'import_files' &&
    parts.length > 1 &&
    !parts.some((s) => s === '' || s === '.' || s === '..')
  )
    return unified;
  return `import_files/crm/${p.id}/${clean(unified)}`;
}

/** Writes each picture to `<dir>/<path>`; returns the files written, by path. */
export async function writePictures(
  knex: Knex,
  dir: string,
  pictures: readonly PictureFile[],
): Promise<{ file: string; name: string }[]> {
  const out: { file: string; name: string }[] = [];
  for (const p of pictures) {
    const file = path.join(dir, ...p.path.split('/'));
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, await pictureContent(knex, p.documentId));
    out.push({ file, name: p.path });
  }
  return out;
}
