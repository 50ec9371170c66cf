// What the CalDAV edge needs (built once by the composition root); the plain request and response
// values of the WebDAV core, so its method cores are tested without koa.
import { CalendarObjectWriter } from '../../store/caldav/calendar-writer.js';
import type { ListingHook } from '../../sync/registry.js';
import { CalendarObjectRepository } from '../../store/caldav/calendar-objects.js';
import { CalendarPropsRepository } from '../../store/caldav/calendar-props.js';
import type { Store } from '../../store/store.js';
import type { AccessTokenVerifier } from '../auth/access-token-verifier.js';
import type { Authenticator } from '../auth/authenticator.js';
import type { DavLimits } from '../dav/area.js';

export type { DavPrincipal, DavRequest, DavResult } from '../dav/request.js';
export { XML_TYPE } from '../dav/request.js';

export interface CaldavLimits extends DavLimits {
  /** RFC 4791 §5.2.5 max-resource-size. */
  readonly maxResourceBytes: number;
  /** Instances one calendar-query may expand (RFC 4791 §9.6.5 leaves the cap to the server). */
  readonly maxInstances: number;
  /** Recurrence iterator steps one REPORT may take over all its objects (README §3 expansion budget). */
  readonly expansionSteps: number;
  /** Milliseconds of recurrence expansion one REPORT may spend (README §3 expansion budget). */
  readonly expansionMs: number;
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
  expansionSteps: 500_000,
  expansionMs: 3_000,
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
    writer: new CalendarObjectWriter(knex, input.store.picklists),
    limits: { ...DEFAULT_LIMITS, ...input.limits },
  };
}
