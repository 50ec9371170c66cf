// What the CommerceML edge needs, built once in server.ts from the config and the store.
import path from 'node:path';
import { CmlExchangeRepository } from '../../store/commerceml/exchange-repository.js';
import { CmlWorkFiles } from '../../store/commerceml/work-files.js';
import type { Store } from '../../store/store.js';
import type { Authenticator } from '../auth/authenticator.js';
import type { GatewayConfig } from '../config.js';
import type { UnzipLimits } from './unzip.js';
import { WorkFolder } from './work-folder.js';

export interface CmlDeps {
  readonly store: Store;
  readonly exchange: CmlExchangeRepository;
  /** Per-session work folders live under it (gateway/commerceml/README.md §1.3). */
  readonly workRoot: string;
  /** The session files: the local folder, or shared through PostgreSQL by every replica. */
  readonly folder: WorkFolder;
  /** Advertised in init's file_limit; a larger POST part is refused (§1.3). */
  readonly fileLimit: number;
  /** All files of one session together, archives unpacked included. */
  readonly folderCap: number;
  readonly unzip: UnzipLimits;
  readonly cookieName: string;
  /** The sync-link connection name of this exchange. */
  readonly connection: string;
  /** The access-key check and lockout every entry point shares. */
  readonly authenticator: Authenticator;
  /** Work folders of sessions idle longer than this are removed (bounded disk). */
  readonly workMaxAgeMs: number;
  /** How long one mode=import call waits before answering `progress` (GATEWAY_CML_IMPORT_WAIT_MS). */
  readonly importWaitMs: number;
}

export function createCmlDeps(
  config: GatewayConfig,
  store: Store,
  authenticator: Authenticator,
): CmlDeps {
  const workRoot = path.join(config.dataDir, 'commerceml');
  return {
    store,
    exchange: new CmlExchangeRepository(store.db.knex, {
      idleMs: config.cmlSessionIdleMinutes * 60_000,
      absoluteMs: config.cmlSessionHours * 3_600_000,
    }),
    workRoot,
    // Replicas share PostgreSQL but not their data directories (README.md "Several replicas").
    folder: new WorkFolder(
      workRoot,
      store.db.kind === 'pg' ? new CmlWorkFiles(store.db.knex) : null,
    ),
    fileLimit: config.cmlFileLimitBytes,
    folderCap: config.cmlFolderCapBytes,
    unzip: { maxTotalBytes: config.cmlFolderCapBytes, maxEntries: 10_000, maxRatio: 200 },
    cookieName: 'GW1CSESSID',
    connection: 'default',
    authenticator,
    workMaxAgeMs: 24 * 3_600_000,
    importWaitMs: config.cmlImportWaitMs,
  };
}
