// The CalDAV calendar of a link as a sync provider: the change feed is sync-collection (RFC 6578),
// with the sync token as the cursor (403/409 valid-sync-token → invalid_cursor, §3.2; 507 →
// truncated, §3.6); items are read with calendar-multiget (RFC 4791 §7.9); writes
// are guarded by If-Match / If-None-Match: * (RFC 4791 §5.3.2, RFC 9110 §13.1.1).
import type { CaldavClient } from '../../../adapters/caldav-client.js';
import type { ChangeSet, ItemVersion, RemoteItem, RemoteProvider } from '../../provider.js';
import { changeSetOf } from '../dav/change-set.js';
import { withSyncErrors as wrap } from '../dav/errors.js';
import { memberHref, putNew } from '../dav/new-member.js';

export { syncErrorOf } from '../dav/errors.js';

export class CaldavProvider implements RemoteProvider {
  constructor(
    private readonly client: CaldavClient,
    readonly calendarUrl: string,
  ) {}

  changes(cursor: string | null): Promise<ChangeSet> {
    return wrap(async () => {
      const c = await this.client.syncCollection(this.calendarUrl, cursor);
      return changeSetOf(c);
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
    return memberHref(this.calendarUrl, uid, '.ics');
  }

  create(uid: string, raw: string): Promise<ItemVersion> {
    return wrap(async () => {
      const href = this.hrefFor(uid);
      const io = {
        put: this.client.put.bind(this.client),
        etagOf: async (h: string) => (await this.client.get(h))?.etag ?? null,
      };
      return { id: href, version: await putNew(io, href, raw) };
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
