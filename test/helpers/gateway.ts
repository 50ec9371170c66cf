// Boots the real gateway in-process on port 0 over a fresh SQLite data directory.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../gateway/config.js';
import { adminActor } from '../../gateway/currencies/cli-actor.js';
import { setCurrency } from '../../gateway/currencies/currencies.js';
import { createLogger } from '../../gateway/logger.js';
import { startGateway, type RunningGateway, type StartOptions } from '../../gateway/server.js';

export const ADMIN_PASSWORD = 'admin-password-1';
export const ADMIN_ACCESS_KEY = 'adminAccessKey0123';

export interface TestGateway extends RunningGateway {
  readonly dataDir: string;
  dispose(): Promise<void>;
}

export async function startTestGateway(
  env: Record<string, string> = {},
  options: StartOptions = {},
  dataDir?: string,
): Promise<TestGateway> {
  const dir = dataDir ?? mkdtempSync(path.join(tmpdir(), 'gw-app-'));
  const config = loadConfig({
    GATEWAY_PORT: '0',
    GATEWAY_DATA_DIR: dir,
    GATEWAY_LOG_LEVEL: 'silent',
    GATEWAY_ADMIN_PASSWORD: ADMIN_PASSWORD,
    GATEWAY_ADMIN_ACCESS_KEY: ADMIN_ACCESS_KEY,
    GATEWAY_JOBS_POLL_MS: '50',
    GATEWAY_OUTBOUND_ALLOW_HOSTS: '127.0.0.1,localhost',
    ...env,
  });
  const gateway = await startGateway(config, createLogger(config.logLevel), options);
  return {
    ...gateway,
    dataDir: dir,
    dispose: async () => {
      await gateway.stop();
      if (!dataDir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * A gateway whose base currency is the rouble, as a CRM exchanging with 1C is set up
 * (gateway/commerceml/README.md: a file's currency must be active in the CRM).
 */
export async function startOneCGateway(
  env: Record<string, string> = {},
  options: StartOptions = {},
  dataDir?: string,
): Promise<TestGateway> {
  return startTestGateway({ GATEWAY_BASE_CURRENCY: 'RUB', ...env }, options, dataDir);
}

/** Makes a currency active besides the base, as an admin does before a 1C file that uses it. */
export async function activateCurrency(gw: TestGateway, code: string, rate: string): Promise<void> {
  await setCurrency(gw.store, await adminActor(gw.store), { code, rate, active: true });
}
