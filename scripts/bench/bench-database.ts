// Where a benchmark's gateway keeps its store: a fresh SQLite data directory, or with
// `--database postgres` a fresh database on the test PostgreSQL cluster that
// scripts/test-peers.sh starts (127.0.0.1:55432), dropped afterwards.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freshPgDatabase } from '../../test/helpers/pg-database.js';

export type BenchDatabaseKind = 'sqlite' | 'postgres';

export interface BenchDatabase {
  readonly kind: BenchDatabaseKind;
  /** GATEWAY_* variables for loadConfig: the data directory and, on PostgreSQL, the URL. */
  readonly env: Readonly<Record<string, string>>;
  drop(): Promise<void>;
}

export function databaseKind(raw: string | undefined): BenchDatabaseKind {
  if (raw === undefined || raw === 'sqlite') return 'sqlite';
  if (raw === 'postgres' || raw === 'pg') return 'postgres';
  throw new Error(`--database must be sqlite or postgres, not ${raw}`);
}

export async function benchDatabase(kind: BenchDatabaseKind, name: string): Promise<BenchDatabase> {
  const dir = mkdtempSync(path.join(tmpdir(), `gw-bench-${name}-`));
  const removeDir = (): void => rmSync(dir, { recursive: true, force: true });
  if (kind === 'sqlite') {
    return { kind, env: { GATEWAY_DATA_DIR: dir }, drop: () => Promise.resolve(removeDir()) };
  }
  const pg = await freshPgDatabase();
  if (!pg) {
    removeDir();
    throw new Error('no test PostgreSQL: run `bash scripts/test-peers.sh` first');
  }
  return {
    kind,
    env: {
      GATEWAY_DATA_DIR: dir,
      GATEWAY_DATABASE_URL: pg.url,
      GATEWAY_SECRET_KEY: randomBytes(32).toString('hex'),
    },
    drop: async () => {
      await pg.drop();
      removeDir();
    },
  };
}
