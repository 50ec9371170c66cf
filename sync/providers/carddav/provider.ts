// The CardDAV address book of a link as a sync provider. The change feed is sync-collection
// (RFC 6578) with the sync token as the cursor (403/409 valid-sync-token → invalid_cursor, §3.2;
// 507 → truncated, §3.6); an address book without {DAV:}sync-token is listed whole by PROPFIND
// with its ETags every run (a complete listing, sync/provider.ts). Cards are read with
// addressbook-multiget (RFC 6352 §8.7); writes are guarded by If-Match / If-None-Match: *
// (RFC 6352 §6.3.2, RFC 9110 §13.1.1). Errors become SyncError kinds as the CalDAV provider's do.
import type { CarddavClient } from '../../../adapters/carddav-client/client.js';
import type { ChangeSet, ItemVersion, RemoteItem, RemoteProvider } from '../../provider.js';
import { changeSetOf } from '../dav/change-set.js';
import { withSyncErrors as wrap } from '../dav/errors.js';
import { memberHref, putNew } from '../dav/new-member.js';

/** The cursor of an address book without sync-collection: every run lists it whole. */
export const LISTING_CURSOR = 'etag-listing';

export class CarddavProvider implements RemoteProvider {
  constructor(
    private readonly client: CarddavClient,
    readonly bookUrl: string,
    /** Whether the address book offers sync-collection (it showed a {DAV:}sync-token). */
    private readonly syncable: boolean,
    /** Google's CardDAV creates by POST to the collection, not by PUT to a new href. */
    private readonly createByPost = false,
  ) {}

  changes(cursor: string | null): Promise<ChangeSet> {
    return wrap(async () => {
      if (!this.syncable) {
        const all = await this.client.listEtags(this.bookUrl);
        return {
          changed: all.map((x) => ({ id: x.href, version: x.etag })),
          removed: [],
          cursor: LISTING_CURSOR,
          truncated: false,
          complete: true,
        };
      }
      const c = await this.client.syncCollection(
        this.bookUrl,
        cursor === LISTING_CURSOR ? null : cursor,
      );
      return changeSetOf(c);
    });
  }

  fetch(ids: readonly string[]): Promise<RemoteItem[]> {
    return wrap(async () => {
      const found = await this.client.cardMultiget(this.bookUrl, ids);
      return found.map((o) => ({ id: o.href, version: o.etag, raw: o.vcard }));
    });
  }

  /** The href is the uid made safe for a path, in the linked address book. */
  hrefFor(uid: string): string {
    return memberHref(this.bookUrl, uid, '.vcf');
  }

  create(uid: string, raw: string): Promise<ItemVersion> {
    return wrap(async () => {
      if (this.createByPost) {
        const made = await this.client.postCard(this.bookUrl, raw);
        return { id: made.href, version: made.etag };
      }
      const href = this.hrefFor(uid);
      const io = {
        put: this.client.putCard.bind(this.client),
        etagOf: async (h: string) =>
          (await this.client.cardMultiget(this.bookUrl, [h]))[0]?.etag ?? null,
      };
      return { id: href, version: await putNew(io, href, raw) };
    });
  }

  update(id: string, raw: string, ifVersion: string | null): Promise<string | null> {
    return wrap(() =>
      this.client.putCard(id, raw, ifVersion ? { ifMatch: ifVersion } : { ifNoneMatch: '*' }),
    );
  }

  remove(id: string, ifVersion: string | null): Promise<void> {
    return wrap(() => this.client.delete(id, ifVersion));
  }
}
