import path from 'node:path';
import type { DatabaseOptions } from '../store/db.js';
import type { GatewayConfig } from './config.js';

export const SQLITE_FILE_NAME = 'gateway.sqlite';

export function databaseOptions(config: GatewayConfig): DatabaseOptions {
  if (config.databaseUrl)
    return { kind: 'pg', url: config.databaseUrl, runMigrations: config.runMigrations };
  return {
    kind: 'sqlite',
    file: path.join(config.dataDir, SQLITE_FILE_NAME),
    busyTimeoutMs: config.sqliteBusyTimeoutMs,
  };
}
