// One delta page as the engine's change set (sync/provider.ts), shared by the calendar and To Do
// providers: the cursor is the page link to follow, then the round's deltaLink (Graph docs,
// "Use delta query to track changes in Microsoft Graph data"); only `@removed` entries remove.
import { SyncError } from '../../provider.js';
import type { ChangeSet } from '../../provider.js';
import type { DeltaPage, GraphJson } from './transport.js';

/** The change set of `page` whose items (possibly widened by the caller) are `items`. */
export function deltaChangeSet(
  page: DeltaPage,
  items: readonly GraphJson[],
  versionOf: (e: GraphJson) => string | null,
): ChangeSet {
  const next = page.nextLink ?? page.deltaLink;
  if (next === null) throw new SyncError('transient', 'a delta page without a link to go on');
  return {
    changed: items.map((e) => ({ id: String(e['id']), version: versionOf(e) })),
    removed: page.removed,
    cursor: next,
    truncated: page.nextLink !== null,
  };
}
