// Full snapshots (commerceml.md §2.3, issue 6): a Каталог with СодержитТолькоИзменения="false"
// lists every product, but what it lacks is deactivated only at mode=deactivate/complete — never
// per package, since 1C may split one unload over several files. The Ид seen by full imports of
// the session are appended to a file in the work folder until then.
import { appendFile, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Store } from '../../store/store.js';
import type { Actor } from '../../store/types.js';
import { SYSTEM } from './catalog-writer.js';

export const SNAPSHOT_FILE = '.full-snapshot-ids';

export async function recordSnapshot(dir: string, ids: readonly string[]): Promise<void> {
  await appendFile(path.join(dir, SNAPSHOT_FILE), ids.map((id) => `${id}\n`).join(''));
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
