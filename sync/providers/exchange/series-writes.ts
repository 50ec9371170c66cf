// Writing a series' exceptions to Exchange (Graph docs, "Update event" and "Delete event" on an
// occurrence: an occurrence is changed or deleted by its own id, found through the master's
// instances). The item the mapping hands over carries the wanted `cancelledOccurrences` and
// `exceptionOccurrences` in Graph's own shape; only what differs from the master as Exchange holds
// it is written, so a repeated run writes nothing twice. Graph has no way to bring a cancelled
// occurrence back, so one the CRM restores stays cancelled there.
import {
  localDate,
  toUtcMs,
  zoneOf,
  type DateTimeTimeZone,
} from '../../../formats/graph/date-time-zone.js';
import type { ExchangeTransport, GraphJson } from './transport.js';

const DAY_MS = 86_400_000;
/** What a create or update body leaves out: read-only series parts the bridge writes per occurrence. */
export const SERIES_PARTS = ['cancelledOccurrences', 'exceptionOccurrences'] as const;

export function withoutSeriesParts(e: GraphJson): GraphJson {
  const out: GraphJson = { ...e };
  for (const key of SERIES_PARTS) delete out[key];
  return out;
}

const datesOf = (e: GraphJson | null): Set<string> =>
  new Set(
    (Array.isArray(e?.['cancelledOccurrences']) ? e['cancelledOccurrences'] : [])
      .map((oid) => /(\d{4}-\d{2}-\d{2})$/.exec(String(oid))?.[1])
      .filter((d): d is string => d !== undefined),
  );

const exceptionsOf = (e: GraphJson | null): GraphJson[] =>
  Array.isArray(e?.['exceptionOccurrences']) ? (e['exceptionOccurrences'] as GraphJson[]) : [];

const originalMs = (x: GraphJson): number => Date.parse(String(x['originalStart'] ?? ''));

function instant(v: unknown): number | null {
  try {
    return toUtcMs(v as DateTimeTimeZone);
  } catch {
    return null;
  }
}

const text = (v: unknown, key: string): string =>
  typeof v === 'object' && v !== null ? String((v as Record<string, unknown>)[key] ?? '') : '';

/** Whether an exception as Exchange holds it already says what the wanted one says. */
function sameException(want: GraphJson, have: GraphJson | undefined): boolean {
  if (!have) return false;
  return (
    instant(want['start']) === instant(have['start']) &&
    instant(want['end']) === instant(have['end']) &&
    String(want['subject'] ?? '') === String(have['subject'] ?? '') &&
    text(want['location'], 'displayName') === text(have['location'], 'displayName') &&
    text(want['body'], 'content').trim() ===
      text(have['body'], 'content')
        .replace(/<[^>]*>/g, '')
        .trim()
  );
}

/** Two Graph recurrences mean the same series (Graph fills unused pattern members with defaults). */
export function sameRecurrence(a: unknown, b: unknown): boolean {
  const key = (v: unknown): string => {
    if (typeof v !== 'object' || v === null) return 'none';
    const r = v as { pattern?: Record<string, unknown>; range?: Record<string, unknown> };
    const p = r.pattern ?? {};
    const g = r.range ?? {};
    const type = String(p['type'] ?? '');
    const relative = type.startsWith('relative');
    return JSON.stringify([
      type,
      Number(p['interval'] ?? 1),
      type.endsWith('Yearly') ? Number(p['month'] ?? 0) : 0,
      type.startsWith('absolute') ? Number(p['dayOfMonth'] ?? 0) : 0,
      type === 'weekly' || relative
        ? [...((p['daysOfWeek'] as unknown[] | undefined) ?? [])].map(String).sort()
        : [],
      type === 'weekly' ? String(p['firstDayOfWeek'] ?? 'sunday') : '',
      relative ? String(p['index'] ?? 'first') : '',
      String(g['type'] ?? ''),
      String(g['startDate'] ?? ''),
      g['type'] === 'endDate' ? String(g['endDate'] ?? '') : '',
      g['type'] === 'numbered' ? Number(g['numberOfOccurrences'] ?? 0) : 0,
    ]);
  };
  return key(a) === key(b);
}

/** The zone the series' dates are local to (its start zone). */
function zoneOfSeries(e: GraphJson): string {
  const name =
    (typeof e['originalStartTimeZone'] === 'string' && e['originalStartTimeZone']) ||
    (e['start'] as { timeZone?: string } | undefined)?.timeZone ||
    'UTC';
  return zoneOf(name);
}

/**
 * Makes the series `masterId` in Exchange cancel and change the occurrences `want` names, given
 * `have` (the master as read with its series parts, null right after a create). Returns how many
 * occurrences were written.
 */
export async function writeSeriesParts(
  transport: ExchangeTransport,
  masterId: string,
  want: GraphJson,
  have: GraphJson | null,
): Promise<number> {
  if (!transport.instances) return 0;
  const zone = zoneOfSeries(want);
  const haveDates = datesOf(have);
  const cancel = [...datesOf(want)].filter((d) => !haveDates.has(d));
  const haveExceptions = new Map(exceptionsOf(have).map((x) => [originalMs(x), x]));
  const change = exceptionsOf(want).filter(
    (x) => !Number.isNaN(originalMs(x)) && !sameException(x, haveExceptions.get(originalMs(x))),
  );
  if (cancel.length === 0 && change.length === 0) return 0;
  const points = [...cancel.map((d) => Date.parse(`${d}T00:00:00Z`)), ...change.map(originalMs)];
  const instances = await transport.instances(masterId, {
    startMs: Math.min(...points) - 2 * DAY_MS,
    endMs: Math.max(...points) + 2 * DAY_MS,
  });
  const byOriginal = new Map(instances.map((i) => [originalMs(i), i]));
  let written = 0;
  for (const date of cancel) {
    const hit = instances.find((i) => localDate(originalMs(i), zone) === date);
    if (!hit) continue;
    await transport.deleteEvent(String(hit['id']), null);
    written++;
  }
  for (const x of change) {
    const hit = byOriginal.get(originalMs(x));
    if (!hit) continue;
    const patch: GraphJson = {};
    for (const key of ['subject', 'body', 'start', 'end', 'location'])
      if (x[key] !== undefined) patch[key] = x[key];
    await transport.updateEvent(String(hit['id']), patch, null);
    written++;
  }
  return written;
}
