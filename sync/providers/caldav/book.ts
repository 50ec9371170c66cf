// The CalDAV bridge's links (store/caldav-links) in the engine's terms: an object's href is its
// remote id, its etag the version, its text the raw item, the calendar's sync token the cursor.
import type { Knex } from 'knex';
import type { CaldavLinkRepository } from '../../../store/caldav-links/link-repository.js';
import type { CaldavLink, LinkCounts, LinkObject } from '../../../store/caldav-links/link-types.js';
import type { Backoff, LinkBook, LinkProgress, ObjectStatus, SyncLink } from '../../status.js';

const toStatus = (o: LinkObject | null): ObjectStatus | null =>
  o && {
    remoteId: o.href,
    recordId: o.recordId,
    uid: o.uid,
    version: o.etag,
    raw: o.ics,
    contentHash: o.contentHash,
  };

export const syncLinkOf = (l: CaldavLink): SyncLink => ({ ...l, cursor: l.syncToken });

export class CaldavLinkBook implements LinkBook {
  constructor(readonly links: CaldavLinkRepository) {}

  async link(id: number): Promise<SyncLink> {
    return syncLinkOf(await this.links.mustGet(id));
  }

  async activeLinks(userId?: number): Promise<SyncLink[]> {
    const all = await this.links.list({
      activeOnly: true,
      ...(userId !== undefined ? { userId } : {}),
    });
    return all.map(syncLinkOf);
  }

  async object(linkId: number, remoteId: string, knex?: Knex): Promise<ObjectStatus | null> {
    return toStatus(await this.links.object(linkId, remoteId, knex));
  }

  async objectByUid(linkId: number, uid: string): Promise<ObjectStatus | null> {
    return toStatus(await this.links.objectByUid(linkId, uid));
  }

  async objectForRecord(linkId: number, recordId: number): Promise<ObjectStatus | null> {
    return toStatus(await this.links.objectForRecord(linkId, recordId));
  }

  async objects(linkId: number): Promise<ObjectStatus[]> {
    return (await this.links.objects(linkId)).map((o) => toStatus(o) as ObjectStatus);
  }

  async saveObject(linkId: number, o: ObjectStatus, module: string, knex?: Knex): Promise<void> {
    const obj = {
      linkId,
      href: o.remoteId,
      recordId: o.recordId,
      uid: o.uid,
      etag: o.version,
      ics: o.raw,
      contentHash: o.contentHash,
    };
    await this.links.saveObject(obj, module, knex);
  }

  async removeObject(linkId: number, remoteId: string, knex?: Knex): Promise<void> {
    await this.links.removeObject(linkId, remoteId, knex);
  }

  async progress(linkId: number, p: LinkProgress): Promise<void> {
    await this.links.progress(linkId, {
      ...(p.cursor !== undefined ? { syncToken: p.cursor } : {}),
      ...(p.lastSeq !== undefined ? { lastSeq: p.lastSeq } : {}),
      ...(p.firstSyncDone !== undefined ? { firstSyncDone: p.firstSyncDone } : {}),
    });
  }

  async succeeded(id: number, counts: LinkCounts, now: Date, pulled: boolean): Promise<void> {
    await this.links.succeeded(id, counts, now, pulled);
  }

  async failed(id: number, error: string, now: Date, backoff: Backoff): Promise<void> {
    await this.links.failed(id, error, now, backoff);
  }

  async deferred(id: number, error: string, until: Date): Promise<void> {
    await this.links.deferred(id, error, until);
  }

  async requestPull(id: number, now: Date): Promise<void> {
    await this.links.requestPull(id, now);
  }
}
