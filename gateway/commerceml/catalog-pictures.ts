// Pictures of an imported catalog (gateway/commerceml/README.md §2.2 Картинка): 1C sends the
// picture files under import_files/ in the same exchange (inside the zip or as file parts) and
// names them in Товар/Картинка relative to import.xml. They are kept as documents on the product
// (store/commerceml/product-pictures.ts) under the path 1C gave, so a push to a web shop
// (sync/shop/README.md §4) sends them on unchanged. Applied after the batch that wrote the
// products, so every Ид already has its record; a Товар without Картинка leaves its pictures as
// they are (1C with "выгружать картинки" off names none), a named file that did not come keeps
// the picture the record has under that name.
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Store } from '../../store/store.js';
import {
  pictureMime,
  replacePictures,
  type NewPicture,
} from '../../store/commerceml/product-pictures.js';
import { SYSTEM } from './catalog-writer.js';
import { resolveIn, safeRelative } from './work-dir.js';

/** One picture larger than this is not kept (a shop would not show it either). */
export const MAX_PICTURE_BYTES = 20 * 1024 * 1024;

export interface PendingPictures {
  readonly productId: string;
  readonly paths: readonly string[];
}

export class PictureIntake {
  private pending: PendingPictures[] = [];
  changed = 0;

  constructor(
    private readonly store: Store,
    private readonly connection: string,
    /** The session's work folder, and the folder of import.xml inside it. */
    private readonly workDir: string,
    private readonly fileDir: string,
  ) {}

  get size(): number {
    return this.pending.length;
  }

  add(productId: string, paths: readonly string[]): void {
    if (productId !== '' && paths.length > 0) this.pending.push({ productId, paths });
  }

  private async load(name: string): Promise<NewPicture | null> {
    let relative: string;
    try {
      relative = safeRelative(name);
    } catch {
      return null;
    }
    const mime = pictureMime(relative);
    if (mime === null) return null;
    const inFolder = path.relative(this.workDir, path.join(this.fileDir, relative));
    for (const candidate of [inFolder, relative]) {
      let full: string;
      try {
        full = resolveIn(this.workDir, candidate);
      } catch {
        continue;
      }
      const st = await stat(full).catch(() => null);
      if (!st?.isFile() || st.size > MAX_PICTURE_BYTES) continue;
      const content = await readFile(full);
      const sha256 = createHash('sha256').update(content).digest('hex');
      return { fileName: relative, mime, sha256, content };
    }
    return { fileName: relative, mime, sha256: '', content: null };
  }

  /** Stores the pictures gathered so far; call after the products they name were written. */
  async flush(): Promise<void> {
    const items = this.pending;
    this.pending = [];
    if (items.length === 0) return;
    const links = await this.store.syncLinks.findMany(
      SYSTEM,
      this.connection,
      items.map((i) => i.productId),
    );
    for (const item of items) {
      const link = links.get(item.productId);
      if (!link || (link.module !== 'Products' && link.module !== 'Services')) continue;
      const pictures: NewPicture[] = [];
      for (const p of item.paths) {
        const loaded = await this.load(p);
        if (loaded) pictures.push(loaded);
      }
      if (pictures.length === 0) continue;
      const changed = await this.store.db.knex.transaction((trx) =>
        replacePictures(trx, link.recordId, pictures),
      );
      if (changed) this.changed++;
    }
  }
}
