// The fields the Exchange bridge synchronises on an event (sync/providers/exchange/README.md):
// subject, description, start, end, all-day and location, as UTC instants on both sides. Graph's
// all-day events run from midnight to midnight (Graph docs, "event resource type": isAllDay); the
// CRM keeps them as UTC midnights (formats/ical/patch-times.ts), so a record is all-day when both
// ends are UTC midnights a whole number of days apart.
import { createHash } from 'node:crypto';
import {
  fromUtcMs,
  toUtcMs,
  type DateTimeTimeZone,
} from '../../../formats/graph/date-time-zone.js';
import { crmSpan } from '../../../formats/ical/patch-times.js';
import type { CrmRecord, FieldValues } from '../../../store/types.js';
import { graphRecurrence, seriesOfGraph, zoned, type SeriesFields } from './series.js';
import type { GraphJson } from './transport.js';

export interface EventFields {
  readonly subject: string;
  readonly description: string | null;
  readonly startMs: number;
  readonly endMs: number;
  readonly allDay: boolean;
  readonly location: string | null;
  /** The recurrence of a series (series.ts); absent for single events. */
  readonly series?: SeriesFields | null;
}

const DAY_MS = 86_400_000;

export function eventFieldsHash(f: EventFields): string {
  return createHash('sha256')
    .update(
      JSON.stringify([
        f.subject,
        f.description ?? '',
        f.startMs,
        f.endMs,
        f.allDay,
        f.location ?? '',
        // Only series add to the hash, so the hashes kept for single events stay what they were.
        ...(f.series ? [f.series] : []),
      ]),
    )
    .digest('hex');
}

const blank = (v: string | null | undefined): string | null =>
  v === undefined || v === null || v === '' ? null : v;

/** The synced fields of a CRM Event; null without a start. */
export function recordEventFields(record: CrmRecord): EventFields | null {
  const v = record.values;
  const span = crmSpan(v);
  if (span.startMs === null) return null;
  const endMs = Math.max(span.startMs, span.endMs ?? span.startMs);
  const allDay = span.startMs % DAY_MS === 0 && endMs % DAY_MS === 0 && endMs > span.startMs;
  return {
    subject: v['subject'] ?? '',
    description: blank(v['description']),
    startMs: span.startMs,
    endMs,
    allDay,
    location: blank(v['location']),
  };
}

/** Plain text of an itemBody: HTML is reduced to its text (Graph returns HTML bodies by default). */
function bodyText(body: unknown): string | null {
  if (typeof body !== 'object' || body === null) return null;
  const b = body as { contentType?: unknown; content?: unknown };
  if (typeof b.content !== 'string') return null;
  if (b.contentType !== 'html') return blank(b.content);
  const text = b.content
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/p>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .trim();
  return blank(text);
}

/** The synced fields of a Graph event; throws on unreadable times, an unknown zone or pattern. */
export function graphEventFields(e: GraphJson): EventFields {
  const base = singleFields(e);
  if (e['type'] !== 'seriesMaster' || !e['recurrence']) return base;
  return { ...base, series: seriesOfGraph(e, base, singleFields) };
}

function singleFields(e: GraphJson): EventFields {
  const startMs = toUtcMs(e['start'] as DateTimeTimeZone);
  const endMs = toUtcMs(e['end'] as DateTimeTimeZone);
  const location = (e['location'] as { displayName?: unknown } | undefined)?.displayName;
  return {
    subject: typeof e['subject'] === 'string' ? e['subject'] : '',
    description: bodyText(e['body']),
    startMs,
    endMs: Math.max(startMs, endMs),
    allDay: e['isAllDay'] === true,
    location: typeof location === 'string' ? blank(location) : null,
  };
}

const date = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
const time = (ms: number): string => new Date(ms).toISOString().slice(11, 19);

/** The CRM values a pull writes. */
export function crmValues(f: EventFields): FieldValues {
  return {
    subject: f.subject,
    description: f.description,
    date_start: date(f.startMs),
    time_start: time(f.startMs),
    due_date: date(f.endMs),
    time_end: time(f.endMs),
    location: f.location,
    ...(f.series
      ? { recurringtype: FREQ_NAME[/FREQ=(\w+)/.exec(f.series.rrule)?.[1] ?? ''] ?? '--None--' }
      : {}),
  };
}

const FREQ_NAME: Record<string, string> = {
  DAILY: 'Daily',
  WEEKLY: 'Weekly',
  MONTHLY: 'Monthly',
  YEARLY: 'Yearly',
};

/** The Graph properties of the synced fields (a PATCH body, or part of a create). */
export function graphProperties(f: EventFields): GraphJson {
  const series = f.series ?? null;
  const at = (ms: number): DateTimeTimeZone =>
    series
      ? zoned(ms, series, f.allDay)
      : f.allDay
        ? { dateTime: `${date(ms)}T00:00:00`, timeZone: 'UTC' }
        : fromUtcMs(ms);
  return {
    subject: f.subject,
    body: { contentType: 'text', content: f.description ?? '' },
    start: at(f.startMs),
    end: at(f.allDay ? Math.max(f.endMs, f.startMs + DAY_MS) : f.endMs),
    isAllDay: f.allDay,
    location: { displayName: f.location ?? '' },
    ...(series ? { recurrence: graphRecurrence(series, f.startMs, f.allDay) } : {}),
  };
}

/** The writable synced properties of a raw event, for a PATCH (never read-only ones). */
export const SYNCED_PROPERTIES = [
  'subject',
  'body',
  'start',
  'end',
  'isAllDay',
  'location',
] as const;
