// Housekeeping the gateway schedules for itself: expired console sessions and stale login
// failure counters are removed so the tables stay small.
import type { ConsoleSessionRepository } from '../store/console-sessions.js';
import type { JobWorker } from '../store/jobs/worker.js';

export async function registerMaintenance(
  worker: JobWorker,
  sessions: ConsoleSessionRepository,
): Promise<void> {
  await worker.register(
    {
      name: 'maintenance.sessions',
      description: 'Remove expired console sessions and old login-failure counters',
      schedule: { kind: 'interval', seconds: 3600 },
    },
    async () => {
      await sessions.purgeExpired();
    },
  );
}
