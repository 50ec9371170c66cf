// The configuration every benchmark gateway starts from: loopback on a free port, quiet logs and
// a fixed admin password (README.md "Benchmarks"); each benchmark adds its own settings.
import { loadConfig, type GatewayConfig } from '../../gateway/config.js';

/** A bench gateway's configuration at data directory `dir`, with `extra` settings on top. */
export function benchConfig(
  dir: string,
  extra: Readonly<Record<string, string>> = {},
): GatewayConfig {
  return loadConfig({
    GATEWAY_PORT: '0',
    GATEWAY_HOST: '127.0.0.1',
    GATEWAY_DATA_DIR: dir,
    GATEWAY_LOG_LEVEL: 'silent',
    GATEWAY_ADMIN_PASSWORD: 'bench-password-1',
    ...extra,
  });
}
