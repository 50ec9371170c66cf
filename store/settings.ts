// Small typed settings kept in the database (console-configured options of later features),
// stored as JSON under a dotted key.
import type { Knex } from 'knex';
import { nowUtc } from './db.js';

export class SettingsRepository {
  constructor(private readonly knex: Knex) {}

  async get<T>(key: string, fallback: T): Promise<T> {
    const row = await this.knex('settings').where({ key }).first<{ value: string } | undefined>();
    if (!row) return fallback;
    try {
      return JSON.parse(row.value) as T;
    } catch {
      return fallback;
    }
  }

  async set(key: string, value: unknown): Promise<void> {
    await this.knex('settings')
      .insert({ key, value: JSON.stringify(value), updated_at: nowUtc() })
      .onConflict('key')
      .merge();
  }
}
