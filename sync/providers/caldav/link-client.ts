// A CalDAV client for one link: Basic credentials (RFC 7617) for plain CalDAV links, a Bearer
// access token (RFC 6750) for OAuth and Google links (../dav/auth.ts, shared with contact links).
import { CaldavClient } from '../../../adapters/caldav-client.js';
import type { HttpClient } from '../../../adapters/http.js';
import type { CaldavLinkRepository } from '../../../store/caldav-links/link-repository.js';
import type { CaldavLink } from '../../../store/caldav-links/link-types.js';
import { basicAuth, bearerAuth } from '../dav/auth.js';

export const GOOGLE_SCOPE = 'https://www.googleapis.com/auth/calendar';

/** Google's CalDAV endpoint of the account's primary calendar (developers.google.com/calendar/caldav/v2/guide). */
export function googleCalendarUrl(email: string): string {
  return `https://apidata.googleusercontent.com/caldav/v2/${encodeURIComponent(email)}/events/`;
}

export function clientForLink(
  link: CaldavLink,
  links: CaldavLinkRepository,
  http: HttpClient,
  clock: () => number = Date.now,
): CaldavClient {
  return new CaldavClient(
    http,
    link.kind === 'caldav' ? basicAuth(link, links) : bearerAuth(link, links, http, clock),
  );
}
