// Live properties of the CardDAV resources (RFC 6352 §6.2 address book properties, §7.1.1
// addressbook-home-set, §10.4 address-data; RFC 6578 §4 sync-token; CalendarServer getctag).
// Read-only books show read-only privileges (RFC 3744 §5.4).
import type { XMLBuilder } from 'xmlbuilder2/lib/interfaces.js';
import { CARDDAV_NS, type VcardVersion } from '../../formats/vcard/card.js';
import type { PropName } from '../../formats/webdav/multistatus.js';
import { CS_NS, DAV_NS } from '../../formats/webdav/parse-xml.js';
import type { User } from '../../store/types.js';
import { principalHref } from '../dav/paths.js';
import { elements, href, privileges } from '../dav/prop-values.js';
import type { PropCtx } from '../dav/prop-request.js';
import { key, type PropTable } from '../dav/resource.js';
import type { DavBook, LoadedCard } from './books.js';
import type { DavPrincipal } from './deps.js';
import { homeHref } from './paths.js';

/** Left out of allprop (RFC 6578 §4, RFC 6352 §10.4). */
export const NOT_IN_ALLPROP: readonly PropName[] = [
  { ns: DAV_NS, name: 'sync-token' },
  { ns: CARDDAV_NS, name: 'address-data' },
];
const HIDDEN: ReadonlySet<string> = new Set(NOT_IN_ALLPROP.map((p) => key(p.ns, p.name)));

export const cardPropCtx = (p: DavPrincipal): PropCtx => ({ me: p.user, hidden: HIDDEN });

const NAMES: Record<DavBook['slug'], { name: string; description: string }> = {
  contacts: { name: 'My contacts', description: 'CRM contacts assigned to you' },
  all: { name: 'All contacts', description: 'Every CRM contact you may see, read-only' },
  organizations: { name: 'Organizations', description: 'CRM organizations, read-only' },
};

export const cardType = (version: VcardVersion): string =>
  `text/vcard; charset=utf-8; version=${version}`;

function reports(el: XMLBuilder): void {
  for (const [ns, q] of [
    [CARDDAV_NS, 'card:addressbook-query'],
    [CARDDAV_NS, 'card:addressbook-multiget'],
    [DAV_NS, 'd:sync-collection'],
  ] as const) {
    el.ele(DAV_NS, 'd:supported-report').ele(DAV_NS, 'd:report').ele(ns, q);
  }
}

/** RFC 6352 §6.2.2: both versions are served (version.ts converts). */
function supportedData(el: XMLBuilder): void {
  for (const v of ['3.0', '4.0'])
    el.ele(CARDDAV_NS, 'card:address-data-type')
      .att('content-type', 'text/vcard')
      .att('version', v);
}

/** RFC 6352 §7.1.1 addressbook-home-set on the principal. */
export function principalProps(t: PropTable, user: User): void {
  t.set(key(CARDDAV_NS, 'addressbook-home-set'), href(homeHref(user.userName)));
}

export function homeProps(t: PropTable, user: User): void {
  t.set(key(DAV_NS, 'resourcetype'), elements([DAV_NS, 'd:collection']));
  t.set(key(DAV_NS, 'owner'), href(principalHref(user.userName)));
  t.set(key(DAV_NS, 'current-user-privilege-set'), privileges(false));
}

export function bookProps(t: PropTable, book: DavBook, token: string, maxBytes: number): void {
  t.set(
    key(DAV_NS, 'resourcetype'),
    elements([DAV_NS, 'd:collection'], [CARDDAV_NS, 'card:addressbook']),
  );
  t.set(key(DAV_NS, 'displayname'), NAMES[book.slug].name);
  t.set(key(CARDDAV_NS, 'addressbook-description'), NAMES[book.slug].description);
  t.set(key(CARDDAV_NS, 'supported-address-data'), supportedData);
  t.set(key(CARDDAV_NS, 'max-resource-size'), String(maxBytes));
  t.set(key(DAV_NS, 'supported-report-set'), reports);
  t.set(key(CS_NS, 'getctag'), token);
  t.set(key(DAV_NS, 'sync-token'), token);
  t.set(key(DAV_NS, 'owner'), href(principalHref(book.userName)));
  t.set(key(DAV_NS, 'current-user-privilege-set'), privileges(book.writable));
}

export function cardProps(
  t: PropTable,
  book: DavBook,
  card: LoadedCard,
  version: VcardVersion,
): void {
  const { text, etag } = card.as(version);
  t.set(key(DAV_NS, 'resourcetype'), () => undefined);
  t.set(key(DAV_NS, 'getetag'), etag);
  t.set(key(DAV_NS, 'getcontenttype'), cardType(version));
  t.set(key(DAV_NS, 'getcontentlength'), String(Buffer.byteLength(text)));
  t.set(key(CARDDAV_NS, 'address-data'), text);
  t.set(key(DAV_NS, 'current-user-privilege-set'), privileges(book.writable));
}
