// What the WebDAV core serves (RFC 4918 §5, RFC 6578 §3): resources with live properties,
// collections with members, and collections that report their changes since a sync token. A
// protocol on the core (CalDAV, CardDAV) implements these and registers a DavArea; the core does
// the HTTP methods, Depth, the property requests and sync-collection for all of them.
import type { PropName, PropValue } from '../../formats/webdav/multistatus.js';
import type { XmlElement } from '../../formats/webdav/parse-xml.js';
import type { User } from '../../store/types.js';
import type { DavPrincipal } from './request.js';

/** Live properties of one resource, by `key(ns, name)`, in the order they are reported. */
export type PropTable = Map<string, PropValue>;
export const key = (ns: string, name: string): string => `${ns}|${name}`;

/** One property instruction of a PROPPATCH (RFC 4918 §14.23, §14.26), in document order. */
export interface PatchInstruction {
  readonly name: PropName;
  readonly remove: boolean;
  readonly text: string;
}

/** Per instruction: 200 stored, 403 not settable, 409 a bad value, 424 failed with another. */
export type PatchStatus = 200 | 403 | 409 | 424;

export interface DavResource {
  readonly href: string;
  /** Writes the resource's live properties into the table (RFC 4918 §15). */
  props(table: PropTable): void;
  /** What GET and HEAD return (RFC 4918 §9.4); absent on collections. */
  readonly content?: {
    readonly type: string;
    readonly etag: string;
    readonly body: string;
  };
  /** Every ETag a client may hold for this member, one per format it is served in (If-Match). */
  etags?(): readonly string[];
  /** GET's content for an Accept header, when the area serves more than one format. */
  negotiate?(accept: string): NonNullable<DavResource['content']>;
  /** Depth 1 children of a resource that is not a DavCollection (a home, the principals). */
  children?(): Promise<DavResource[]>;
  /** PROPPATCH, all or nothing; absent means no property of this resource is settable. */
  patch?(
    instructions: readonly PatchInstruction[],
    p: DavPrincipal,
  ): Promise<readonly PatchStatus[]>;
}

/** A collection (RFC 4918 §5.2): its members answer PROPFIND Depth 1, GET and DELETE. */
export interface DavCollection<M extends DavResource = DavResource> extends DavResource {
  readonly kind: 'collection';
  members(): Promise<M[]>;
  /** The member with this (decoded) last path segment, or null. */
  member(name: string): Promise<M | null>;
  /** Throws a GatewayError when the principal may not remove or add members. */
  checkWrite(p: DavPrincipal): void;
  /** Removes a member found by member(); If-Match was checked against its ETag. */
  remove(member: M, p: DavPrincipal): Promise<void>;
}

/** One entry of a change page: a member changed or added, or the href of a removed one. */
export type SyncChange<M extends DavResource = DavResource> =
  { readonly member: M } | { readonly removed: string };

export interface ChangePage<M extends DavResource = DavResource> {
  /** In change order, one entry per member. */
  readonly changes: ReadonlyArray<SyncChange<M>>;
  /** When the page stopped at `limit`: the position of the last change it covers. */
  readonly cutAt: number | null;
}

/**
 * A collection with RFC 6578 sync. Positions are change log sequence numbers: token() is the
 * position of the last change that concerns this collection, so it moves only when the collection
 * changes, and changesSince() answers from any position up to the change log's latest.
 */
export interface SyncCollection<M extends DavResource = DavResource> extends DavCollection<M> {
  token(): Promise<number>;
  /** The collection as a sync-collection REPORT body asks to see it (CardDAV's address-data version). */
  forReport?(root: XmlElement): SyncCollection<M>;
  /** Members changed after `since` up to and including `upTo`, at most `limit` changes. */
  changesSince(since: number, upTo: number, limit: number): Promise<ChangePage<M>>;
}

export function isCollection(r: DavResource): r is DavCollection {
  return (r as Partial<DavCollection>).kind === 'collection';
}

export function isSyncCollection(r: DavResource): r is SyncCollection {
  return isCollection(r) && typeof (r as Partial<SyncCollection>).changesSince === 'function';
}

/** The principal a request runs as, for properties that name it. */
export interface PropCtx {
  readonly me: User;
}
