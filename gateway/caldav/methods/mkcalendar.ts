// MKCALENDAR (RFC 4791 §5.3.1): the calendars of a home are fixed (the user's events and tasks
// calendars and the read-only ones of their groups), since each maps to a CRM module and owner.
// An existing resource is 405 (RFC 4918 §9.3.1 as for MKCOL); every other URL 403 DAV:need-privileges.
import { GatewayError } from '../../../store/errors.js';
import type { CaldavDeps, DavRequest, DavResult } from '../deps.js';
import { allowOf } from '../../dav/methods/options.js';
import { parsePath } from '../paths.js';
import { ownPath } from '../resources.js';

/** Methods the calendars add to the WebDAV core's (MKCALENDAR is answered but never allowed). */
export const CALENDAR_ALLOW: readonly string[] = ['PUT'];

export function mkcalendar(_deps: CaldavDeps, req: DavRequest): Promise<DavResult> {
  const path = parsePath(req.path);
  if (path) ownPath(req.principal, path);
  if (path?.kind === 'calendar' || path?.kind === 'home' || path?.kind === 'root') {
    throw new GatewayError('method_not_allowed', 'The resource exists', {
      allow: allowOf([{ allow: CALENDAR_ALLOW }]),
    });
  }
  throw new GatewayError(
    'forbidden',
    'Calendars are fixed: one events and one tasks calendar per user, plus read-only calendars of their groups',
    {
      dav: { precondition: { ns: 'DAV:', name: 'need-privileges' } },
    },
  );
}
