// Housekeeping the gateway schedules for itself: expired console sessions, stale login
// failure counters and addresses no longer recent for the lockout (store/login-addresses.ts) are
// removed so the tables stay small.
import type { ConsoleSessionRepository } from '../store/console-sessions.js';
import type { JobWorker } from '../store/jobs/worker.js';
import type { LoginAddresses } from '../store/login-addresses.js';

export async function registerMaintenance(
  worker: JobWorker,
  sessions: ConsoleSessionRepository,
  addresses: { readonly store: LoginAddresses; readonly keepMs: number },
): Promise<void> {
  await worker.register(
    {
      name: 'maintenance.sessions',
      description: 'Remove expired console sessions and old login-failure counters',
      schedule: { kind: 'interval', seconds: 3600 },
    },
    async () => {
      await sessions.purgeExpired();
      await addresses.store.purgeOlderThan(addresses.keepMs);
    },
  );
}
