// The plain values a WebDAV method core takes and returns (RFC 4918 §8), so the cores run without
// koa and are tested without HTTP.
import type { Actor, User } from '../../store/types.js';

export interface DavPrincipal {
  readonly user: User;
  readonly actor: Actor;
  /** False for read-only Bearer tokens. */
  readonly canWrite: boolean;
}

export interface DavRequest {
  readonly method: string;
  readonly path: string;
  readonly depth: '0' | '1' | 'infinity';
  readonly body: string;
  readonly contentType: string;
  readonly ifMatch: string | null;
  readonly ifNoneMatch: string | null;
  /** The raw Destination header of MOVE and COPY (RFC 4918 §10.3), when sent. */
  readonly destination?: string | null;
  /** The Accept header ('' when absent), for areas serving more than one format (RFC 6352 §6.3.2). */
  readonly accept: string;
  readonly principal: DavPrincipal;
}

export interface DavResult {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
}

export const XML_TYPE = 'application/xml; charset=utf-8';
