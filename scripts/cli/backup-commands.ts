import path from 'node:path';
import { SQLITE_FILE_NAME } from '../../gateway/database-options.js';
import { runningGatewayPid } from '../../gateway/pid-file.js';
import { backupSqlite, restoreSqlite } from '../../store/backup.js';
import { openDatabase } from '../../store/db.js';
import { GatewayError } from '../../store/errors.js';
import { migrate } from '../../store/migrate.js';
import { flags, str } from './args.js';
import type { Command } from './commands.js';
import { withStore } from './with-store.js';

export const BACKUP_COMMANDS: readonly Command[] = [
  {
    noun: 'backup',
    verb: null,
    usage:
      'backup --to FILE   (consistent copy of the SQLite database, also while the gateway runs)',
    run: async (args, { config }) => {
      const f = flags(args, { to: { type: 'string' } }, ['to']);
      return withStore(config, async (store) => backupSqlite(store.db, str(f, 'to') as string));
    },
  },
  {
    noun: 'restore',
    verb: null,
    usage: 'restore --from FILE   (replaces the SQLite database; stop the gateway first)',
    run: async (args, { config }) => {
      const f = flags(args, { from: { type: 'string' } }, ['from']);
      if (config.databaseUrl)
        throw new GatewayError(
          'unsupported',
          'restore replaces the embedded SQLite database; for PostgreSQL use pg_restore',
        );
      const pid = runningGatewayPid(config.dataDir);
      if (pid !== null)
        throw new GatewayError(
          'conflict',
          `a gateway (pid ${pid}) is running on ${config.dataDir}; stop it before restoring`,
        );
      const file = path.join(config.dataDir, SQLITE_FILE_NAME);
      await restoreSqlite(str(f, 'from') as string, file);
      // A backup from an older version is brought to the current schema right away.
      const db = openDatabase({ kind: 'sqlite', file, busyTimeoutMs: config.sqliteBusyTimeoutMs });
      try {
        const applied = await migrate(db.knex, db.file);
        return {
          restored: file,
          from: path.resolve(str(f, 'from') as string),
          migrationsApplied: applied,
        };
      } finally {
        await db.close();
      }
    },
  },
];
