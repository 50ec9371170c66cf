// The CalDAV calendar of a link as a sync provider: the change feed is sync-collection (RFC 6578),
// with the sync token as the cursor (403/409 valid-sync-token → invalid_cursor, §3.2; 507 →
// truncated, §3.6); items are read with calendar-multiget (RFC 4791 §7.9); writes
// are guarded by If-Match / If-None-Match: * (RFC 4791 §5.3.2, RFC 9110 §13.1.1).
import { CaldavError, type CaldavClient } from '../../../adapters/caldav-client.js';
import {
  SyncError,
  type ChangeSet,
  type ItemVersion,
  type RemoteItem,
  type RemoteProvider,
  type SyncErrorKind,
} from '../../provider.js';

const KIND: Readonly<Record<string, SyncErrorKind>> = {
  invalid_sync_token: 'invalid_cursor',
  precondition_failed: 'precondition_failed',
  not_found: 'not_found',
  unauthorized: 'auth',
  rate_limited: 'rate_limited',
};

/** The client's failures in the engine's terms; the message stays the server's story. */
export function syncErrorOf(err: unknown): unknown {
  if (!(err instanceof CaldavError)) return err;
  return new SyncError(KIND[err.code] ?? 'transient', err.message, err.retryAfterMs, {
    cause: err,
  });
}

async function wrap<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw syncErrorOf(err);
  }
}

export class CaldavProvider implements RemoteProvider {
  constructor(
    private readonly client: CaldavClient,
    readonly calendarUrl: string,
  ) {}

  changes(cursor: string | null): Promise<ChangeSet> {
    return wrap(async () => {
      const c = await this.client.syncCollection(this.calendarUrl, cursor);
      return {
        changed: c.changed.map((x) => ({ id: x.href, version: x.etag })),
        removed: c.removed,
        cursor: c.token,
        truncated: c.truncated,
      };
    });
  }

  fetch(ids: readonly string[]): Promise<RemoteItem[]> {
    return wrap(async () => {
      const found = await this.client.multiget(this.calendarUrl, ids);
      return found.map((o) => ({ id: o.href, version: o.etag, raw: o.ics }));
    });
  }

  /** The href is the uid made safe for a path, in the linked calendar. */
  hrefFor(uid: string): string {
    const name = encodeURIComponent(uid.replace(/[^A-Za-z0-9@._-]/g, '_')) + '.ics';
    return new URL(name, this.calendarUrl).href;
  }

  create(uid: string, raw: string): Promise<ItemVersion> {
    return wrap(async () => {
      const href = this.hrefFor(uid);
      try {
        return { id: href, version: await this.client.put(href, raw, { ifNoneMatch: '*' }) };
      } catch (err) {
        if (!(err instanceof CaldavError) || err.code !== 'precondition_failed') throw err;
        // Already there: an earlier run stopped after its PUT. Overwrite what we know is ours.
        const there = await this.client.get(href);
        if (!there || there.etag === null) throw err;
        return { id: href, version: await this.client.put(href, raw, { ifMatch: there.etag }) };
      }
    });
  }

  update(id: string, raw: string, ifVersion: string | null): Promise<string | null> {
    return wrap(() =>
      this.client.put(id, raw, ifVersion ? { ifMatch: ifVersion } : { ifNoneMatch: '*' }),
    );
  }

  remove(id: string, ifVersion: string | null): Promise<void> {
    return wrap(() => this.client.delete(id, ifVersion));
  }
}
