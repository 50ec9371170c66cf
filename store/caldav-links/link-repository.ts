// CalDAV bridge links and their remote objects, as the bridge, the console and the command line
// see them: the generic bridge tables (store/bridges/, migration 0014) with the CalDAV names on
// top (the calendar is the link's collection, its sync token the cursor, an object's href its
// remote id, its etag the version, its iCalendar text the raw content). Secrets are sealed and
// bound to `caldav-link:<id>`, as they always were.
import type { Knex } from 'knex';
import { TypedLinkRepository } from '../bridges/typed-links.js';
import { linkState, type BridgeLink, type BridgeObject } from '../bridges/types.js';
import type { SecretBox } from '../secrets.js';
import {
  LINK_KINDS,
  type CaldavLink,
  type LinkCounts,
  type LinkObject,
  type LinkSecrets,
  type NewLink,
} from './link-types.js';

/** The `system` of this bridge's rows in bridge_links, sync_links and exchange_log. */
export const LINK_SYSTEM = 'caldav-bridge';

const SETTINGS = ['username', 'accountEmail', 'authUrl', 'tokenUrl', 'clientId', 'scopes'] as const;

function toLink(l: BridgeLink): CaldavLink {
  const s = (k: (typeof SETTINGS)[number]): string | null => l.settings[k] ?? null;
  return {
    ...linkState(l),
    kind: LINK_KINDS.find((k) => k === l.kind) ?? 'caldav',
    url: l.endpoint,
    username: s('username'),
    accountEmail: s('accountEmail'),
    authUrl: s('authUrl'),
    tokenUrl: s('tokenUrl'),
    clientId: s('clientId'),
    scopes: s('scopes'),
    calendarUrl: l.collection,
    syncToken: l.cursor,
    lastSeq: l.lastSeq,
    pullRequestedAt: l.pullRequestedAt,
  };
}

const toObject = (linkId: number, o: BridgeObject | null): LinkObject | null =>
  o && {
    linkId,
    href: o.remoteId,
    recordId: o.recordId,
    uid: o.uid,
    etag: o.version,
    ics: o.raw,
    contentHash: o.contentHash,
  };

/** What the sync engine records after a run. */
export interface LinkProgress {
  readonly calendarUrl?: string;
  readonly syncToken?: string | null;
  readonly lastSeq?: number;
  readonly firstSyncDone?: boolean;
}

export class CaldavLinkRepository extends TypedLinkRepository<CaldavLink, LinkSecrets> {
  constructor(knex: Knex, box: SecretBox) {
    super(knex, box, {
      system: LINK_SYSTEM,
      context: 'caldav-link',
      noun: 'CalDAV link',
      toLink,
    });
  }

  async create(input: NewLink, now: Date = new Date()): Promise<CaldavLink> {
    const settings: Record<string, string | null> = {};
    for (const k of SETTINGS) settings[k] = input[k] ?? null;
    const link = await this.generic.create(
      {
        userId: input.userId,
        kind: input.kind,
        endpoint: input.url,
        settings,
        collection: input.calendarUrl ?? null,
        secrets: input.secrets,
      },
      now,
    );
    return toLink(link);
  }

  progress(id: number, p: LinkProgress): Promise<void> {
    return this.generic.progress(id, {
      ...(p.calendarUrl !== undefined ? { collection: p.calendarUrl } : {}),
      ...(p.syncToken !== undefined ? { cursor: p.syncToken } : {}),
      ...(p.lastSeq !== undefined ? { lastSeq: p.lastSeq } : {}),
      ...(p.firstSyncDone !== undefined ? { firstSyncDone: p.firstSyncDone } : {}),
    });
  }

  succeeded(id: number, runCounts: LinkCounts, now: Date, pulled: boolean): Promise<void> {
    return this.generic.succeeded(id, runCounts, now, pulled);
  }

  async failed(
    id: number,
    error: string,
    now: Date,
    backoff: { baseMs: number; maxMs: number },
  ): Promise<CaldavLink> {
    return toLink(await this.generic.failed(id, error, now, backoff));
  }

  deferred(id: number, error: string, until: Date): Promise<void> {
    return this.generic.deferred(id, error, until);
  }

  requestPull(id: number, now: Date = new Date()): Promise<void> {
    return this.generic.requestPull(id, now);
  }

  async objects(linkId: number): Promise<LinkObject[]> {
    return (await this.items.objects(linkId)).map((o) => toObject(linkId, o) as LinkObject);
  }

  async object(linkId: number, href: string, knex?: Knex): Promise<LinkObject | null> {
    return toObject(linkId, await this.items.object(linkId, href, knex));
  }

  async objectForRecord(linkId: number, recordId: number): Promise<LinkObject | null> {
    return toObject(linkId, await this.items.objectForRecord(linkId, recordId));
  }

  async objectByUid(linkId: number, uid: string): Promise<LinkObject | null> {
    return toObject(linkId, await this.items.objectByUid(linkId, uid));
  }

  /** Stores the object and mirrors href/etag/hash into the shared sync_links (system 'caldav-bridge'). */
  saveObject(obj: LinkObject, module: string, knex?: Knex): Promise<void> {
    const item = {
      remoteId: obj.href,
      recordId: obj.recordId,
      uid: obj.uid,
      version: obj.etag,
      raw: obj.ics,
      contentHash: obj.contentHash,
    };
    return this.items.save(obj.linkId, item, module, knex);
  }

  removeObject(linkId: number, href: string, knex?: Knex): Promise<void> {
    return this.items.remove(linkId, href, knex);
  }
}

export { ownedRecordIds } from '../bridges/owned-records.js';
