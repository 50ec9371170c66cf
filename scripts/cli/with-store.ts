import { accessKeyBox } from '../../gateway/access-key-box.js';
import { databaseOptions } from '../../gateway/database-options.js';
import type { GatewayConfig } from '../../gateway/config.js';
import { openStore, type Store } from '../../store/store.js';

/**
 * Opens the same store the server uses, runs `fn`, closes it. SQLite is migrated if needed;
 * PostgreSQL only checked, unless GATEWAY_RUN_MIGRATIONS=true (store/schema-version.ts).
 */
export async function withStore<T>(
  config: GatewayConfig,
  fn: (store: Store) => Promise<T>,
): Promise<T> {
  const store = await openStore(databaseOptions(config), accessKeyBox(config));
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}
