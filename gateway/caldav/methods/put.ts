// PUT of a calendar object resource (RFC 4791 §5.3.2): conditional on If-Match / If-None-Match,
// validated (§5.3.2.1 preconditions), mapped to an Events or Tasks record, and the client's bytes
// kept verbatim with the UID so GET returns exactly what was stored (hence the ETag, §5.3.4).
import { CalendarObjectRepository } from '../../../store/caldav/calendar-objects.js';
import { GatewayError } from '../../../store/errors.js';
import type { CrmRecord } from '../../../store/types.js';
import {
  calendarFor,
  connectionOf,
  etagOf,
  loadByName,
  SYNC_SYSTEM,
  type DavCalendar,
  type LoadedObject,
} from '../calendar-store.js';
import type { CaldavDeps, DavRequest, DavResult } from '../deps.js';
import {
  parseObject,
  preconditionError,
  type ParsedObject,
} from '../../../formats/ical/parse-ics.js';
import { checkRecurrence } from '../../../formats/ical/recurrence-limits.js';
import { objectHref } from '../paths.js';
import { checkPreconditions } from '../../dav/preconditions.js';
import { needWrite, ownPath, parseOrNotFound } from '../resources.js';
import { crmValuesOf, storedObjectOf } from '../../../sync/calendar/stored-object.js';

function checkContentType(contentType: string): void {
  const type = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  if (type !== '' && type !== 'text/calendar')
    throw new GatewayError('unsupported', `Content-Type ${type} is not text/calendar`);
}

/**
 * RFC 4791 §5.3.2.1 no-uid-conflict within the calendar. It runs inside the write's transaction,
 * after the record is written, behind a lock on the UID in this collection (PostgreSQL; the one
 * connection of store/db.ts on SQLite), so two PUTs of one UID under two names cannot both pass
 * (test/gateway/caldav/uid-scope.test.ts).
 */
async function checkUid(
  objects: CalendarObjectRepository,
  cal: DavCalendar,
  uid: string,
  recordId: number,
): Promise<void> {
  await objects.lockUid(cal.module, cal.owner, uid);
  const ids = (await objects.idsByUid(cal.module, cal.owner, uid)).filter((id) => id !== recordId);
  if (ids.length === 0) return;
  const names = await objects.names(ids);
  const err = preconditionError(
    'forbidden',
    'no-uid-conflict',
    `UID ${uid} is already used by another resource`,
  );
  const other = names.get(ids[0] as number);
  throw new GatewayError(err.kind, err.message, {
    dav: { ...err.details.dav, href: other ? objectHref(cal.userName, cal.slug, other) : null },
  });
}

/** Record, stored object and the link of its href name in one transaction (no duplicate for a device syncing in between). */
async function save(
  deps: CaldavDeps,
  req: DavRequest,
  cal: DavCalendar,
  parsed: ParsedObject,
  existing: LoadedObject | null,
  name: string,
  link: { readonly system: string; readonly connection: string },
): Promise<CrmRecord> {
  const etag = etagOf(req.body);
  try {
    return await deps.writer.write({
      actor: req.principal.actor,
      module: cal.module,
      recordId: existing?.record.id ?? null,
      values: crmValuesOf(parsed),
      object: async (trx, record) => {
        await checkUid(new CalendarObjectRepository(trx), cal, parsed.uid, record.id);
        return storedObjectOf(record, parsed, req.body, name);
      },
      link: { ...link, remoteId: name, remoteEtag: etag, contentHash: etag },
    });
  } catch (err) {
    if (
      err instanceof GatewayError &&
      (err.kind === 'invalid_input' || err.kind === 'mandatory_missing')
    ) {
      throw preconditionError('forbidden', 'valid-calendar-data', err.message);
    }
    throw err;
  }
}

export async function put(deps: CaldavDeps, req: DavRequest): Promise<DavResult> {
  const path = parseOrNotFound(req.path);
  ownPath(req.principal, path);
  if (path.kind !== 'object')
    throw new GatewayError('method_not_allowed', 'PUT creates calendar objects only');
  const cal = await calendarFor(deps, req.principal, path.calendar);
  needWrite(cal);
  if (!req.principal.canWrite) throw new GatewayError('forbidden', 'The access token is read-only');
  checkContentType(req.contentType);
  const existing = await loadByName(deps, cal, path.name);
  checkPreconditions(existing?.etag ?? null, req.ifMatch, req.ifNoneMatch);
  const parsed = parseObject(req.body, path.calendar.component === 'events' ? 'VEVENT' : 'VTODO');
  checkRecurrence(parsed);
  await save(deps, req, cal, parsed, existing, path.name, {
    system: SYNC_SYSTEM,
    connection: connectionOf(req.principal.user.id, path.calendar),
  });
  return { status: existing ? 204 : 201, headers: { etag: etagOf(req.body) } };
}
