// Full snapshots (commerceml.md §2.3, issue 6): a Каталог with СодержитТолькоИзменения="false"
// lists every product, but what it lacks is deactivated only at mode=deactivate/complete — never
// per package, since 1C may split one unload over several files. The Ид seen by full imports of
// the session are appended to a file in the work folder until then.
import { createReadStream, createWriteStream } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import path from 'node:path';
import type { Store } from '../../store/store.js';
import type { Actor } from '../../store/types.js';
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
    await writeFile(this.part, ids.map((id) => `${id}\n`).join(''), { flag: this.started ? 'a' : 'w' });
    this.started = true;
  }

  async commit(): Promise<void> {
    if (!this.started) return;
    await pipeline(createReadStream(this.part), createWriteStream(path.join(this.dir, SNAPSHOT_FILE), { flags: 'a' }));
    await rm(this.part, { force: true });
  }
}

/** Sets Product/Service active = 0 for linked items no full import of the session named. */
export async function deactivateMissing(store: Store, actor: Actor, connection: string, dir: string): Promise<number | null> {
  const file = path.join(dir, SNAPSHOT_FILE);
  const text = await readFile(file, 'utf8').catch(() => null);
  if (text === null) return null;
  const seen = new Set(text.split('\n'));
  let n = 0;
  for (const link of await store.syncLinks.forConnection(SYSTEM, connection)) {
    if ((link.module !== 'Products' && link.module !== 'Services') || link.remoteId.includes('#') || seen.has(link.remoteId)) continue;
    const rec = await store.records.get(actor, link.module, link.recordId);
    if (!rec || rec.values['discontinued'] === '0') continue;
    await store.records.update(actor, link.module, link.recordId, { values: { discontinued: '0' } }, 'revise');
    n++;
  }
  await rm(file, { force: true });
  return n;
}
