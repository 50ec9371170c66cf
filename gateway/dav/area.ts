// How a protocol joins the WebDAV core: one DavArea per top-level segment under /dav/
// (/dav/calendars/ for CalDAV, RFC 4791 §4.2; /dav/addressbooks/ for CardDAV, RFC 6352 §7.1).
// The core answers OPTIONS, PROPFIND, PROPPATCH, GET, HEAD, DELETE and REPORT sync-collection
// (RFC 4918 §9, RFC 6578 §3) over the area's resources; the area adds its own methods and reports.
import type { PropName } from '../../formats/webdav/multistatus.js';
import { DAV_NS, type XmlElement } from '../../formats/webdav/parse-xml.js';
import type { User } from '../../store/types.js';
import type { DavPrincipal, DavRequest, DavResult } from './request.js';
import { key, type DavCollection, type DavResource, type PropTable } from './resource.js';
import type { PropRequest } from './prop-request.js';

export type DavMethod = (req: DavRequest) => Promise<DavResult>;

export interface DavArea {
  /** The first path segment under /dav/; the next one is the owning user's name. */
  readonly segment: string;
  /** Compliance classes added to OPTIONS' DAV header (RFC 4918 §10.1), e.g. calendar-access. */
  readonly davClasses: readonly string[];
  /** Methods of this area listed in Allow besides the core's. */
  readonly allow: readonly string[];
  /** /.well-known/<name> redirected to /dav/ (RFC 6764 §5). */
  readonly wellKnown?: string;
  /** Properties reported only when asked by name (RFC 4918 §9.1 allprop). */
  readonly notInAllprop?: readonly PropName[];
  /** Precondition of a 413 (a body over the member size limit), e.g. CalDAV max-resource-size. */
  readonly tooLarge?: PropName;
  /** The resource at `path` (already known to be the principal's own), or null. */
  resolve(p: DavPrincipal, path: string): Promise<DavResource | null>;
  /** Properties this area adds to the principal resource (a home set, RFC 4791 §6.2.1). */
  principalProps?(table: PropTable, user: User): void;
  /** Methods the core does not know (PUT, MKCALENDAR), by name. */
  readonly methods?: Readonly<Record<string, DavMethod>>;
  /** REPORTs other than sync-collection on this area's paths; throws supported-report otherwise. */
  report?(req: DavRequest, root: XmlElement, props: PropRequest): Promise<DavResult>;
}

export interface DavLimits {
  /** Body limit of PUT (a member's content). */
  readonly maxResourceBytes: number;
  /** Body limit of PROPFIND, PROPPATCH and REPORT. */
  readonly maxXmlBytes: number;
  /** RFC 6578 §3.6: our own page cap on sync-collection. */
  readonly syncPageSize: number;
}

/** What the core needs, built once by the composition root (see createDavCore). */
export interface DavCore {
  readonly areas: readonly DavArea[];
  readonly limits: DavLimits;
  /** The realm of the Basic challenge sent with 401. */
  readonly realm: string;
  authenticate(authorization: string | undefined, ip: string | null): Promise<DavPrincipal>;
  /** The change log's latest position: sync tokens up to it are valid. */
  latestSeq(): Promise<number>;
  /** Called when a client lists a collection (sync-collection); must not delay the answer. */
  onCollectionListed?(collection: DavCollection, p: DavPrincipal): void;
  /** Properties allprop leaves out: sync-token (RFC 6578 §4) and each area's notInAllprop. */
  readonly hidden: ReadonlySet<string>;
}

export function createDavCore(input: Omit<DavCore, 'hidden'>): DavCore {
  const hidden = new Set([
    key(DAV_NS, 'sync-token'),
    ...input.areas.flatMap((a) => (a.notInAllprop ?? []).map((p) => key(p.ns, p.name))),
  ]);
  return { ...input, hidden };
}
