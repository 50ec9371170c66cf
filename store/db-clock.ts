// Whose clock a lease or a due time is read on. Replicas on one PostgreSQL each have their own
// clock, and a replica whose clock runs ahead would see a live lease as expired and take it; so
// on PostgreSQL the claiming statement itself reads the database's clock
// (statement_timestamp(), PostgreSQL manual §9.9.5 "Current Date/Time"), and the time a caller
// passes is ignored. SQLite is one machine's file: the caller's clock is the only one, and
// tests move it instead of sleeping. Times stay `nowUtc` text (store/db.ts), compared as text.
import type { Knex } from 'knex';
import { nowUtc } from './db.js';

export type ClockSource = 'database' | 'caller';

/** The database's clock on PostgreSQL, the caller's on SQLite. */
export function defaultClock(knex: Knex): ClockSource {
  return knex.client.config.client === 'pg' ? 'database' : 'caller';
}

const PG_TEXT = `to_char((statement_timestamp() + ? * interval '1 millisecond') AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.MS')`;

/** `at` + `plusMs` as stored text, or on the database clock the same expression in SQL. */
export function clockAt(knex: Knex, source: ClockSource, at: Date, plusMs = 0): string | Knex.Raw {
  if (source === 'caller') return nowUtc(new Date(at.getTime() + plusMs));
  return knex.raw(PG_TEXT, [Math.round(plusMs)]);
}

/** The current time on this clock, for what is computed in code (the next run of a schedule). */
export async function clockNow(knex: Knex, source: ClockSource, at: Date): Promise<Date> {
  if (source === 'caller') return at;
  const result = await knex.raw<{ rows: { now: Date }[] }>('SELECT statement_timestamp() AS now');
  const now = result.rows[0]?.now;
  return now instanceof Date ? now : at;
}
