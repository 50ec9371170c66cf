// The XML namespaces of WebDAV (RFC 4918 §21), CalDAV (RFC 4791 §4), CardDAV (RFC 6352 §5), CalendarServer's
// getctag and Apple's calendar properties, with the prefixes our bodies use for them.
export const DAV_NS = 'DAV:';
export const CALDAV_NS = 'urn:ietf:params:xml:ns:caldav';
export const CS_NS = 'http://calendarserver.org/ns/';
export const ICAL_NS = 'http://apple.com/ns/ical/';
export const CARDDAV_NS = 'urn:ietf:params:xml:ns:carddav';

export const PREFIX: Readonly<Record<string, string>> = {
  [DAV_NS]: 'd',
  [CALDAV_NS]: 'c',
  [CS_NS]: 'cs',
  [ICAL_NS]: 'ical',
  [CARDDAV_NS]: 'card',
};

/** A property or element name. */
export interface PropName {
  readonly ns: string;
  readonly name: string;
}

/** Clark notation `{ns}name`: how the multistatus reader keys properties. */
export const clark = (ns: string, name: string): string => `{${ns}}${name}`;
