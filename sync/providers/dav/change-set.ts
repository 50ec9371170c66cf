// A sync-collection answer (RFC 6578 §3) as the engine's change set (sync/provider.ts): members by
// href with their ETag as version, removed hrefs, the new token as the cursor, and whether the
// server cut the answer short (507, §3.6) so the engine asks again.
import type { SyncChanges } from '../../../adapters/caldav-client.js';
import type { ChangeSet } from '../../provider.js';

export const changeSetOf = (c: SyncChanges): ChangeSet => ({
  changed: c.changed.map((x) => ({ id: x.href, version: x.etag })),
  removed: c.removed,
  cursor: c.token,
  truncated: c.truncated,
});
