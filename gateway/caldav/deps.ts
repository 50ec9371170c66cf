// What the CalDAV edge needs (built once by the composition root) and the plain request/response
// values its method cores take and return, so they are tested without koa.
import { CalendarObjectWriter } from '../../store/caldav/calendar-writer.js';
import type { ListingHook } from '../../sync/registry.js';
import { CalendarObjectRepository } from '../../store/caldav/calendar-objects.js';
import { CalendarPropsRepository } from '../../store/caldav/calendar-props.js';
import type { Store } from '../../store/store.js';
import type { Actor, User } from '../../store/types.js';
import type { AccessTokenVerifier } from '../auth/access-token-verifier.js';
import type { Authenticator } from '../auth/authenticator.js';

export interface CaldavLimits {
  /** RFC 4791 §5.2.5 max-resource-size. */
  readonly maxResourceBytes: number;
  readonly maxXmlBytes: number;
  /** Instances one calendar-query may expand (gateway/caldav/README.md §3 cap). */
  readonly maxInstances: number;
  /** RFC 6578 §3.6: our own page cap on sync-collection. */
  readonly syncPageSize: number;
  readonly maxMultiget: number;
}

export interface CaldavDeps {
  readonly store: Store;
  readonly objects: CalendarObjectRepository;
  readonly props: CalendarPropsRepository;
  /** Record, stored object and sync link in one transaction (PUT, DELETE). */
  readonly writer: CalendarObjectWriter;
  readonly authenticator: Authenticator;
  readonly tokens: AccessTokenVerifier;
  readonly limits: CaldavLimits;
  /** Called after a user's calendar is listed (the bridges pull that user's links soon). */
  readonly onActivitiesListed?: ListingHook;
}

export const DEFAULT_LIMITS: CaldavLimits = {
  maxResourceBytes: 512 * 1024,
  maxXmlBytes: 1024 * 1024,
  maxInstances: 20_000,
  syncPageSize: 500,
  maxMultiget: 1000,
};

export function createCaldavDeps(
  input: Omit<CaldavDeps, 'objects' | 'props' | 'writer' | 'limits'> & {
    limits?: Partial<CaldavLimits>;
  },
): CaldavDeps {
  const { knex } = input.store.db;
  return {
    ...input,
    objects: new CalendarObjectRepository(knex),
    props: new CalendarPropsRepository(knex),
    writer: new CalendarObjectWriter(knex),
    limits: { ...DEFAULT_LIMITS, ...input.limits },
  };
}

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
  readonly principal: DavPrincipal;
}

export interface DavResult {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
}

export const XML_TYPE = 'application/xml; charset=utf-8';
