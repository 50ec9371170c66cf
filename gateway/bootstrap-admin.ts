// First start: create the administrator from GATEWAY_ADMIN_* or, where unset, with generated
// credentials that are printed once. Later starts leave existing users alone.
import { randomSecret } from '../store/passwords.js';
import type { Store } from '../store/store.js';
import type { GatewayConfig } from './config.js';

export interface BootstrapResult {
  readonly created: boolean;
  readonly userName: string;
  /** Only what was generated, to be shown once. */
  readonly generated: { password?: string; accessKey?: string };
}

export async function bootstrapAdmin(
  store: Store,
  config: GatewayConfig,
): Promise<BootstrapResult> {
  if ((await store.users.count()) > 0)
    return { created: false, userName: config.adminUser, generated: {} };
  const password = config.adminPassword ?? randomSecret(15);
  const accessKey = config.adminAccessKey ?? randomSecret();
  try {
    await store.users.create({
      userName: config.adminUser,
      password,
      accessKey,
      isAdmin: true,
      lastName: 'Administrator',
    });
  } catch (err) {
    // Another replica created it at the same moment: that one is the admin.
    if ((await store.users.findByUserName(config.adminUser)) === null) throw err;
    return { created: false, userName: config.adminUser, generated: {} };
  }
  return {
    created: true,
    userName: config.adminUser,
    generated: {
      ...(config.adminPassword ? {} : { password }),
      ...(config.adminAccessKey ? {} : { accessKey }),
    },
  };
}
