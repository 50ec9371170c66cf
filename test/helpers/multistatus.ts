// 207 Multi-Status bodies (RFC 4918 §13) read for assertions with formats/webdav, the reader the
// client uses, instead of regexes on response text (as Radicale's tests read theirs with
// `parse_responses`): per response its href, status, properties and their propstat statuses.
import { CALDAV_NS, clark, CS_NS, DAV_NS, ICAL_NS } from '../../formats/webdav/namespaces.js';
import {
  parseMultistatus,
  type MultistatusResponse,
  type PropValue,
} from '../../formats/webdav/read-multistatus.js';
import { tryParseXml } from '../../formats/webdav/parse-xml.js';

export type { MultistatusResponse, PropValue };
export { CALDAV_NS, CS_NS, DAV_NS, ICAL_NS };

/** `{DAV:}getetag` style keys of a response's props. */
export const davProp = (name: string): string => clark(DAV_NS, name);
export const caldavProp = (name: string): string => clark(CALDAV_NS, name);
export const csProp = (name: string): string => clark(CS_NS, name);
export const icalProp = (name: string): string => clark(ICAL_NS, name);

export function responses(xml: string): readonly MultistatusResponse[] {
  return parseMultistatus(xml).responses;
}

/** The multistatus-level sync-token (RFC 6578 §6.4); throws when there is none. */
export function syncTokenOf(xml: string): string {
  const token = parseMultistatus(xml).syncToken;
  if (token === null) throw new Error(`no sync-token in ${xml.slice(0, 500)}`);
  return token;
}

/** The response for an href, or for the href ending in `/name`. */
export function responseAt(xml: string, hrefOrName: string): MultistatusResponse | undefined {
  return responses(xml).find(
    (r) => r.href === hrefOrName || decodeURIComponent(lastSegment(r.href)) === hrefOrName,
  );
}

export function lastSegment(href: string): string {
  const parts = href.replace(/\/$/, '').split('/');
  return parts[parts.length - 1] ?? '';
}

/** Names (last href segment) of responses with properties, sorted. */
export function withProps(xml: string): string[] {
  return responses(xml)
    .filter((r) => r.status === null)
    .map((r) => decodeURIComponent(lastSegment(r.href)))
    .sort();
}

/** Names (last href segment) of bare responses with this status (404: removed members), sorted. */
export function withStatus(xml: string, status: number): string[] {
  return responses(xml)
    .filter((r) => r.status === status)
    .map((r) => decodeURIComponent(lastSegment(r.href)))
    .sort();
}

/** A property's text (2xx propstat), or undefined. */
export function propText(r: MultistatusResponse | undefined, key: string): string | undefined {
  return r?.props.get(key)?.text;
}

/** The precondition element of a DAV:error body (RFC 4918 §16), as `{ns}name`, or null. */
export function errorOf(xml: string): string | null {
  const { root } = tryParseXml(xml);
  if (!root || root.ns !== DAV_NS || root.name !== 'error') return null;
  const first = root.children[0];
  return first ? clark(first.ns, first.name) : null;
}
