// A small CardDAV client (RFC 6352) on the CalDAV client's HTTP and WebDAV core
// (adapters/caldav-client/client.ts: the outbound guard, auth renewal, error kinds, PROPFIND and
// sync-collection, which RFC 6578 defines for every collection). What is CardDAV's own: finding the
// address book (RFC 6352 §7.1.1 addressbook-home-set, RFC 6764 §6), addressbook-multiget (§8.7),
// vCard media type on PUT (§5.1), and an ETag listing for servers without sync-collection.
import { CaldavClient, type WriteGuard } from '../caldav-client/client.js';
import { CaldavError } from '../caldav-client/errors.js';
import {
  CARDDAV_NS as CARDDAV,
  DAV_NS as DAV,
  clark as key,
  type PropName,
} from '../../formats/webdav/namespaces.js';
import type { MultistatusResponse as DavResponse } from '../../formats/webdav/read-multistatus.js';
import { addressbookMultigetBody } from '../../formats/webdav/requests.js';

export interface RemoteCard {
  readonly href: string;
  readonly etag: string | null;
  readonly vcard: string;
}

export interface RemoteAddressBook {
  readonly url: string;
  readonly displayName: string;
  /** null: the server offers no sync-collection here; changes come from an ETag listing. */
  readonly syncToken: string | null;
}

const BOOK_PROPS: readonly PropName[] = [
  { ns: DAV, name: 'resourcetype' },
  { ns: DAV, name: 'displayname' },
  { ns: DAV, name: 'sync-token' },
];

const isBook = (r: DavResponse): boolean =>
  r.props.get(key(DAV, 'resourcetype'))?.children.includes(key(CARDDAV, 'addressbook')) ?? false;

function firstHref(rs: readonly DavResponse[], ns: string, name: string, base: string) {
  for (const r of rs) {
    const href = r.props.get(key(ns, name))?.hrefs[0];
    if (href) return new URL(href, base).href;
  }
  return null;
}

function toBook(r: DavResponse, base: string): RemoteAddressBook {
  const url = new URL(r.href, base).href;
  return {
    url,
    displayName: r.props.get(key(DAV, 'displayname'))?.text || new URL(url).pathname,
    syncToken: r.props.get(key(DAV, 'sync-token'))?.text || null,
  };
}

export class CarddavClient extends CaldavClient {
  /** The address books behind a URL: the URL itself when it is one, else the principal's home's. */
  async addressBooks(url: string): Promise<RemoteAddressBook[]> {
    const self = await this.propfind(url, 0, [
      ...BOOK_PROPS,
      { ns: DAV, name: 'current-user-principal' },
      { ns: CARDDAV, name: 'addressbook-home-set' },
    ]);
    const own = self.find(isBook);
    if (own) return [toBook(own, url)];
    const principal = firstHref(self, DAV, 'current-user-principal', url);
    let home = firstHref(self, CARDDAV, 'addressbook-home-set', url);
    if (home === null && principal !== null) {
      const p = await this.propfind(principal, 0, [{ ns: CARDDAV, name: 'addressbook-home-set' }]);
      home = firstHref(p, CARDDAV, 'addressbook-home-set', principal);
    }
    if (home === null)
      throw new CaldavError(
        'not_found',
        `no address book found at ${url} (neither an address book nor a principal with addressbook-home-set)`,
      );
    const base = home;
    return (await this.propfind(home, 1, BOOK_PROPS)).filter(isBook).map((r) => toBook(r, base));
  }

  /** Every member's href and ETag (PROPFIND Depth 1), for servers without sync-collection. */
  async listEtags(bookUrl: string): Promise<{ href: string; etag: string | null }[]> {
    const self = new URL(bookUrl).pathname.replace(/\/$/, '');
    return (await this.propfind(bookUrl, 1, [{ ns: DAV, name: 'getetag' }]))
      .filter((r) => new URL(r.href, bookUrl).pathname.replace(/\/$/, '') !== self)
      .map((r) => ({
        href: this.absolute(r.href, bookUrl),
        etag: r.props.get(key(DAV, 'getetag'))?.text || null,
      }));
  }

  /** address-data and ETags of the given members, in batches; missing ones are left out. */
  async cardMultiget(bookUrl: string, hrefs: readonly string[]): Promise<RemoteCard[]> {
    const found = await this.membersData(
      bookUrl,
      hrefs,
      addressbookMultigetBody,
      key(CARDDAV, 'address-data'),
      `the address book ${bookUrl} is gone (404)`,
    );
    return found.map((f) => ({ href: f.href, etag: f.etag, vcard: f.data }));
  }

  /**
   * Creates a card by POST to the address book, as Google's CardDAV requires
   * (developers.google.com/people/carddav: "create ... by POST"); the new card's href comes back
   * in Location (RFC 9110 §10.2.2).
   */
  async postCard(bookUrl: string, vcard: string): Promise<{ href: string; etag: string | null }> {
    const res = await this.send('POST', bookUrl, vcard, {
      'content-type': 'text/vcard; charset=utf-8',
    });
    if (res.status === 404)
      throw new CaldavError('not_found', `the address book ${bookUrl} is gone (404)`, 404);
    this.expect(res, [200, 201]);
    const one = (name: string): string | null => {
      const v = res.headers[name];
      return (Array.isArray(v) ? v[0] : v) ?? null;
    };
    const location = one('location');
    if (location === null)
      throw new CaldavError(
        'malformed',
        `${bookUrl} created a card without saying where (Location)`,
      );
    return { href: this.absolute(location, bookUrl), etag: one('etag') };
  }

  /** PUT of a vCard (RFC 6352 §5.1) guarded by If-Match or If-None-Match: * ; the new ETag if sent. */
  putCard(href: string, vcard: string, guard: WriteGuard): Promise<string | null> {
    return this.putMember(href, vcard, 'text/vcard; charset=utf-8', guard, 'the address book');
  }
}
