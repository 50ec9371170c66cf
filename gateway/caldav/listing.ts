// A calendar app listing a user's own calendar (sync-collection, calendar-query) counts as the
// user's activities being listed through the gateway: the bridges registered in the composition
// root (sync/registry.ts) may pull the user's linked remote calendars soon. This is the one place
// the CalDAV server announces a listing; the hook is passed in deps.
import type { DavCalendar } from './calendar-store.js';
import type { CaldavDeps } from './deps.js';

export function calendarListed(deps: CaldavDeps, cal: DavCalendar): void {
  if (cal.owner.kind === 'user') deps.onActivitiesListed?.(cal.module, cal.owner.id);
}
