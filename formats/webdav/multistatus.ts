// 207 Multi-Status bodies (RFC 4918 §13) and DAV:error bodies (RFC 4918 §16) built with xmlbuilder2.
import { create } from 'xmlbuilder2';
import type { XMLBuilder } from 'xmlbuilder2/lib/interfaces.js';
import { CALDAV_NS, CS_NS, DAV_NS, ICAL_NS, PREFIX, type PropName } from './namespaces.js';

/** A property value: text, a list of child elements, or a builder callback. */
export type PropValue = string | ((el: XMLBuilder) => void);

export type { PropName };

export interface DavResponse {
  readonly href: string;
  /** 200 properties with values. */
  readonly found?: ReadonlyArray<readonly [PropName, PropValue]>;
  readonly missing?: readonly PropName[];
  /** A bare status instead of propstats (sync-collection removed members, 404 hrefs). */
  readonly status?: number;
  readonly error?: PropName;
}

const REASON: Record<number, string> = {
  200: 'OK',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  424: 'Failed Dependency',
  507: 'Insufficient Storage',
};

export function statusLine(code: number): string {
  return `HTTP/1.1 ${code} ${REASON[code] ?? ''}`.trim();
}

function root(name: string): XMLBuilder {
  return create({ version: '1.0', encoding: 'utf-8' })
    .ele(DAV_NS, `d:${name}`)
    .att('http://www.w3.org/2000/xmlns/', 'xmlns:c', CALDAV_NS)
    .att('http://www.w3.org/2000/xmlns/', 'xmlns:cs', CS_NS)
    .att('http://www.w3.org/2000/xmlns/', 'xmlns:ical', ICAL_NS);
}

export function qname(p: PropName): string {
  const prefix = PREFIX[p.ns];
  return prefix ? `${prefix}:${p.name}` : p.name;
}

export function propEl(parent: XMLBuilder, p: PropName): XMLBuilder {
  return PREFIX[p.ns] ? parent.ele(p.ns, qname(p)) : parent.ele(p.ns, p.name);
}

function addResponse(ms: XMLBuilder, r: DavResponse): void {
  const resp = ms.ele(DAV_NS, 'd:response');
  resp.ele(DAV_NS, 'd:href').txt(r.href);
  if (r.status !== undefined) {
    resp.ele(DAV_NS, 'd:status').txt(statusLine(r.status));
    if (r.error) propEl(resp.ele(DAV_NS, 'd:error'), r.error);
    return;
  }
  if (r.found && r.found.length > 0) {
    const ps = resp.ele(DAV_NS, 'd:propstat');
    const prop = ps.ele(DAV_NS, 'd:prop');
    for (const [name, value] of r.found) {
      const el = propEl(prop, name);
      if (typeof value === 'string') el.txt(value);
      else value(el);
    }
    ps.ele(DAV_NS, 'd:status').txt(statusLine(200));
  }
  if (r.missing && r.missing.length > 0) {
    const ps = resp.ele(DAV_NS, 'd:propstat');
    const prop = ps.ele(DAV_NS, 'd:prop');
    for (const name of r.missing) propEl(prop, name);
    ps.ele(DAV_NS, 'd:status').txt(statusLine(404));
  }
}

export function multistatus(responses: readonly DavResponse[], syncToken?: string): string {
  const ms = root('multistatus');
  for (const r of responses) addResponse(ms, r);
  if (syncToken !== undefined) ms.ele(DAV_NS, 'd:sync-token').txt(syncToken);
  return ms.end({ prettyPrint: false });
}

/** `<d:error><precondition/></d:error>` (RFC 4918 §16, RFC 4791 §1.3). */
export function errorBody(precondition: PropName, message: string): string {
  const el = root('error');
  propEl(el, precondition);
  el.ele('http://sabredav.org/ns', 's:message').txt(message);
  return el.end({ prettyPrint: false });
}
