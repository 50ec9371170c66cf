// CalDAV (RFC 4791) on the WebDAV core: the /dav/calendars/ area with the user's home and
// calendars, calendar-home-set on the principal, PUT and MKCALENDAR, calendar-query and
// calendar-multiget; the core serves PROPFIND, PROPPATCH, GET, DELETE and sync-collection.
import { CALDAV_NS } from '../../formats/webdav/parse-xml.js';
import { authenticate } from '../dav/auth.js';
import { createDavCore, type DavArea, type DavCore } from '../dav/area.js';
import { CalendarCollection } from './collection.js';
import type { CaldavDeps } from './deps.js';
import { calendarListed } from './listing.js';
import { CALENDAR_ALLOW, mkcalendar } from './methods/mkcalendar.js';
import { put } from './methods/put.js';
import { report } from './methods/report.js';
import { NOT_IN_ALLPROP, principalProps } from './props.js';
import { resolveCalendarPath } from './resources.js';

export function calendarArea(deps: CaldavDeps): DavArea {
  return {
    segment: 'calendars',
    // No calendar-auto-schedule: the gateway delivers no invitations, and Thunderbird would stop
    // sending its own (RFC 6638 §2).
    davClasses: ['calendar-access'],
    allow: CALENDAR_ALLOW,
    wellKnown: 'caldav',
    notInAllprop: NOT_IN_ALLPROP,
    tooLarge: { ns: CALDAV_NS, name: 'max-resource-size' },
    resolve: (p, path) => resolveCalendarPath(deps, p, path),
    principalProps,
    methods: {
      PUT: (req) => put(deps, req),
      MKCALENDAR: (req) => mkcalendar(deps, req),
    },
    report: (req, root, props) => report(deps, req, root, props),
  };
}

/** The WebDAV core with calendars (and other areas, e.g. address books), as the app mounts it under /dav/. */
export function calendarDavCore(deps: CaldavDeps, others: readonly DavArea[] = []): DavCore {
  return createDavCore({
    areas: [calendarArea(deps), ...others],
    limits: deps.limits,
    realm: 'CRM CalDAV',
    authenticate: (authorization, ip) => authenticate(deps, authorization, ip),
    latestSeq: () => deps.store.changeLog.latestSeq(),
    onCollectionListed: (collection) => {
      if (collection instanceof CalendarCollection) calendarListed(deps, collection.calendar);
    },
  });
}
