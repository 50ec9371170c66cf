// The store as one object: the database and every repository over it. The composition root
// (gateway/main.ts), the command line and tests open it the same way.
import { ChangeLog } from './change-log.js';
import { openDatabase, type Database, type DatabaseOptions } from './db.js';
import { ExchangeLog } from './exchange-log.js';
import { JobRepository } from './jobs/job-repository.js';
import { migrate } from './migrate.js';
import { checkSchema } from './schema-version.js';
import { PicklistRepository } from './records/picklists.js';
import { RecordRepository } from './records/record-repository.js';
import { RecycleBin } from './recycle-bin.js';
import type { SecretBox } from './secrets.js';
import { RoleRepository } from './roles/role-repository.js';
import { SettingsRepository } from './settings.js';
import { SyncLinkRepository } from './sync-links.js';
import { GroupRepository } from './users/group-repository.js';
import { UserRepository } from './users/user-repository.js';
import { SharingRepository } from './visibility.js';

export interface Store {
  readonly db: Database;
  readonly users: UserRepository;
  readonly groups: GroupRepository;
  readonly roles: RoleRepository;
  readonly sharing: SharingRepository;
  readonly picklists: PicklistRepository;
  readonly records: RecordRepository;
  readonly recycleBin: RecycleBin;
  readonly changeLog: ChangeLog;
  readonly syncLinks: SyncLinkRepository;
  readonly exchangeLog: ExchangeLog;
  readonly settings: SettingsRepository;
  readonly jobs: JobRepository;
  close(): Promise<void>;
}

/** `accessKeys` seals users' access keys at rest (store/users/access-keys.ts). */
export function createStore(db: Database, accessKeys: SecretBox | null = null): Store {
  const { knex } = db;
  const sharing = new SharingRepository(knex);
  const picklists = new PicklistRepository(knex);
  const records = new RecordRepository(knex, sharing, picklists);
  const syncLinks = new SyncLinkRepository(knex);
  return {
    db,
    users: new UserRepository(knex, accessKeys),
    groups: new GroupRepository(knex),
    roles: new RoleRepository(knex),
    sharing,
    picklists,
    records,
    recycleBin: new RecycleBin(knex, records, syncLinks),
    changeLog: new ChangeLog(knex),
    syncLinks,
    exchangeLog: new ExchangeLog(knex),
    settings: new SettingsRepository(knex),
    jobs: new JobRepository(knex),
    close: () => db.close(),
  };
}

/**
 * Opens the database and returns the store. SQLite is brought up to date (one process owns the
 * file); PostgreSQL only when `runMigrations` asks, and otherwise must already have exactly this
 * code's schema (store/schema-version.ts).
 */
export async function openStore(
  options: DatabaseOptions,
  accessKeys: SecretBox | null = null,
): Promise<Store> {
  const db = openDatabase(options);
  try {
    if (options.kind === 'pg' && options.runMigrations !== true) await checkSchema(db.knex);
    else await migrate(db.knex, db.file);
  } catch (err) {
    await db.close();
    throw err;
  }
  return createStore(db, accessKeys);
}
