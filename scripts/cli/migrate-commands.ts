import { databaseOptions } from '../../gateway/database-options.js';
import { openDatabase } from '../../store/db.js';
import { migrate } from '../../store/migrate.js';
import { flags } from './args.js';
import type { Command } from './commands.js';

export const MIGRATE_COMMANDS: readonly Command[] = [
  {
    noun: 'migrate',
    verb: null,
    usage:
      'migrate   (brings the database to the current schema; a start does it on SQLite, on PostgreSQL only with GATEWAY_RUN_MIGRATIONS=true)',
    run: async (args, { config }) => {
      flags(args, {});
      const db = openDatabase(databaseOptions(config));
      try {
        return { database: db.kind, migrationsApplied: await migrate(db.knex, db.file) };
      } finally {
        await db.close();
      }
    },
  },
];
