// The properties a user set on a calendar of their home with PROPPATCH (RFC 4918 §9.2; RFC 4791
// §5.2.1 calendar-description; Apple's calendar-color and calendar-order). null = the default.
import type { Knex } from 'knex';

export interface CalendarProps {
  readonly displayName: string | null;
  readonly color: string | null;
  readonly description: string | null;
  readonly order: number | null;
}

export const NO_PROPS: CalendarProps = {
  displayName: null,
  color: null,
  description: null,
  order: null,
};

interface PropsRow {
  user_id: number;
  calendar: string;
  displayname: string | null;
  color: string | null;
  description: string | null;
  sort_order: number | null;
}

function toProps(r: PropsRow): CalendarProps {
  return {
    displayName: r.displayname,
    color: r.color,
    description: r.description,
    order: r.sort_order === null ? null : Number(r.sort_order),
  };
}

export class CalendarPropsRepository {
  constructor(private readonly knex: Knex) {}

  /** The user's properties of every calendar they touched, by calendar segment. */
  async forUser(userId: number): Promise<Map<string, CalendarProps>> {
    const rows = await this.knex<PropsRow>('caldav_calendar_props').where({ user_id: userId });
    return new Map(rows.map((r) => [r.calendar, toProps(r)]));
  }

  async get(userId: number, calendar: string): Promise<CalendarProps> {
    const row = await this.knex<PropsRow>('caldav_calendar_props')
      .where({ user_id: userId, calendar })
      .first();
    return row ? toProps(row) : NO_PROPS;
  }

  /** Replaces the stored properties (one statement, so a PROPPATCH applies all or nothing). */
  async put(userId: number, calendar: string, props: CalendarProps): Promise<void> {
    const row: PropsRow = {
      user_id: userId,
      calendar,
      displayname: props.displayName,
      color: props.color,
      description: props.description,
      sort_order: props.order,
    };
    await this.knex('caldav_calendar_props')
      .insert(row)
      .onConflict(['user_id', 'calendar'])
      .merge();
  }
}
