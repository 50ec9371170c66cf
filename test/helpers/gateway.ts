// Boots the real gateway in-process on port 0 over a fresh SQLite data directory.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../gateway/config.js';
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
