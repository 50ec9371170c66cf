// The durable jobs of feeds (docs/architecture.md "Data flow": outbound sync → job): 'feeds.fetch'
// takes the due feeds every minute; 'feeds.prune' applies retention daily. A failing feed is
// recorded on the feed, not on the job, so the job only fails when the store does.
import type { JobWorker } from '../../store/jobs/worker.js';
import type { FeedService, FetchSummary } from './feed-service.js';

export const FEED_FETCH_JOB = 'feeds.fetch';
export const FEED_PRUNE_JOB = 'feeds.prune';

export async function registerFeedJobs(
  worker: JobWorker,
  service: FeedService,
  onRun?: (summary: FetchSummary) => void,
): Promise<void> {
  await worker.register(
    {
      name: FEED_FETCH_JOB,
      description: 'Fetch the RSS/Atom feeds that are due (conditional GET, backoff per feed)',
      schedule: { kind: 'interval', seconds: 60 },
    },
    async ({ signal }) => {
      const summary = await service.fetchDue(signal);
      onRun?.(summary);
    },
  );
  await worker.register(
    {
      name: FEED_PRUNE_JOB,
      description: 'Remove feed articles older than the retention period (starred ones are kept)',
      schedule: { kind: 'interval', seconds: 86_400 },
    },
    async () => {
      await service.prune();
    },
  );
}
