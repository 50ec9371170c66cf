// Opens one run of a CardDAV link: a client with the link's Basic credentials (RFC 7617) or, for
// Google links, a Bearer token (../dav/auth.ts, shared with calendar links), the
// address book (the one chosen before, else the first one discovery finds, RFC 6352 §7.1.1), the
// provider (sync-collection when the book shows a sync token, else ETag listings) and the mapping.
import { CaldavError } from '../../../adapters/caldav-client.js';
import { CarddavClient } from '../../../adapters/carddav-client/client.js';
import type { HttpClient } from '../../../adapters/http.js';
import type {
  CarddavLink,
  CarddavLinkRepository,
} from '../../../store/carddav-links/link-repository.js';
import type { Store } from '../../../store/store.js';
import type { Session } from '../../engine.js';
import { AccountNames } from './accounts.js';
import { contactMatcher } from './contact-match.js';
import { ContactMapping } from './mapping.js';
import { CarddavProvider } from './provider.js';
import { syncErrorOf } from '../dav/errors.js';
import { basicAuth, bearerAuth } from '../dav/auth.js';

export interface CarddavSessionDeps {
  readonly store: Store;
  readonly links: CarddavLinkRepository;
  readonly http: HttpClient;
}

export function clientForCardLink(
  link: CarddavLink,
  links: CarddavLinkRepository,
  http: HttpClient,
  clock: () => number = Date.now,
): CarddavClient {
  return new CarddavClient(
    http,
    link.kind === 'google' ? bearerAuth(link, links, http, clock) : basicAuth(link, links),
  );
}

/** The linked address book and whether it offers sync-collection (RFC 6578 §3). */
async function chooseBook(
  client: CarddavClient,
  link: CarddavLink,
): Promise<{ url: string; syncable: boolean }> {
  const books = await client.addressBooks(link.bookUrl ?? link.url);
  const book = books[0];
  if (!book) throw new CaldavError('not_found', `no address book found at ${link.url}`);
  return { url: book.url, syncable: book.syncToken !== null };
}

export async function openCarddavSession(deps: CarddavSessionDeps, id: number): Promise<Session> {
  const link = await deps.links.mustGet(id);
  const client = clientForCardLink(link, deps.links, deps.http);
  let book: { url: string; syncable: boolean };
  try {
    book = await chooseBook(client, link);
  } catch (err) {
    throw syncErrorOf(err);
  }
  if (book.url !== link.bookUrl) await deps.links.chooseBook(link.id, book.url);
  return {
    provider: new CarddavProvider(client, book.url, book.syncable, link.kind === 'google'),
    mapping: new ContactMapping(contactMatcher(deps.store), new AccountNames(deps.store.db.knex)),
    direction: link.direction,
    owner:
      link.groupId === null
        ? { kind: 'user', id: link.userId }
        : { kind: 'group', id: link.groupId },
  };
}
