// Request bodies of a WebDAV client (built with xmlbuilder2, never by string concatenation):
// PROPFIND (RFC 4918 §9.1), sync-collection (RFC 6578 §3.2), calendar-multiget (RFC 4791 §7.9)
// and addressbook-multiget (RFC 6352 §8.7).
import { create } from 'xmlbuilder2';
import {
  CALDAV_NS as CALDAV,
  CARDDAV_NS as CARDDAV,
  CS_NS as CALSERVER,
  DAV_NS as DAV,
  PREFIX,
  type PropName,
} from './namespaces.js';

export type { PropName };

function prefixed(p: PropName): string {
  return `${PREFIX[p.ns] ?? 'd'}:${p.name}`;
}

function root(): ReturnType<typeof create> {
  return create({ version: '1.0', encoding: 'utf-8' });
}

function withNamespaces(
  doc: ReturnType<typeof create>,
  name: string,
): ReturnType<ReturnType<typeof create>['ele']> {
  return doc
    .ele(DAV, name)
    .att('http://www.w3.org/2000/xmlns/', 'xmlns:c', CALDAV)
    .att('http://www.w3.org/2000/xmlns/', 'xmlns:cs', CALSERVER);
}

function addProps(
  parent: ReturnType<ReturnType<typeof create>['ele']>,
  props: readonly PropName[],
): void {
  const prop = parent.ele(DAV, 'd:prop');
  for (const p of props) prop.ele(p.ns, prefixed(p));
}

export function propfindBody(props: readonly PropName[]): string {
  const doc = root();
  addProps(withNamespaces(doc, 'd:propfind'), props);
  return doc.end();
}

/** An empty token asks for the initial full listing (RFC 6578 §3.4). */
export function syncCollectionBody(token: string | null, props: readonly PropName[]): string {
  const doc = root();
  const el = withNamespaces(doc, 'd:sync-collection');
  el.ele(DAV, 'd:sync-token').txt(token ?? '');
  el.ele(DAV, 'd:sync-level').txt('1');
  addProps(el, props);
  return doc.end();
}

/** A multiget REPORT naming the members and asking their ETag and data (RFC 4791 §7.9, RFC 6352 §8.7). */
function memberMultiget(
  ns: string,
  report: string,
  data: string,
  hrefs: readonly string[],
): string {
  const doc = root();
  const el = doc.ele(ns, report).att('http://www.w3.org/2000/xmlns/', 'xmlns:d', DAV);
  const prop = el.ele(DAV, 'd:prop');
  prop.ele(DAV, 'd:getetag');
  prop.ele(ns, data);
  for (const href of hrefs) el.ele(DAV, 'd:href').txt(href);
  return doc.end();
}

export const multigetBody = (hrefs: readonly string[]): string =>
  memberMultiget(CALDAV, 'c:calendar-multiget', 'c:calendar-data', hrefs);

export const addressbookMultigetBody = (hrefs: readonly string[]): string =>
  memberMultiget(CARDDAV, 'card:addressbook-multiget', 'card:address-data', hrefs);
