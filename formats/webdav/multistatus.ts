// 207 Multi-Status bodies (RFC 4918 §13) and DAV:error bodies (RFC 4918 §16) built with xmlbuilder2.
import { create } from 'xmlbuilder2';
import type { XMLBuilder } from 'xmlbuilder2/lib/interfaces.js';
import {
  CALDAV_NS,
  CARDDAV_NS,
  CS_NS,
  DAV_NS,
  ICAL_NS,
  PREFIX,
  type PropName,
} from './namespaces.js';

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
    .att('http://www.w3.org/2000/xmlns/', 'xmlns:ical', ICAL_NS)
    .att('http://www.w3.org/2000/xmlns/', 'xmlns:card', CARDDAV_NS);
}

const OPEN_MULTISTATUS =
  '<?xml version="1.0" encoding="utf-8"?>' +
  `<d:multistatus xmlns:d="${DAV_NS}" xmlns:c="${CALDAV_NS}" xmlns:cs="${CS_NS}" xmlns:ical="${ICAL_NS}" xmlns:card="${CARDDAV_NS}">`;

const escapeText = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * A response whose values are all text and whose names all have our prefixes, written directly:
 * the same bytes xmlbuilder2 writes (test/formats/webdav/multistatus.test.ts), without building a
 * DOM for each of 20,000 sync-collection members (scripts/bench/carddav.ts). null otherwise.
 */
function plainResponse(r: DavResponse): string | null {
  const names = [
    ...(r.found ?? []).map(([n]) => n),
    ...(r.missing ?? []),
    ...(r.error ? [r.error] : []),
  ];
  if (names.some((n) => !PREFIX[n.ns])) return null;
  if ((r.found ?? []).some(([, v]) => typeof v !== 'string')) return null;
  const empty = (n: PropName): string => `<${qname(n)}/>`;
  const el = (n: PropName, text: string): string =>
    `<${qname(n)}>${escapeText(text)}</${qname(n)}>`;
  let out = `<d:response><d:href>${escapeText(r.href)}</d:href>`;
  if (r.status !== undefined) {
    out += `<d:status>${statusLine(r.status)}</d:status>`;
    if (r.error) out += `<d:error>${empty(r.error)}</d:error>`;
    return `${out}</d:response>`;
  }
  const propstat = (body: string, code: number): string =>
    `<d:propstat><d:prop>${body}</d:prop><d:status>${statusLine(code)}</d:status></d:propstat>`;
  if (r.found && r.found.length > 0)
    out += propstat(r.found.map(([n, v]) => el(n, typeof v === 'string' ? v : '')).join(''), 200);
  if (r.missing && r.missing.length > 0) out += propstat(r.missing.map(empty).join(''), 404);
  return `${out}</d:response>`;
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
  const plain = responses.map(plainResponse);
  // An empty document is self-closed by xmlbuilder2; it is rare, so it takes that path.
  const nonEmpty = responses.length > 0 || syncToken !== undefined;
  if (nonEmpty && plain.every((p): p is string => p !== null)) {
    const token =
      syncToken === undefined ? '' : `<d:sync-token>${escapeText(syncToken)}</d:sync-token>`;
    return `${OPEN_MULTISTATUS}${plain.join('')}${token}</d:multistatus>`;
  }
  return builtMultistatus(responses, syncToken);
}

/** The multistatus built with xmlbuilder2 (values that write elements). */
export function builtMultistatus(responses: readonly DavResponse[], syncToken?: string): string {
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
