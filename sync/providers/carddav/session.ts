// Opens one run of a CardDAV link: a client with the link's Basic credentials (RFC 7617), the
// address book (the one chosen before, else the first one discovery finds, RFC 6352 §7.1.1), the
// provider (sync-collection when the book shows a sync token, else ETag listings) and the mapping.
import {
  CaldavError,
  refreshAccessToken,
  type AuthProvider,
} from '../../../adapters/caldav-client.js';
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
import { syncErrorOf } from '../caldav/provider.js';

export interface CarddavSessionDeps {
  readonly store: Store;
  readonly links: CarddavLinkRepository;
  readonly http: HttpClient;
}

function basic(link: CarddavLink, links: CarddavLinkRepository): AuthProvider {
  let header: string | null = null;
  return async () => {
    if (header === null) {
      const { password } = await links.secrets(link.id);
      header =
        'Basic ' + Buffer.from(`${link.username ?? ''}:${password ?? ''}`).toString('base64');
    }
    return header;
  };
}

/**
 * A Bearer access token (RFC 6750) from the link's refresh token (RFC 6749 §6), renewed when it
 * expires or the server answers 401; a rotated refresh token is stored before the new access
 * token is used, as the calendar links do (sync/providers/caldav/link-client.ts).
 */
function bearer(
  link: CarddavLink,
  links: CarddavLinkRepository,
  http: HttpClient,
  clock: () => number,
): AuthProvider {
  return async (renew) => {
    const secrets = await links.secrets(link.id);
    const fresh =
      secrets.accessToken !== undefined &&
      (secrets.accessExpiresAt == null || secrets.accessExpiresAt > clock());
    if (fresh && !renew) return `Bearer ${secrets.accessToken}`;
    if (!secrets.refreshToken || !link.tokenUrl || !link.clientId)
      throw new CaldavError('unauthorized', 'the link has no refresh token: authorise it again');
    const tokens = await refreshAccessToken(
      http,
      {
        tokenUrl: link.tokenUrl,
        clientId: link.clientId,
        clientSecret: secrets.clientSecret ?? '',
      },
      secrets.refreshToken,
      clock(),
    );
    await links.setSecrets(link.id, {
      ...secrets,
      refreshToken: tokens.refreshToken,
      accessToken: tokens.accessToken,
      accessExpiresAt: tokens.expiresAt,
    });
    return `Bearer ${tokens.accessToken}`;
  };
}

export function clientForCardLink(
  link: CarddavLink,
  links: CarddavLinkRepository,
  http: HttpClient,
  clock: () => number = Date.now,
): CarddavClient {
  return new CarddavClient(
    http,
    link.kind === 'google' ? bearer(link, links, http, clock) : basic(link, links),
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
