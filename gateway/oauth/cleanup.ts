// Housekeeping of the authorization server: answered or abandoned authorization requests, old
// codes, seen assertion ids past their expiry, idle rate-limit counters, and tokens dead for a
// week (recent expired ones stay so the console can count them).
import type { JobWorker } from '../../store/jobs/worker.js';
import type { OAuthStore } from '../../store/oauth/oauth-store.js';

const WEEK_MS = 7 * 86_400_000;

export async function registerOAuthCleanup(worker: JobWorker, oauth: OAuthStore): Promise<void> {
  await worker.register(
    {
      name: 'maintenance.oauth',
      description:
        'Remove expired OAuth2 requests, codes, assertion ids, rate counters and week-old dead tokens',
      schedule: { kind: 'interval', seconds: 3600 },
    },
    async () => {
      await oauth.codes.purgeExpired();
      await oauth.guards.purgeExpired(60_000);
      await oauth.tokens.purgeDead(WEEK_MS);
    },
  );
}
