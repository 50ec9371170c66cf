// Live properties of the calendar resources (RFC 4791 §5.2, §6.2; RFC 6578 §4; Apple's
// calendar-color and calendar-order; CalendarServer getctag). PROPFIND asks by name; unknown
// names go to a 404 propstat, never an error.
import type { XMLBuilder } from 'xmlbuilder2/lib/interfaces.js';
import type { User } from '../../store/types.js';
import type { CalendarProps } from '../../store/caldav/calendar-props.js';
import type { DavCalendar, LoadedObject } from './calendar-store.js';
import { CALDAV_NS, CS_NS, DAV_NS, ICAL_NS } from '../../formats/webdav/parse-xml.js';
import type { PropName } from '../../formats/webdav/multistatus.js';
import { principalHref } from '../dav/paths.js';
import { elements, href, privileges } from '../dav/prop-values.js';
import type { PropCtx } from '../dav/prop-request.js';
import { key, type PropTable } from '../dav/resource.js';
import type { DavPrincipal } from './deps.js';
import { homeHref } from './paths.js';

/** Left out of allprop (RFC 6578 §4, RFC 4791 §9.6). */
export const NOT_IN_ALLPROP: readonly PropName[] = [
  { ns: DAV_NS, name: 'sync-token' },
  { ns: CALDAV_NS, name: 'calendar-data' },
];
const HIDDEN: ReadonlySet<string> = new Set(NOT_IN_ALLPROP.map((p) => key(p.ns, p.name)));

/** The property context of a calendar report. */
export const calendarPropCtx = (p: DavPrincipal): PropCtx => ({ me: p.user, hidden: HIDDEN });

export const componentOf = (cal: DavCalendar): 'VEVENT' | 'VTODO' =>
  cal.slug.component === 'events' ? 'VEVENT' : 'VTODO';

function reports(el: XMLBuilder): void {
  for (const [ns, q] of [
    [CALDAV_NS, 'c:calendar-query'],
    [CALDAV_NS, 'c:calendar-multiget'],
    [DAV_NS, 'd:sync-collection'],
  ] as const) {
    el.ele(DAV_NS, 'd:supported-report').ele(DAV_NS, 'd:report').ele(ns, q);
  }
}

function displayName(user: User): string {
  return [user.firstName, user.lastName].filter((s) => s).join(' ') || user.userName;
}

/** Defaults of the calendar properties a user may change with PROPPATCH. */
function defaults(cal: DavCalendar): { name: string; description: string; color: string } {
  const isEvents = cal.slug.component === 'events';
  if (cal.groupName !== null) {
    const what = isEvents ? 'Events' : 'Tasks';
    return {
      name: `${cal.groupName} (${what})`,
      description: `${what} of the CRM group ${cal.groupName}, read-only`,
      color: isEvents ? '#5a8f3c' : '#8f5a3c',
    };
  }
  return isEvents
    ? { name: 'CRM Events', description: 'Events of the CRM', color: '#2a6fdb' }
    : { name: 'CRM Tasks', description: 'Tasks of the CRM', color: '#d98a2a' };
}

/** RFC 4791 §6.2.1 calendar-home-set and §6.2.2 calendar-user-address-set on the principal. */
export function principalProps(t: PropTable, user: User): void {
  t.set(key(CALDAV_NS, 'calendar-home-set'), href(homeHref(user.userName)));
  if (user.email) t.set(key(CALDAV_NS, 'calendar-user-address-set'), href(`mailto:${user.email}`));
}

export function homeProps(t: PropTable, user: User): void {
  t.set(key(DAV_NS, 'resourcetype'), elements([DAV_NS, 'd:collection']));
  t.set(key(DAV_NS, 'displayname'), displayName(user));
  t.set(key(DAV_NS, 'owner'), href(principalHref(user.userName)));
  t.set(key(DAV_NS, 'current-user-privilege-set'), privileges(false));
}

export function calendarProps(
  t: PropTable,
  cal: DavCalendar,
  props: CalendarProps,
  token: string,
  maxResourceBytes: number,
): void {
  const d = defaults(cal);
  t.set(key(DAV_NS, 'resourcetype'), elements([DAV_NS, 'd:collection'], [CALDAV_NS, 'c:calendar']));
  t.set(key(DAV_NS, 'displayname'), props.displayName ?? d.name);
  t.set(key(CALDAV_NS, 'calendar-description'), props.description ?? d.description);
  t.set(key(ICAL_NS, 'calendar-color'), props.color ?? d.color);
  if (props.order !== null) t.set(key(ICAL_NS, 'calendar-order'), String(props.order));
  t.set(key(CALDAV_NS, 'supported-calendar-component-set'), (el) => {
    el.ele(CALDAV_NS, 'c:comp').att('name', componentOf(cal));
  });
  t.set(key(DAV_NS, 'supported-report-set'), reports);
  t.set(key(CS_NS, 'getctag'), token);
  t.set(key(DAV_NS, 'sync-token'), token);
  t.set(key(CALDAV_NS, 'max-resource-size'), String(maxResourceBytes));
  t.set(key(DAV_NS, 'owner'), href(principalHref(cal.userName)));
  t.set(key(DAV_NS, 'current-user-privilege-set'), privileges(cal.writable));
}

export function objectProps(t: PropTable, cal: DavCalendar, object: LoadedObject): void {
  t.set(key(DAV_NS, 'resourcetype'), () => undefined);
  t.set(key(DAV_NS, 'getetag'), object.etag);
  t.set(key(DAV_NS, 'getcontenttype'), objectType(cal));
  t.set(key(DAV_NS, 'getcontentlength'), String(Buffer.byteLength(object.ics)));
  t.set(key(CALDAV_NS, 'calendar-data'), object.ics);
  t.set(key(DAV_NS, 'current-user-privilege-set'), privileges(cal.writable));
}

export const objectType = (cal: DavCalendar): string =>
  `text/calendar; charset=utf-8; component=${componentOf(cal)}`;
