// Wiring of the webforms edge for the composition root (gateway/server.ts) and the command
// line: the service with its secrets and limits from the configuration, and its two jobs.
import { nowUtc } from '../../store/db.js';
import type { JobWorker } from '../../store/jobs/worker.js';
import type { Store } from '../../store/store.js';
import { loadOrCreateSecret } from '../../store/webforms/secret.js';
import type { GatewayConfig } from '../config.js';
import { WebformService } from './service.js';
import { deriveSecrets } from './tokens.js';

/** Done submissions stay listed in the console this long. */
const KEEP_DONE_DAYS = 180;

/**
 * The webform service with its secrets and limits. The composition root makes one and hands it to
 * the intake, the console and the jobs, so they share one form cache.
 */
export async function createWebformService(
  config: GatewayConfig,
  store: Store,
): Promise<WebformService> {
  const master = config.webformsSecret ?? (await loadOrCreateSecret(store.db.knex));
  return new WebformService(store, {
    secrets: deriveSecrets(master),
    captchaCost: config.webformsCaptchaCost,
    maxFileBytes: config.webformsMaxFileBytes,
    maxFiles: config.webformsMaxFiles,
    maxFieldBytes: config.webformsMaxFieldBytes,
    fileTypes: config.webformsFileTypes,
    defaults: {
      dailyCap: config.webformsDailyCap,
      ipLimit: config.webformsIpLimit,
      formLimit: config.webformsFormLimit,
    },
  });
}

/** The public base URL of intake links: configured, else what the request (or the listener) says. */
export function webformsBaseUrl(config: GatewayConfig, fallback: string): string {
  return config.webformsBaseUrl ?? fallback.replace(/\/+$/, '');
}

export async function registerWebformJobs(
  worker: JobWorker,
  service: WebformService,
): Promise<void> {
  await worker.register(
    {
      name: 'webforms.inbox',
      description: 'Create the records of webform submissions that failed or were left pending',
      schedule: { kind: 'interval', seconds: 60 },
    },
    async ({ signal }) => {
      await service.processor.retry(signal);
    },
  );
  await worker.register(
    {
      name: 'webforms.cleanup',
      description:
        'Forget used captcha challenges, old rate counters and old processed submissions',
      schedule: { kind: 'interval', seconds: 3600 },
    },
    async () => {
      await service.limits.purge();
      await service.purgeReplay();
      await service.inbox.purgeDone(nowUtc(new Date(Date.now() - KEEP_DONE_DAYS * 86_400_000)));
    },
  );
}
