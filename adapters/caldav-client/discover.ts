// Finding the calendars behind the URL a user typed (RFC 6764 §6, RFC 5397, RFC 4791 §6.2.1):
// current-user-principal → calendar-home-set → the home's calendar children. A URL that is itself
// a calendar is taken as is. A calendar without {DAV:}sync-token cannot be linked: the bridge
// pulls changes only by sync-collection (RFC 6578), so the report says so in plain words.
import type { CaldavClient } from './client.js';
import { CaldavError } from './errors.js';
import {
  CALDAV_NS as CALDAV,
  CS_NS as CALSERVER,
  DAV_NS as DAV,
  clark as key,
  type PropName,
} from '../../formats/webdav/namespaces.js';
import type { MultistatusResponse as DavResponse } from '../../formats/webdav/read-multistatus.js';

export interface RemoteCalendar {
  readonly url: string;
  readonly displayName: string;
  readonly syncToken: string | null;
  /** VEVENT, VTODO ...; empty when the server does not say (then it takes every kind). */
  readonly components: readonly string[];
}

export interface Discovery {
  readonly principal: string | null;
  readonly home: string | null;
  readonly calendars: readonly RemoteCalendar[];
}

const CALENDAR_PROPS: readonly PropName[] = [
  { ns: DAV, name: 'resourcetype' },
  { ns: DAV, name: 'displayname' },
  { ns: DAV, name: 'sync-token' },
  { ns: CALSERVER, name: 'getctag' },
  { ns: CALDAV, name: 'supported-calendar-component-set' },
];

function isCalendar(r: DavResponse): boolean {
  return r.props.get(key(DAV, 'resourcetype'))?.children.includes(key(CALDAV, 'calendar')) ?? false;
}

function toCalendar(r: DavResponse, base: string): RemoteCalendar {
  const url = new URL(r.href, base).href;
  return {
    url,
    displayName:
      r.props.get(key(DAV, 'displayname'))?.text ||
      decodeURIComponent(new URL(url).pathname.split('/').filter(Boolean).pop() ?? url),
    syncToken: r.props.get(key(DAV, 'sync-token'))?.text || null,
    components:
      r.props
        .get(key(CALDAV, 'supported-calendar-component-set'))
        ?.names.map((n) => n.toUpperCase()) ?? [],
  };
}

function firstHref(
  rs: readonly DavResponse[],
  ns: string,
  name: string,
  base: string,
): string | null {
  for (const r of rs) {
    const href = r.props.get(key(ns, name))?.hrefs[0];
    if (href) return new URL(href, base).href;
  }
  return null;
}

export async function discover(client: CaldavClient, url: string): Promise<Discovery> {
  const self = await client.propfind(url, 0, [
    ...CALENDAR_PROPS,
    { ns: DAV, name: 'current-user-principal' },
    { ns: CALDAV, name: 'calendar-home-set' },
  ]);
  const own = self.find(isCalendar);
  if (own)
    return {
      principal: firstHref(self, DAV, 'current-user-principal', url),
      home: null,
      calendars: [toCalendar(own, url)],
    };
  const principal = firstHref(self, DAV, 'current-user-principal', url);
  let home = firstHref(self, CALDAV, 'calendar-home-set', url);
  if (home === null && principal !== null) {
    home = firstHref(
      await client.propfind(principal, 0, [{ ns: CALDAV, name: 'calendar-home-set' }]),
      CALDAV,
      'calendar-home-set',
      principal,
    );
  }
  if (home === null)
    throw new CaldavError(
      'not_found',
      `no calendar home found at ${url} (neither a calendar nor a principal with calendar-home-set)`,
    );
  const members = await client.propfind(home, 1, CALENDAR_PROPS);
  return { principal, home, calendars: members.filter(isCalendar).map((r) => toCalendar(r, home)) };
}

/** Plain words for a calendar that cannot be linked, or null when it can. */
export function unlinkableReason(cal: RemoteCalendar): string | null {
  if (cal.syncToken === null) {
    return `The calendar "${cal.displayName}" cannot be linked: the server does not offer the sync-token property (WebDAV sync-collection, RFC 6578), which the bridge needs to fetch changes.`;
  }
  if (cal.components.length > 0 && !cal.components.includes('VEVENT'))
    return `The calendar "${cal.displayName}" holds no events (only ${cal.components.join(', ')}).`;
  return null;
}
