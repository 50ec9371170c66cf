// From a /dav/addressbooks/ path to the resource it names (RFC 6352 §7.1.1 home, §5.2 address
// book, §5.1 address object), with the rule that a user reaches only their own home.
import { GatewayError } from '../../store/errors.js';
import type { VcardVersion } from '../../formats/vcard/card.js';
import type { DavResource } from '../dav/resource.js';
import { BOOKS, cardHref, homeHref, parseCardPath, type CardPath } from './paths.js';
import { bookFor, loadByName, type DavBook, type LoadedCard } from './books.js';
import { AddressBookCollection } from './collection.js';
import type { CarddavDeps, DavPrincipal } from './deps.js';
import { versionFromAccept } from './negotiate.js';
import { cardProps, cardType, homeProps } from './props.js';

export function ownCardPath(p: DavPrincipal, path: CardPath): void {
  if (path.user.toLowerCase() !== p.user.userName.toLowerCase())
    throw new GatewayError('forbidden', 'Only your own address books are served', {
      dav: { precondition: { ns: 'DAV:', name: 'need-privileges' } },
    });
}

export function parseOrNotFound(path: string): CardPath {
  const parsed = parseCardPath(path);
  if (!parsed) throw new GatewayError('not_found', `No resource at ${path}`);
  return parsed;
}

/** An address object resource (RFC 6352 §5.1) served in one vCard version. */
export interface CardResource extends DavResource {
  readonly book: DavBook;
  readonly card: LoadedCard;
}

export function cardResource(
  book: DavBook,
  card: LoadedCard,
  version: VcardVersion = '3.0',
): CardResource {
  const content = (v: VcardVersion): NonNullable<DavResource['content']> => {
    const { text, etag } = card.as(v);
    return { type: cardType(v), etag, body: text };
  };
  return {
    href: cardHref(book.userName, book.slug, card.name),
    book,
    card,
    get content() {
      return content(version);
    },
    negotiate: (accept) => content(versionFromAccept(accept)),
    etags: () => [card.as('3.0').etag, card.as('4.0').etag],
    props: (t) => cardProps(t, book, card, version),
  };
}

function home(deps: CarddavDeps, p: DavPrincipal): DavResource {
  return {
    href: homeHref(p.user.userName),
    props: (t) => homeProps(t, p.user),
    children: async () =>
      Promise.all(
        BOOKS.map(async (slug) => AddressBookCollection.open(deps, await bookFor(deps, p, slug))),
      ),
  };
}

export async function resolveCardPath(
  deps: CarddavDeps,
  p: DavPrincipal,
  path: string,
): Promise<DavResource | null> {
  const parsed = parseCardPath(path);
  if (!parsed) return null;
  ownCardPath(p, parsed);
  if (parsed.kind === 'home') return home(deps, p);
  const book = await bookFor(deps, p, parsed.book);
  if (parsed.kind === 'book') return AddressBookCollection.open(deps, book);
  const card = await loadByName(deps, book, parsed.name);
  return card ? cardResource(book, card) : null;
}
