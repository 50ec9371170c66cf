// OPTIONS (RFC 4791 §5.1): `DAV: 1, 3, calendar-access`. No calendar-auto-schedule, since the
// gateway delivers no invitations and Thunderbird would stop sending its own
// (gateway/caldav/README.md §1.1).
import type { DavResult } from '../deps.js';

export const ALLOW = 'OPTIONS, GET, HEAD, PUT, DELETE, PROPFIND, PROPPATCH, REPORT';

export function options(): DavResult {
  return {
    status: 200,
    headers: { dav: '1, 3, calendar-access', allow: ALLOW, 'content-length': '0' },
  };
}
