// The four fields the CalDAV bridge synchronises: subject, description, start and end. A hash
// of them as last exchanged sits on each link object and sync link, so a side whose hash still
// matches did not change them, and an echo of our own write is recognised and skipped.
import { createHash } from 'node:crypto';
import ICAL from 'ical.js';
import { parseObject, type ParsedObject } from '../../../formats/ical/parse-ics.js';
import { crmSpan } from '../../../formats/ical/patch-times.js';
import { crmValuesOf } from '../../calendar/stored-object.js';
import type { CrmRecord, FieldValues } from '../../../store/types.js';

/** The CRM activity modules and their iCalendar components: Events ⇄ VEVENT, Tasks (Calendar) ⇄ VTODO. */
export type ActivityModule = 'Events' | 'Calendar';
export type Component = 'VEVENT' | 'VTODO';
export const componentOf = (module: string): Component =>
  module === 'Calendar' ? 'VTODO' : 'VEVENT';
export const moduleOf = (component: Component): ActivityModule =>
  component === 'VTODO' ? 'Calendar' : 'Events';

export interface SyncedFields {
  readonly subject: string;
  readonly description: string | null;
  readonly startMs: number;
  readonly endMs: number;
}

export interface RemoteEvent {
  readonly parsed: ParsedObject;
  readonly module: ActivityModule;
  readonly uid: string;
  readonly fields: SyncedFields;
  /**
   * The CRM values of the synced fields as the gateway's CalDAV server maps them (to-crm.ts): the
   * four fields plus what it derives from them (the recurrence type); `fields` are read back from them.
   */
  readonly values: FieldValues;
  /** LAST-MODIFIED, else DTSTAMP (RFC 5545 §3.8.7): when the remote side last changed it. */
  readonly changedMs: number | null;
}

export function fieldsHash(f: SyncedFields): string {
  return createHash('sha256')
    .update(JSON.stringify([f.subject, f.description ?? '', f.startMs, f.endMs]))
    .digest('hex');
}

/** The CRM side (times are kept in UTC); null when the record has no start. */
export function recordFields(record: CrmRecord): SyncedFields | null {
  return valuesFields(record.values);
}

function valuesFields(v: FieldValues): SyncedFields | null {
  const span = crmSpan(v);
  const startMs = span.startMs;
  if (startMs === null) return null;
  const endMs = span.endMs ?? startMs;
  const description = v['description'] ?? null;
  return {
    subject: v['subject'] ?? '',
    description: description === '' ? null : description,
    startMs,
    endMs: Math.max(startMs, endMs),
  };
}

/** Whether the activity has a date not in the past (first sync sends only those). */
export function notPast(f: SyncedFields, nowMs: number): boolean {
  return f.endMs >= nowMs || f.startMs >= nowMs;
}

function changedAt(parsed: ParsedObject): number | null {
  for (const prop of ['last-modified', 'dtstamp']) {
    const v = parsed.master.getFirstPropertyValue(prop);
    if (v instanceof ICAL.Time) return v.toUnixTime() * 1000;
  }
  return null;
}

/** Components the bridge does not carry (VJOURNAL ...): skipped, not errors. */
export const FOREIGN_COMPONENT = /holds VTODO only/;

/** What a pull writes: the synced fields, and the recurrence type the mapping derives from the rule (Events only). */
const SYNCED_VALUES = [
  'subject',
  'description',
  'date_start',
  'time_start',
  'due_date',
  'time_end',
  'recurringtype',
];

/** Reads a remote VEVENT or VTODO object; throws GatewayError (valid-calendar-data ...) when it is neither. */
export function readRemote(ics: string): RemoteEvent {
  let parsed: ParsedObject;
  try {
    parsed = parseObject(ics, 'VEVENT');
  } catch (err) {
    if (!/holds VEVENT only/.test((err as Error).message)) throw err;
    parsed = parseObject(ics, 'VTODO');
  }
  const mapped = crmValuesOf(parsed);
  const values: Record<string, string | null> = {};
  for (const key of SYNCED_VALUES) if (key in mapped) values[key] = mapped[key] ?? null;
  if (values['description'] === '') values['description'] = null;
  const fields = valuesFields(values);
  if (!fields) throw new Error(`${parsed.uid}: the object has no start`);
  return {
    parsed,
    module: moduleOf(parsed.kind),
    uid: parsed.uid,
    changedMs: changedAt(parsed),
    values,
    fields,
  };
}
