// Series in the sandbox as Graph serves them (Graph docs, "event resource type", "List instances",
// "Update event" / "Delete event" on an occurrence): a master with `recurrence` holds its cancelled
// occurrences and exceptions by local date; `/events/{id}/instances` lays the occurrences out in a
// window (recurrence.ts); an occurrence is read, changed (it becomes an exception) or deleted (it
// becomes a cancelled occurrence) by its own id, and each such change is a change of the master,
// as delta shows it. The master answers `cancelledOccurrences` when selected and
// `exceptionOccurrences` when expanded.
import { toUtcMs, type DateTimeTimeZone } from '../../formats/graph/date-time-zone.js';
import { graphError, type SandboxReply, type SandboxRequest } from './http-kit.js';
import { occurrenceDates } from './recurrence.js';
import { iso, zoned } from './render.js';
import type { Item, Json, Mailbox, SeriesState } from './store.js';

const OCCURRENCE = /^(.+)OCC(\d{4})(\d{2})(\d{2})$/;
const DAY_MS = 86_400_000;

export const occurrenceId = (masterId: string, date: string): string =>
  `${masterId}OCC${date.replace(/-/g, '')}`;

const stateOf = (item: Item): SeriesState =>
  (item.series ??= { cancelled: new Set(), exceptions: new Map() });

interface Layout {
  readonly wall: string;
  readonly zone: string;
  readonly durationMs: number;
}

function layoutOf(master: Item): Layout | null {
  const start = master.data['start'] as DateTimeTimeZone | undefined;
  const end = master.data['end'] as DateTimeTimeZone | undefined;
  if (!start || !end) return null;
  try {
    return {
      wall: start.dateTime.slice(11, 19),
      zone: start.timeZone,
      durationMs: toUtcMs(end) - toUtcMs(start),
    };
  } catch {
    return null;
  }
}

const localAt = (ms: number): string => new Date(ms).toISOString().slice(0, 19) + '.0000000';

/** An occurrence or exception of the master on a local date, as Graph renders it. */
function instance(box: Mailbox, master: Item, date: string, zone: string | null): Json | null {
  const layout = layoutOf(master);
  if (!layout) return null;
  const originalMs = toUtcMs({ dateTime: `${date}T${layout.wall}`, timeZone: layout.zone });
  const exception = master.series?.exceptions.get(date);
  const d = master.data;
  const start: DateTimeTimeZone = (exception?.['start'] as DateTimeTimeZone | undefined) ?? {
    dateTime: `${date}T${layout.wall}.0000000`,
    timeZone: layout.zone,
  };
  const end: DateTimeTimeZone = (exception?.['end'] as DateTimeTimeZone | undefined) ?? {
    dateTime: localAt(Date.parse(`${date}T${layout.wall}Z`) + layout.durationMs),
    timeZone: layout.zone,
  };
  return {
    '@odata.etag': `W/"${master.changeKey}"`,
    id: occurrenceId(master.id, date),
    createdDateTime: iso(master.createdMs),
    lastModifiedDateTime: iso(master.modifiedMs),
    changeKey: master.changeKey,
    type: exception ? 'exception' : 'occurrence',
    seriesMasterId: master.id,
    iCalUId: `040000008200E00074C5B7101A82E008${master.id.slice(-16)}`,
    isOrganizer: true,
    organizer: { emailAddress: { name: box.displayName, address: box.address } },
    isAllDay: d['isAllDay'] === true,
    showAs: 'busy',
    subject: exception?.['subject'] ?? d['subject'],
    body: exception?.['body'] ?? d['body'],
    location: exception?.['location'] ?? d['location'],
    originalStart: iso(originalMs),
    originalStartTimeZone: layout.zone,
    originalEndTimeZone: layout.zone,
    start: zoned(start, zone),
    end: zoned(end, zone),
  };
}

/** The dates of the master's live occurrences up to a local date. */
function liveDates(master: Item, untilDate: string): string[] {
  const rec = master.data['recurrence'] as Json | undefined;
  if (!rec) return [];
  const cancelled = master.series?.cancelled ?? new Set<string>();
  return occurrenceDates(rec, untilDate).filter((d) => !cancelled.has(d));
}

/** The extras a read of a master asks for: cancelledOccurrences ($select), exceptionOccurrences ($expand). */
export function seriesExtras(box: Mailbox, master: Item, req: SandboxRequest): Json {
  if (!master.data['recurrence']) return {};
  const out: Json = {};
  const select = (req.query.get('$select') ?? '').split(',').map((s) => s.trim());
  const zone = req.prefer.get('outlook.timezone') ?? null;
  if (select.includes('cancelledOccurrences'))
    out['cancelledOccurrences'] = [...(master.series?.cancelled ?? [])]
      .sort()
      .map((d) => `OID.${master.id}.${d}`);
  if ((req.query.get('$expand') ?? '').split(',').includes('exceptionOccurrences'))
    out['exceptionOccurrences'] = [...(master.series?.exceptions.keys() ?? [])]
      .sort()
      .map((d) => instance(box, master, d, zone))
      .filter((x): x is Json => x !== null);
  return out;
}

/** GET /events/{id}/instances?startDateTime&endDateTime. */
export function listInstances(
  req: SandboxRequest,
  box: Mailbox,
  master: Item | null,
): SandboxReply {
  if (!master)
    return graphError(404, 'ErrorItemNotFound', 'The specified object was not found in the store.');
  const startMs = Date.parse(req.query.get('startDateTime') ?? '');
  const endMs = Date.parse(req.query.get('endDateTime') ?? '');
  if (Number.isNaN(startMs) || Number.isNaN(endMs))
    return graphError(
      400,
      'ErrorInvalidParameter',
      'This request requires a time window specified by the query string parameters StartDateTime and EndDateTime.',
    );
  const zone = req.prefer.get('outlook.timezone') ?? null;
  const until = new Date(endMs + DAY_MS).toISOString().slice(0, 10);
  const value = liveDates(master, until)
    .map((d) => instance(box, master, d, null))
    .filter((x): x is Json => x !== null)
    .filter((x) => {
      const s = toUtcMs(x['start'] as DateTimeTimeZone);
      const e = toUtcMs(x['end'] as DateTimeTimeZone);
      return s < endMs && e > startMs;
    })
    .map((x) => ({
      ...x,
      start: zoned(x['start'], zone),
      end: zoned(x['end'], zone),
    }));
  return { status: 200, body: { value }, type: 'event' };
}

/** The master and date an occurrence id names, when the date is one of its live occurrences. */
function resolve(box: Mailbox, id: string): { master: Item; date: string } | null {
  const m = OCCURRENCE.exec(id);
  if (!m) return null;
  const master = box.find('event', m[1] ?? '');
  if (!master) return null;
  const date = `${m[2]}-${m[3]}-${m[4]}`;
  return liveDates(master, date).includes(date) ? { master, date } : null;
}

export const isOccurrenceId = (id: string): boolean => OCCURRENCE.test(id);

const WRITABLE = ['subject', 'body', 'start', 'end', 'location'];

/** GET, PATCH or DELETE of an occurrence by its id; each write is a change of the master. */
export function occurrenceRoute(
  req: SandboxRequest,
  box: Mailbox,
  id: string,
  applied: () => void,
): SandboxReply {
  const found = resolve(box, id);
  if (!found)
    return graphError(404, 'ErrorItemNotFound', 'The specified object was not found in the store.');
  const { master, date } = found;
  const zone = req.prefer.get('outlook.timezone') ?? null;
  if (req.method === 'PATCH') {
    if (!req.body) return graphError(400, 'RequestBodyRead', 'a JSON body is required');
    for (const key of ['start', 'end']) {
      const v = req.body[key];
      if (v === undefined) continue;
      try {
        toUtcMs(v as DateTimeTimeZone);
      } catch (err) {
        return graphError(400, 'TimeZoneNotSupportedException', (err as Error).message);
      }
    }
    const state = stateOf(master);
    const patch: Json = { ...(state.exceptions.get(date) ?? {}) };
    for (const key of WRITABLE) if (req.body[key] !== undefined) patch[key] = req.body[key];
    state.exceptions.set(date, patch);
    box.update(master, {});
    applied();
  } else if (req.method === 'DELETE') {
    const state = stateOf(master);
    state.cancelled.add(date);
    state.exceptions.delete(date);
    box.update(master, {});
    applied();
    return { status: 204 };
  } else if (req.method !== 'GET')
    return graphError(405, 'ErrorInvalidRequest', `${req.method} on an occurrence`);
  const body = instance(box, master, date, zone);
  return body
    ? { status: 200, body, type: 'event' }
    : graphError(500, 'ErrorInternalServerError', 'unreadable master');
}

/** A PATCH of a master that changes its recurrence or start drops its exceptions, as Exchange does. */
export function masterPatched(master: Item, patch: Json): void {
  if (!master.series) return;
  const changed = (key: string): boolean =>
    patch[key] !== undefined && JSON.stringify(patch[key]) !== JSON.stringify(master.data[key]);
  if (changed('recurrence')) delete master.series;
}
