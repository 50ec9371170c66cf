// The engine's link book over the generic bridge tables (store/bridges/, migration 0014): every
// bridge whose links live there gets its status, positions and health recorded here.
import type { Knex } from 'knex';
import type { BridgeLinkRepository } from '../store/bridges/link-repository.js';
import type { BridgeObjectRepository } from '../store/bridges/object-repository.js';
import type { BridgeLink } from '../store/bridges/types.js';
import type { Backoff, LinkBook, LinkProgress, ObjectStatus, SyncLink } from './status.js';
import type { LinkCounts } from './tally.js';

const syncLinkOf = (l: BridgeLink): SyncLink => l;

export class BridgeLinkBook implements LinkBook {
  constructor(
    private readonly links: BridgeLinkRepository,
    private readonly items: BridgeObjectRepository,
  ) {}

  async link(id: number): Promise<SyncLink> {
    return syncLinkOf(await this.links.mustGet(id));
  }

  async activeLinks(userId?: number): Promise<SyncLink[]> {
    const filter = { activeOnly: true, ...(userId !== undefined ? { userId } : {}) };
    return (await this.links.list(filter)).map(syncLinkOf);
  }

  anyPending(at: string): Promise<boolean> {
    return this.links.anyPending(at);
  }

  object(linkId: number, remoteId: string, knex?: Knex): Promise<ObjectStatus | null> {
    return this.items.object(linkId, remoteId, knex);
  }

  objectByUid(linkId: number, uid: string): Promise<ObjectStatus | null> {
    return this.items.objectByUid(linkId, uid);
  }

  objectForRecord(linkId: number, recordId: number): Promise<ObjectStatus | null> {
    return this.items.objectForRecord(linkId, recordId);
  }

  objects(linkId: number): Promise<ObjectStatus[]> {
    return this.items.objects(linkId);
  }

  saveObject(linkId: number, obj: ObjectStatus, module: string, knex?: Knex): Promise<void> {
    return this.items.save(linkId, obj, module, knex);
  }

  removeObject(linkId: number, remoteId: string, knex?: Knex): Promise<void> {
    return this.items.remove(linkId, remoteId, knex);
  }

  progress(linkId: number, p: LinkProgress): Promise<void> {
    return this.links.progress(linkId, p);
  }

  succeeded(id: number, counts: LinkCounts, now: Date, pulled: boolean): Promise<void> {
    return this.links.succeeded(id, counts, now, pulled);
  }

  async failed(id: number, error: string, now: Date, backoff: Backoff): Promise<void> {
    await this.links.failed(id, error, now, backoff);
  }

  deferred(id: number, error: string, until: Date): Promise<void> {
    return this.links.deferred(id, error, until);
  }

  requestPull(id: number, now: Date): Promise<void> {
    return this.links.requestPull(id, now);
  }
}
