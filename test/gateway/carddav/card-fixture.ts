// A booted gateway with a tiny CardDAV client and card builders for the address book tests.
import { clark } from '../../../formats/webdav/namespaces.js';
import { CARDDAV_NS } from '../../../formats/webdav/namespaces.js';
import { propText, responseAt } from '../../helpers/multistatus.js';

export { startDav, type Dav } from '../caldav/dav-fixture.js';

export const HOME = '/dav/addressbooks/admin/';
export const MINE = `${HOME}contacts/`;
export const ALL = `${HOME}all/`;
export const ORGS = `${HOME}organizations/`;
export const VCF = { 'content-type': 'text/vcard; charset=utf-8' };
export const cardProp = (name: string): string => clark(CARDDAV_NS, name);

/** A vCard 3.0 with a UID, N and FN, then the given content lines. */
export function vcard3(uid: string, ...lines: string[]): string {
  return [
    'BEGIN:VCARD',
    'VERSION:3.0',
    `UID:${uid}`,
    'N:Berg;Anna;;;',
    'FN:Anna Berg',
    ...lines,
    'END:VCARD',
    '',
  ].join('\r\n');
}

export function vcard4(uid: string, ...lines: string[]): string {
  return [
    'BEGIN:VCARD',
    'VERSION:4.0',
    `UID:${uid}`,
    'FN:Anna Berg',
    ...lines,
    'END:VCARD',
    '',
  ].join('\r\n');
}

export const multigetBody = (
  hrefs: readonly string[],
  addressData = '<card:address-data/>',
): string =>
  `<card:addressbook-multiget xmlns:d="DAV:" xmlns:card="${CARDDAV_NS}"><d:prop><d:getetag/>${addressData}</d:prop>` +
  hrefs.map((h) => `<d:href>${h}</d:href>`).join('') +
  '</card:addressbook-multiget>';

export const queryBody = (
  filter: string,
  extra = '',
  addressData = '<card:address-data/>',
): string =>
  `<card:addressbook-query xmlns:d="DAV:" xmlns:card="${CARDDAV_NS}"><d:prop><d:getetag/>${addressData}</d:prop>` +
  `<card:filter${filter.startsWith(' ') ? filter.slice(0, filter.indexOf('>')) : ''}>${filter.startsWith(' ') ? filter.slice(filter.indexOf('>') + 1) : filter}</card:filter>${extra}</card:addressbook-query>`;

/** The address-data a multistatus answer reports for one href (or last segment). */
export const addressDataOf = (xml: string, name: string): string =>
  propText(responseAt(xml, name), cardProp('address-data')) ?? '';

export const lines = (text: string, re: RegExp): string[] =>
  text.split(/\r?\n/).filter((l) => re.test(l));
