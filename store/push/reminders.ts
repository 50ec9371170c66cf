// Event and task reminders due for a push (gateway/push/README.md §5): vtiger's reminder_time is
// minutes before the start (date_start + time_start, kept in UTC). A reminder is queued once per
// start, so moving the event arms it again.
import type { Knex } from 'knex';
import { nowUtc } from '../db.js';

export interface DueReminder {
  readonly recordId: number;
  readonly module: 'Events' | 'Calendar';
  readonly subject: string;
  readonly startsAt: string;
  readonly ownerKind: 'user' | 'group';
  readonly ownerId: number;
}

interface Row {
  id: number;
  label: string;
  owner_kind: string;
  owner_id: number;
  date_start: string | null;
  time_start: string | null;
  reminder_time: number | string | null;
}

/** The longest reminder vtiger offers is days ahead; a week bounds the scan. */
export const MAX_REMINDER_MINUTES = 7 * 24 * 60;
const TABLES = { Events: 'mod_events', Calendar: 'mod_calendar' } as const;

function startMs(row: Row): number | null {
  if (!row.date_start || !/^\d{4}-\d{2}-\d{2}$/.test(row.date_start)) return null;
  const time = row.time_start && /^\d{2}:\d{2}/.test(row.time_start) ? row.time_start : '00:00';
  const ms = Date.parse(`${row.date_start}T${time.slice(0, 5)}:00Z`);
  return Number.isNaN(ms) ? null : ms;
}

export class PushReminders {
  constructor(private readonly knex: Knex) {}

  async due(now: Date): Promise<DueReminder[]> {
    const from = new Date(now.getTime() - 86_400_000).toISOString().slice(0, 10);
    const to = new Date(now.getTime() + (MAX_REMINDER_MINUTES + 1440) * 60_000)
      .toISOString()
      .slice(0, 10);
    const out: DueReminder[] = [];
    for (const [module, table] of Object.entries(TABLES) as ['Events' | 'Calendar', string][]) {
      const rows = await this.knex('crm_entities as e')
        .join(`${table} as m`, 'm.id', 'e.id')
        .where('e.deleted', false)
        .where('m.reminder_time', '>', 0)
        .whereBetween('m.date_start', [from, to])
        .select<Row[]>(
          'e.id',
          'e.label',
          'e.owner_kind',
          'e.owner_id',
          'm.date_start',
          'm.time_start',
          'm.reminder_time',
        );
      for (const row of rows) {
        const start = startMs(row);
        const minutes = Math.min(Number(row.reminder_time ?? 0), MAX_REMINDER_MINUTES);
        if (start === null || minutes <= 0) continue;
        if (start - minutes * 60_000 > now.getTime() || start <= now.getTime()) continue;
        out.push({
          recordId: Number(row.id),
          module,
          subject: row.label,
          startsAt: nowUtc(new Date(start)),
          ownerKind: row.owner_kind === 'group' ? 'group' : 'user',
          ownerId: Number(row.owner_id),
        });
      }
    }
    if (out.length === 0) return out;
    const sent = await this.knex('push_reminders_sent')
      .whereIn(
        'record_id',
        out.map((r) => r.recordId),
      )
      .select<{ record_id: number; starts_at: string }[]>('record_id', 'starts_at');
    const done = new Set(sent.map((s) => `${Number(s.record_id)}|${s.starts_at}`));
    return out.filter((r) => !done.has(`${r.recordId}|${r.startsAt}`));
  }

  /** Records that the reminder for this start was queued; false when another run did already. */
  async markSent(recordId: number, startsAt: string): Promise<boolean> {
    const inserted = await this.knex('push_reminders_sent')
      .insert({ record_id: recordId, starts_at: startsAt })
      .onConflict(['record_id', 'starts_at'])
      .ignore()
      .returning('record_id');
    return inserted.length > 0;
  }
}
