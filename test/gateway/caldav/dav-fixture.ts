// A booted gateway with a tiny CalDAV client for the protocol tests.
import type { StartOptions } from '../../../gateway/server.js';
import { syncTokenOf } from '../../helpers/multistatus.js';
import { ADMIN_PASSWORD, startTestGateway, type TestGateway } from '../../helpers/gateway.js';

export const EVENTS = '/dav/calendars/admin/events/';
export const TASKS = '/dav/calendars/admin/tasks/';
export const BASIC = 'Basic ' + Buffer.from(`admin:${ADMIN_PASSWORD}`).toString('base64');

export interface DavReply {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
}

export interface Dav {
  readonly gw: TestGateway;
  req(
    method: string,
    path: string,
    body?: string,
    headers?: Record<string, string>,
  ): Promise<DavReply>;
}

export async function startDav(
  env: Record<string, string> = {},
  options: StartOptions = {},
): Promise<Dav> {
  const gw = await startTestGateway(env, options);
  return {
    gw,
    async req(method, path, body, headers = {}) {
      const r = await fetch(gw.url + path, {
        method,
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(20_000),
        headers: { authorization: BASIC, ...headers },
      });
      return { status: r.status, headers: r.headers, text: await r.text() };
    },
  };
}

export function vevent(
  uid: string,
  extra = '',
  start = '20260301T080000Z',
  end = '20260301T090000Z',
): string {
  return [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//test//EN',
    'BEGIN:VEVENT',
    `UID:${uid}`,
    'DTSTAMP:20260101T000000Z',
    `DTSTART:${start}`,
    `DTEND:${end}`,
    'SUMMARY:Test event',
    ...(extra ? extra.split('\n') : []),
    'END:VEVENT',
    'END:VCALENDAR',
    '',
  ].join('\r\n');
}

export const ICS = { 'content-type': 'text/calendar; charset=utf-8' };

export function syncBody(token: string, limit?: number): string {
  return (
    `<d:sync-collection xmlns:d="DAV:"><d:sync-token>${token}</d:sync-token><d:sync-level>1</d:sync-level>` +
    `${limit ? `<d:limit><d:nresults>${limit}</d:nresults></d:limit>` : ''}<d:prop><d:getetag/></d:prop></d:sync-collection>`
  );
}

/** The multistatus sync-token of a sync-collection answer (RFC 6578 §6.4). */
export const tokenOf = syncTokenOf;

export function queryBody(
  start: string | null,
  end: string | null,
  expand = false,
  comp = 'VEVENT',
): string {
  const attrs = `${start ? ` start="${start}"` : ''}${end ? ` end="${end}"` : ''}`;
  return (
    '<c:calendar-query xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav"><d:prop><d:getetag/>' +
    `<c:calendar-data>${expand ? `<c:expand${attrs}/>` : ''}</c:calendar-data></d:prop>` +
    `<c:filter><c:comp-filter name="VCALENDAR"><c:comp-filter name="${comp}"><c:time-range${attrs}/></c:comp-filter></c:comp-filter></c:filter></c:calendar-query>`
  );
}
