// What the CardDAV area needs (built once by the composition root); authentication and the
// WebDAV edge are the DAV core's, shared with CalDAV (gateway/dav/README.md).
import { CardRepository } from '../../store/carddav/cards.js';
import { CardWriter } from '../../store/carddav/card-writer.js';
import type { Store } from '../../store/store.js';

export type { DavPrincipal, DavRequest, DavResult } from '../dav/request.js';
export { XML_TYPE } from '../dav/request.js';

export interface CarddavLimits {
  /** RFC 6352 §6.2.3 max-resource-size: the PUT body cap of the DAV core (announced here). */
  readonly maxResourceBytes: number;
  /** Decoded PHOTO bytes one card may carry; more is refused with max-resource-size. */
  readonly maxPhotoBytes: number;
  /** hrefs per addressbook-multiget (RFC 6352 §8.7). */
  readonly maxMultiget: number;
  /** Results of one addressbook-query before a 507 truncation (RFC 6352 §8.6.1). */
  readonly maxQueryResults: number;
}

export interface CarddavDeps {
  readonly store: Store;
  readonly cards: CardRepository;
  readonly writer: CardWriter;
  readonly limits: CarddavLimits;
}

export const DEFAULT_CARDDAV_LIMITS: CarddavLimits = {
  maxResourceBytes: 512 * 1024,
  maxPhotoBytes: 256 * 1024,
  maxMultiget: 1000,
  maxQueryResults: 5000,
};

export function createCarddavDeps(input: {
  readonly store: Store;
  readonly limits?: Partial<CarddavLimits>;
}): CarddavDeps {
  const { knex } = input.store.db;
  return {
    store: input.store,
    cards: new CardRepository(knex),
    writer: new CardWriter(knex, input.store.picklists),
    limits: { ...DEFAULT_CARDDAV_LIMITS, ...input.limits },
  };
}
