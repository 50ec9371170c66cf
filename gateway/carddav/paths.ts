// The CardDAV URL space (RFC 6352 §7.1.1 addressbook-home-set, RFC 6764 §5): /dav/addressbooks/
// <user>/ holds three books: `contacts` (My contacts, read-write), `all` (All contacts the user
// may see, read-only) and `organizations` (Accounts, read-only). Card names are client-chosen
// and percent-encoded consistently, as for calendar objects (gateway/caldav/README.md §1.4).
import { DAV_ROOT, decodeSegment } from '../dav/paths.js';

export const SEGMENT = 'addressbooks';
export const BOOKS = ['contacts', 'all', 'organizations'] as const;
export type BookSlug = (typeof BOOKS)[number];

export type CardPath =
  | { readonly kind: 'home'; readonly user: string }
  | { readonly kind: 'book'; readonly user: string; readonly book: BookSlug }
  | {
      readonly kind: 'card';
      readonly user: string;
      readonly book: BookSlug;
      readonly name: string;
    };

const isBook = (s: string): s is BookSlug => (BOOKS as readonly string[]).includes(s);

export function parseCardPath(path: string): CardPath | null {
  const prefix = `${DAV_ROOT}${SEGMENT}/`;
  if (!path.startsWith(prefix)) return null;
  const [rawUser, rawBook, rawName, ...rest] = path.slice(prefix.length).split('/');
  const user = rawUser ? decodeSegment(rawUser) : null;
  if (!user || rest.some((s) => s !== '')) return null;
  if (!rawBook) return { kind: 'home', user };
  if (!isBook(rawBook)) return null;
  if (!rawName) return { kind: 'book', user, book: rawBook };
  const name = decodeSegment(rawName);
  return name && !name.includes('/') ? { kind: 'card', user, book: rawBook, name } : null;
}

const enc = encodeURIComponent;
export const homeHref = (user: string): string => `${DAV_ROOT}${SEGMENT}/${enc(user)}/`;
export const bookHref = (user: string, book: BookSlug): string => `${homeHref(user)}${book}/`;
export const cardHref = (user: string, book: BookSlug, name: string): string =>
  `${bookHref(user, book)}${enc(name)}`;
