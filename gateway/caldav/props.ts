// Live properties of each resource (RFC 4918 §15, RFC 4791 §5.2/§6.2, RFC 5397, RFC 6578 §4,
// gateway/caldav/README.md §1.2). PROPFIND asks by name; unknown names go to a 404 propstat, never
// an error.
import type { XMLBuilder } from 'xmlbuilder2/lib/interfaces.js';
import type { User } from '../../store/types.js';
import type { CalendarProps } from '../../store/caldav/calendar-props.js';
import type { DavCalendar, LoadedObject } from './calendar-store.js';
import { CALDAV_NS, CS_NS, DAV_NS, ICAL_NS } from '../../formats/webdav/parse-xml.js';
import type { PropValue } from '../../formats/webdav/multistatus.js';
import { homeHref, principalHref, DAV_ROOT } from './paths.js';

export type DavResource =
  | { readonly kind: 'root'; readonly href: string }
  | { readonly kind: 'principals'; readonly href: string }
  | { readonly kind: 'principal'; readonly href: string; readonly user: User }
  | { readonly kind: 'home'; readonly href: string; readonly user: User }
  | {
      readonly kind: 'calendar';
      readonly href: string;
      readonly calendar: DavCalendar;
      readonly token: string;
      readonly props: CalendarProps;
    }
  | {
      readonly kind: 'object';
      readonly href: string;
      readonly calendar: DavCalendar;
      readonly object: LoadedObject;
    };

export interface PropCtx {
  readonly me: User;
  readonly maxResourceBytes: number;
}

export type PropTable = Map<string, PropValue>;
export const key = (ns: string, name: string): string => `${ns}|${name}`;
/** Properties left out of allprop (RFC 6578 §4, RFC 4791 §9.6). */
export const NOT_IN_ALLPROP = new Set([key(DAV_NS, 'sync-token'), key(CALDAV_NS, 'calendar-data')]);

const href =
  (value: string) =>
  (el: XMLBuilder): void => {
    el.ele(DAV_NS, 'd:href').txt(value);
  };
const elements =
  (...names: ReadonlyArray<readonly [string, string]>) =>
  (el: XMLBuilder): void => {
    for (const [ns, q] of names) el.ele(ns, q);
  };

function privileges(write: boolean) {
  return (el: XMLBuilder): void => {
    for (const p of write
      ? ['read', 'write', 'write-properties', 'write-content', 'bind', 'unbind']
      : ['read'])
      el.ele(DAV_NS, 'd:privilege').ele(DAV_NS, `d:${p}`);
  };
}

function reports(el: XMLBuilder): void {
  for (const [ns, q] of [
    [CALDAV_NS, 'c:calendar-query'],
    [CALDAV_NS, 'c:calendar-multiget'],
    [DAV_NS, 'd:sync-collection'],
  ] as const) {
    el.ele(DAV_NS, 'd:supported-report').ele(DAV_NS, 'd:report').ele(ns, q);
  }
}

function common(t: PropTable, ctx: PropCtx): void {
  t.set(key(DAV_NS, 'current-user-principal'), href(principalHref(ctx.me.userName)));
  t.set(key(DAV_NS, 'principal-collection-set'), href(`${DAV_ROOT}principals/`));
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

function calendarProps(
  t: PropTable,
  r: Extract<DavResource, { kind: 'calendar' }>,
  ctx: PropCtx,
): void {
  const cal = r.calendar;
  const d = defaults(cal);
  t.set(key(DAV_NS, 'resourcetype'), elements([DAV_NS, 'd:collection'], [CALDAV_NS, 'c:calendar']));
  t.set(key(DAV_NS, 'displayname'), r.props.displayName ?? d.name);
  t.set(key(CALDAV_NS, 'calendar-description'), r.props.description ?? d.description);
  t.set(key(ICAL_NS, 'calendar-color'), r.props.color ?? d.color);
  if (r.props.order !== null) t.set(key(ICAL_NS, 'calendar-order'), String(r.props.order));
  t.set(key(CALDAV_NS, 'supported-calendar-component-set'), (el) => {
    el.ele(CALDAV_NS, 'c:comp').att('name', cal.slug.component === 'events' ? 'VEVENT' : 'VTODO');
  });
  t.set(key(DAV_NS, 'supported-report-set'), reports);
  t.set(key(CS_NS, 'getctag'), r.token);
  t.set(key(DAV_NS, 'sync-token'), r.token);
  t.set(key(CALDAV_NS, 'max-resource-size'), String(ctx.maxResourceBytes));
  t.set(key(DAV_NS, 'owner'), href(principalHref(cal.userName)));
  t.set(key(DAV_NS, 'current-user-privilege-set'), privileges(cal.writable));
}

function objectProps(t: PropTable, r: Extract<DavResource, { kind: 'object' }>): void {
  t.set(key(DAV_NS, 'resourcetype'), () => undefined);
  t.set(key(DAV_NS, 'getetag'), r.object.etag);
  t.set(
    key(DAV_NS, 'getcontenttype'),
    `text/calendar; charset=utf-8; component=${r.calendar.slug.component === 'events' ? 'VEVENT' : 'VTODO'}`,
  );
  t.set(key(DAV_NS, 'getcontentlength'), String(Buffer.byteLength(r.object.ics)));
  t.set(key(CALDAV_NS, 'calendar-data'), r.object.ics);
  t.set(key(DAV_NS, 'current-user-privilege-set'), privileges(r.calendar.writable));
}

export function propTable(r: DavResource, ctx: PropCtx): PropTable {
  const t: PropTable = new Map();
  common(t, ctx);
  if (r.kind === 'root' || r.kind === 'principals') {
    t.set(key(DAV_NS, 'resourcetype'), elements([DAV_NS, 'd:collection']));
  } else if (r.kind === 'principal') {
    t.set(key(DAV_NS, 'resourcetype'), elements([DAV_NS, 'd:principal']));
    t.set(key(DAV_NS, 'displayname'), displayName(r.user));
    t.set(key(DAV_NS, 'principal-URL'), href(principalHref(r.user.userName)));
    t.set(key(CALDAV_NS, 'calendar-home-set'), href(homeHref(r.user.userName)));
    if (r.user.email)
      t.set(key(CALDAV_NS, 'calendar-user-address-set'), href(`mailto:${r.user.email}`));
  } else if (r.kind === 'home') {
    t.set(key(DAV_NS, 'resourcetype'), elements([DAV_NS, 'd:collection']));
    t.set(key(DAV_NS, 'displayname'), displayName(r.user));
    t.set(key(DAV_NS, 'owner'), href(principalHref(r.user.userName)));
    t.set(key(DAV_NS, 'current-user-privilege-set'), privileges(false));
  } else if (r.kind === 'calendar') {
    calendarProps(t, r, ctx);
  } else {
    objectProps(t, r);
  }
  return t;
}
