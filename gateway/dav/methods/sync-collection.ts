// REPORT sync-collection (RFC 6578 §3) over any SyncCollection. A token is a change log position,
// `http://crm-gateway/ns/sync/<seq>`: the collection's own token moves only when the collection
// changes, and any position up to the change log's latest is accepted, so tokens handed out by
// another collection or before tokens were per collection still resume. Changed members come with
// their properties, removed ones as bare 404s; a page cut by `limit` or our own cap ends with a
// 507 response and a token for only what was returned, so the client loops (§3.6). Unknown
// tokens: 403 valid-sync-token (§3.2).
import { GatewayError } from '../../../store/errors.js';
import type { DavCore } from '../area.js';
import { responseFor, type PropRequest } from '../prop-request.js';
import { propCtx } from '../prop-ctx.js';
import type { DavPrincipal } from '../request.js';
import type { SyncCollection } from '../resource.js';
import type { DavResponse } from '../../../formats/webdav/multistatus.js';
import { child, DAV_NS, type XmlElement } from '../../../formats/webdav/parse-xml.js';

/** RFC 6578 §3.2: an opaque URI; ours carries the change log sequence. */
export const SYNC_PREFIX = 'http://crm-gateway/ns/sync/';

export const tokenUri = (seq: number): string => `${SYNC_PREFIX}${seq}`;

export interface SyncAnswer {
  readonly responses: DavResponse[];
  readonly token: string;
}

const invalidToken = (): GatewayError =>
  new GatewayError('forbidden', 'The sync token is not valid', {
    dav: { precondition: { ns: DAV_NS, name: 'valid-sync-token' } },
  });

async function parseToken(core: DavCore, text: string): Promise<number | null> {
  const t = text.trim();
  if (t === '') return null;
  if (!t.startsWith(SYNC_PREFIX)) throw invalidToken();
  const seq = Number(t.slice(SYNC_PREFIX.length));
  if (!Number.isSafeInteger(seq) || seq < 0 || seq > (await core.latestSeq())) throw invalidToken();
  return seq;
}

function pageSize(root: XmlElement, cap: number): number {
  const n = Number(
    child(child(root, DAV_NS, 'limit') ?? root, DAV_NS, 'nresults')?.text.trim() ?? NaN,
  );
  return Number.isInteger(n) && n > 0 ? Math.min(n, cap) : cap;
}

export async function syncCollection(
  core: DavCore,
  p: DavPrincipal,
  collection: SyncCollection,
  root: XmlElement,
  props: PropRequest,
): Promise<SyncAnswer> {
  if (child(root, DAV_NS, 'sync-level')?.text.trim() === 'infinite') {
    throw new GatewayError('forbidden', 'sync-level infinite is not supported', {
      dav: { precondition: { ns: DAV_NS, name: 'sync-traversal-supported' } },
    });
  }
  const since = await parseToken(core, child(root, DAV_NS, 'sync-token')?.text ?? '');
  const current = await collection.token();
  const ctx = propCtx(core, p);
  if (since === null) {
    // Initial sync (§3.4): current members only, never old tombstones.
    const all = await collection.members();
    return { responses: all.map((m) => responseFor(m, props, ctx)), token: tokenUri(current) };
  }
  const size = pageSize(root, core.limits.syncPageSize);
  const page = await collection.changesSince(since, current, size);
  const responses: DavResponse[] = page.changes.map((c) =>
    'member' in c ? responseFor(c.member, props, ctx) : { href: c.removed, status: 404 },
  );
  if (page.cutAt !== null)
    responses.push({
      href: collection.href,
      status: 507,
      error: { ns: DAV_NS, name: 'number-of-matches-within-limits' },
    });
  return { responses, token: tokenUri(page.cutAt ?? Math.max(current, since)) };
}
