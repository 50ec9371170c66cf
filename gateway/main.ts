// Composition root for `npm start` and the Docker image: read the configuration (one clear
// line and exit 1 when it is invalid), start the gateway, print generated admin credentials
// once, and stop gracefully on SIGTERM/SIGINT.
import { ConfigError, loadConfig } from './config.js';
import { createLogger } from './logger.js';
import type { BootstrapResult } from './bootstrap-admin.js';
import { startGateway, type RunningGateway } from './server.js';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`gateway: invalid configuration: ${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
  const logger = createLogger(config.logLevel);
  // Signals are handled from the first moment: one that arrives while the gateway is still
  // starting stops it as soon as it is up.
  let gateway: RunningGateway | null = null;
  let signalled: string | null = null;
  const stop = (running: RunningGateway): void => {
    running.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  const onSignal = (signal: string): void => {
    if (signalled) return;
    signalled = signal;
    logger.info({ signal }, 'shutting down');
    if (gateway) stop(gateway);
  };
  process.on('SIGTERM', () => onSignal('SIGTERM'));
  process.on('SIGINT', () => onSignal('SIGINT'));
  gateway = await startGateway(config, logger);
  printGeneratedCredentials(gateway.bootstrap);
  if (signalled) stop(gateway);
}

function printGeneratedCredentials({ generated, created, userName }: BootstrapResult): void {
  if (!created || (!generated.password && !generated.accessKey)) return;
  // Printed once, on stdout and not in the structured log, so it is not shipped to log stores.
  process.stdout.write(
    `\nAdministrator created: user ${userName}` +
      (generated.password ? `, password ${generated.password}` : '') +
      (generated.accessKey ? `, access key ${generated.accessKey}` : '') +
      '\nStore these now: they are not shown again.\n\n',
  );
}

main().catch((err: unknown) => {
  process.stderr.write(
    `gateway: failed to start: ${err instanceof Error ? err.message : String(err)}\n`,
  );
  process.exit(1);
});
