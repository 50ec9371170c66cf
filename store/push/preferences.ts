// Per-user Web Push preferences (gateway/push/README.md §4): parsed strictly, so a bad value is a
// clear error and nothing is stored.
import type { Knex } from 'knex';
import { nowUtc } from '../db.js';
import { GatewayError } from '../errors.js';
import {
  DEFAULT_PREFERENCES,
  IDLE_MINUTES,
  PUSH_KINDS,
  type HourRange,
  type IdleMinutes,
  type PushKind,
  type PushPreferences,
} from './types.js';

const HOUR = /^([01]\d|2[0-3]):[0-5]\d$/;

function bad(message: string): GatewayError {
  return new GatewayError('invalid_input', `push preferences: ${message}`);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function hourRange(value: unknown, name: string): HourRange {
  if (!isObject(value)) throw bad(`${name} must be an object with "from" and "to"`);
  const { from, to } = value;
  if (typeof from !== 'string' || !HOUR.test(from) || typeof to !== 'string' || !HOUR.test(to))
    throw bad(`${name}.from and ${name}.to must be times as HH:MM`);
  if (from === to) throw bad(`${name} must not start and end at the same time`);
  return { from, to };
}

function kinds(value: unknown): Record<PushKind, boolean> {
  const out: Record<PushKind, boolean> = { ...DEFAULT_PREFERENCES.kinds };
  if (value === undefined) return out;
  if (!isObject(value)) throw bad('kinds must be an object of switches');
  for (const [name, on] of Object.entries(value)) {
    if (!(PUSH_KINDS as readonly string[]).includes(name))
      throw bad(`unknown kind "${name}" (known: ${PUSH_KINDS.join(', ')})`);
    if (typeof on !== 'boolean') throw bad(`kinds.${name} must be true or false`);
    out[name as PushKind] = on;
  }
  return out;
}

function schedule(value: unknown): PushPreferences['schedule'] {
  if (value === undefined || value === null || value === 'always') return null;
  const range = hourRange(value, 'schedule');
  const days = isObject(value) ? value.days : undefined;
  if (
    !Array.isArray(days) ||
    days.length === 0 ||
    !days.every((d) => Number.isInteger(d) && Number(d) >= 0 && Number(d) <= 6)
  )
    throw bad('schedule.days must list days 0 (Sunday) to 6 (Saturday)');
  return { ...range, days: [...new Set(days.map(Number))].sort() };
}

function idle(value: unknown): IdleMinutes {
  if (value === undefined) return 0;
  const found = IDLE_MINUTES.find((m) => m === value);
  if (found === undefined) throw bad(`idleMinutes must be one of ${IDLE_MINUTES.join(', ')}`);
  return found;
}

/** Validates preferences sent by a client; missing parts take the defaults. */
export function parsePreferences(value: unknown): PushPreferences {
  if (!isObject(value)) throw bad('expected a JSON object');
  for (const key of Object.keys(value)) {
    if (!['kinds', 'schedule', 'quiet', 'idleMinutes'].includes(key))
      throw bad(`unknown setting "${key}"`);
  }
  return {
    kinds: kinds(value.kinds),
    schedule: schedule(value.schedule),
    quiet:
      value.quiet === undefined || value.quiet === null ? null : hourRange(value.quiet, 'quiet'),
    idleMinutes: idle(value.idleMinutes),
  };
}

export class PushPreferencesRepository {
  constructor(private readonly knex: Knex) {}

  async get(userId: number): Promise<PushPreferences> {
    const row = await this.knex('push_preferences')
      .where({ user_id: userId })
      .first<{ preferences: string } | undefined>('preferences');
    if (!row) return DEFAULT_PREFERENCES;
    try {
      return parsePreferences(JSON.parse(row.preferences));
    } catch {
      return DEFAULT_PREFERENCES;
    }
  }

  async set(userId: number, preferences: PushPreferences): Promise<void> {
    await this.knex('push_preferences')
      .insert({ user_id: userId, preferences: JSON.stringify(preferences), updated_at: nowUtc() })
      .onConflict('user_id')
      .merge();
  }
}
