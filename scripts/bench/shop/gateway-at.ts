// A bench gateway at a data directory (scripts/bench/shop-push.ts): loopback, quiet, the same
// admin access key on both sides so the CRM logs in to the shop's /1c_exchange.php with it.
import { benchConfig } from '../bench-config.js';
import { createLogger } from '../../../gateway/logger.js';
import { startGateway, type RunningGateway } from '../../../gateway/server.js';

export const BENCH_KEY = 'benchAccessKey0123456';

export function gatewayAt(dir: string): Promise<RunningGateway> {
  const config = benchConfig(dir, {
    GATEWAY_ADMIN_ACCESS_KEY: BENCH_KEY,
    GATEWAY_BASE_CURRENCY: 'RUB',
    GATEWAY_JOBS_POLL_MS: '50',
  });
  return startGateway(config, createLogger(config.logLevel));
}
