// A calendar app listing a user's own calendar (sync-collection, calendar-query) counts as the
// user's activities being listed through the gateway: the CalDAV bridge, when it runs, may pull
// the user's linked remote calendars (gateway/caldav-bridge/listing-hook.ts). The report itself
// writes nothing; this is the one place the server calls the hook.
import { activitiesListed } from '../caldav-bridge/listing-hook.js';
import type { DavCalendar } from './calendar-store.js';
import type { CaldavDeps } from './deps.js';

export function calendarListed(deps: CaldavDeps, cal: DavCalendar): void {
  if (cal.owner.kind === 'user') activitiesListed(deps.store, cal.module, cal.owner.id);
}
