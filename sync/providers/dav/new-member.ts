// Creating a calendar object or a card under a name of our own: the href is the uid made safe for
// a path, in the linked collection, and the PUT carries If-None-Match: * (RFC 9110 §13.1.2) so it
// never overwrites another's item. A 412 there means an earlier run stopped after its PUT: the
// item is ours, and is overwritten at the version it has now.
import { CaldavError, type WriteGuard } from '../../../adapters/caldav-client.js';

export function memberHref(collectionUrl: string, uid: string, extension: string): string {
  const name = encodeURIComponent(uid.replace(/[^A-Za-z0-9@._-]/g, '_')) + extension;
  return new URL(name, collectionUrl).href;
}

export interface MemberWrites {
  put(href: string, raw: string, guard: WriteGuard): Promise<string | null>;
  /** The member's current ETag; null when it has none or is gone. */
  etagOf(href: string): Promise<string | null>;
}

/** PUTs a new member; its version. */
export async function putNew(io: MemberWrites, href: string, raw: string): Promise<string | null> {
  try {
    return await io.put(href, raw, { ifNoneMatch: '*' });
  } catch (err) {
    if (!(err instanceof CaldavError) || err.code !== 'precondition_failed') throw err;
    const etag = await io.etagOf(href);
    if (etag === null) throw err;
    return io.put(href, raw, { ifMatch: etag });
  }
}
