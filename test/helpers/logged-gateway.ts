// A test gateway whose log lines at warn and above are kept in memory, for tests that check
// what the gateway warns about (pino writes one JSON object per line).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../gateway/config.js';
import { createLogger } from '../../gateway/logger.js';
import { startGateway } from '../../gateway/server.js';
import { ADMIN_ACCESS_KEY, ADMIN_PASSWORD, type TestGateway } from './gateway.js';

export interface LoggedGateway extends TestGateway {
  /** Parsed log lines, oldest first. */
  readonly lines: Record<string, unknown>[];
}

export async function startLoggedGateway(env: Record<string, string> = {}): Promise<LoggedGateway> {
  const dir = mkdtempSync(path.join(tmpdir(), 'gw-log-'));
  const config = loadConfig({
    GATEWAY_PORT: '0',
    GATEWAY_DATA_DIR: dir,
    GATEWAY_LOG_LEVEL: 'warn',
    GATEWAY_ADMIN_PASSWORD: ADMIN_PASSWORD,
    GATEWAY_ADMIN_ACCESS_KEY: ADMIN_ACCESS_KEY,
    GATEWAY_LOGIN_MAX_FAILURES: '200',
    ...env,
  });
  const lines: Record<string, unknown>[] = [];
  const destination = {
    write(line: string): void {
      lines.push(JSON.parse(line) as Record<string, unknown>);
    },
  };
  const gateway = await startGateway(config, createLogger(config.logLevel, destination), {});
  return {
    ...gateway,
    lines,
    dataDir: dir,
    dispose: async () => {
      await gateway.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
