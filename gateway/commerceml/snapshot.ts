// Full snapshots (gateway/commerceml/README.md §2.3): a Каталог with
// СодержитТолькоИзменения="false" lists every product, but what it lacks is deactivated only at
// mode=deactivate/complete — never per package, since 1C may split one unload over several files.
// The Ид seen by full imports of the session are appended to a file in the work folder until then.
import { createReadStream, createWriteStream } from 'node:fs';
import { rm, stat, writeFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { pipeline } from 'node:stream/promises';
import path from 'node:path';
import type { Knex } from 'knex';
import {
  clearSnapshotIds,
  missingFromSnapshot,
  stageSnapshotIds,
} from '../../store/commerceml/snapshot-ids.js';
import { BulkRecordWriter, readFields } from '../../store/records/bulk-writer.js';
import type { Store } from '../../store/store.js';
import type { Actor, FieldValues } from '../../store/types.js';
import { SYSTEM } from './catalog-writer.js';

export const SNAPSHOT_FILE = '.full-snapshot-ids';

/**
 * The Ид of one file's full snapshot, written to disk batch by batch (a 100,000-product catalog
 * is never held in memory) and added to the session's list only when the whole file was
 * imported: a failed import adds none, so it can never deactivate what it did not reach.
 */
export class SnapshotIds {
  private readonly part: string;
  private started = false;
  constructor(private readonly dir: string) {
    this.part = path.join(dir, `${SNAPSHOT_FILE}.part`);
  }

  async add(ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    // The first batch truncates what a crashed earlier run of the same import may have left.
    await writeFile(this.part, ids.map((id) => `${id}\n`).join(''), {
      flag: this.started ? 'a' : 'w',
    });
    this.started = true;
  }

  async commit(): Promise<void> {
    if (!this.started) return;
    await pipeline(
      createReadStream(this.part),
      createWriteStream(path.join(this.dir, SNAPSHOT_FILE), { flags: 'a' }),
    );
    await rm(this.part, { force: true });
  }
}

const PAGE = 1000;

/** Streams the session's snapshot file into the staging table, a page of Ид at a time. */
async function stage(knex: Knex, run: string, file: string): Promise<void> {
  await clearSnapshotIds(knex, run);
  let page: string[] = [];
  for await (const line of createInterface({
    input: createReadStream(file, 'utf8'),
    crlfDelay: Infinity,
  })) {
    if (line !== '') page.push(line);
    if (page.length >= PAGE) {
      await stageSnapshotIds(knex, run, page);
      page = [];
    }
  }
  await stageSnapshotIds(knex, run, page);
}

/**
 * Sets Product/Service active = 0 for linked items no full import of the session named. Batched
 * through the bulk writer (one transaction per page of 1,000, a change-log row per record, as
 * RecordRepository.update(…, 'revise') writes), with memory bounded by the page: the Ид are staged
 * in the database and the links the snapshot lacks are read page by page (store/commerceml/snapshot-ids.ts).
 * A run cut short is repeated whole by the next deactivate/complete: the file stays until the end.
 */
export async function deactivateMissing(
  store: Store,
  actor: Actor,
  connection: string,
  dir: string,
): Promise<number | null> {
  const file = path.join(dir, SNAPSHOT_FILE);
  if (!(await stat(file).catch(() => null))) return null;
  const knex = store.db.knex;
  const run = path.basename(dir).slice(0, 100);
  await stage(knex, run, file);
  const bulk = new BulkRecordWriter(store.picklists);
  let n = 0;
  for (const module of ['Products', 'Services']) {
    const access = await store.sharing.get(module);
    for (let after = 0; ;) {
      const ids = await missingFromSnapshot(
        knex,
        store.syncLinks,
        { system: SYSTEM, connection, module },
        run,
        after,
        PAGE,
      );
      if (ids.length === 0) break;
      after = ids[ids.length - 1] ?? after;
      await knex.transaction(async (trx) => {
        const current = await readFields(trx, module, ids, ['discontinued']);
        const updates = new Map<number, FieldValues>();
        for (const [id, values] of current)
          if (values['discontinued'] !== '0') updates.set(id, { discontinued: '0' });
        await bulk.revise(trx, actor, module, access, updates);
        n += updates.size;
      });
    }
  }
  await clearSnapshotIds(knex, run);
  await rm(file, { force: true });
  return n;
}
