// Composition root for `npm start` and the Docker image: read the configuration (one clear
// line and exit 1 when it is invalid), start the gateway, print generated admin credentials
// once, and stop gracefully on SIGTERM/SIGINT.
import { ConfigError, loadConfig } from './config.js';
import { createLogger } from './logger.js';
import { startGateway } from './server.js';

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
  const gateway = await startGateway(config, logger);
  const { generated, created, userName } = gateway.bootstrap;
  if (created && (generated.password || generated.accessKey)) {
    // Printed once, on stdout and not in the structured log, so it is not shipped to log stores.
    process.stdout.write(
      `\nAdministrator created: user ${userName}` +
        (generated.password ? `, password ${generated.password}` : '') +
        (generated.accessKey ? `, access key ${generated.accessKey}` : '') +
        '\nStore these now: they are not shown again.\n\n',
    );
  }
  let signalled = false;
  const shutdown = (signal: string): void => {
    if (signalled) return;
    signalled = true;
    logger.info({ signal }, 'shutting down');
    gateway.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

main().catch((err: unknown) => {
  process.stderr.write(`gateway: failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
