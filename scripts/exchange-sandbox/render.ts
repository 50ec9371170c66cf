// Items as Graph v1.0 returns them: the stored properties plus the server-set ones (id, change key,
// @odata.etag, created/modified times, event type and organizer), times in the zone a
// `Prefer: outlook.timezone` asks for (Graph docs, "event resource type": start/end).
import { inZone, toUtcMs, type DateTimeTimeZone } from '../../formats/graph/date-time-zone.js';
import type { Item, Json, Mailbox } from './store.js';

export const iso = (ms: number): string =>
  new Date(ms).toISOString().replace(/\.\d{3}Z$/, '.0000000Z');

export function zoned(value: unknown, zone: string | null): unknown {
  if (zone === null || typeof value !== 'object' || value === null) return value;
  const v = value as DateTimeTimeZone;
  if (typeof v.dateTime !== 'string' || typeof v.timeZone !== 'string') return value;
  return inZone(toUtcMs(v), zone);
}

export function renderItem(box: Mailbox, item: Item, zone: string | null): Json {
  const common = {
    '@odata.etag': `W/"${item.changeKey}"`,
    id: item.id,
    createdDateTime: iso(item.createdMs),
    lastModifiedDateTime: iso(item.modifiedMs),
  };
  if (item.kind === 'event') {
    const d = item.data;
    return {
      ...common,
      changeKey: item.changeKey,
      isOrganizer: true,
      organizer: { emailAddress: { name: box.displayName, address: box.address } },
      type: d['recurrence'] ? 'seriesMaster' : 'singleInstance',
      iCalUId: `040000008200E00074C5B7101A82E008${item.id.slice(-16)}`,
      isAllDay: false,
      showAs: 'busy',
      ...d,
      originalStartTimeZone: (d['start'] as { timeZone?: unknown } | undefined)?.timeZone,
      originalEndTimeZone: (d['end'] as { timeZone?: unknown } | undefined)?.timeZone,
      start: zoned(d['start'], zone),
      end: zoned(d['end'], zone),
    };
  }
  if (item.kind === 'contact')
    return { ...common, changeKey: item.changeKey, parentFolderId: item.folder, ...item.data };
  return { ...common, status: 'notStarted', importance: 'normal', ...item.data };
}

/** The instants an event spans (for windows and free/busy); null when its times are unreadable. */
export function eventSpan(item: Item): { startMs: number; endMs: number } | null {
  try {
    const start = toUtcMs(item.data['start'] as DateTimeTimeZone);
    const end = toUtcMs(item.data['end'] as DateTimeTimeZone);
    return { startMs: start, endMs: Math.max(start, end) };
  } catch {
    return null;
  }
}
