// The durable job of the bridge (docs/architecture.md "Data flow": outbound sync → job), shown in
// the jobs panel: 'caldav-bridge.sync' passes over every due link each minute. CRM changes reach
// the remote "at once" without hooks in the store: a light watcher compares the change log's end
// with the links' positions every second and asks the job to run now when a link is behind (or a
// pull was asked for by listing activities). A failing link is recorded on the link, so the job
// itself only fails when the store does; the link's own backoff spaces its retries.
import type { JobWorker } from '../../store/jobs/worker.js';
import type { Store } from '../../store/store.js';
import { onActivitiesListed } from './listing-hook.js';
import type { CaldavBridge } from './service.js';

export const CALDAV_SYNC_JOB = 'caldav-bridge.sync';

export interface BridgeJobs {
  /** Stops the watcher (the worker stops the job itself). */
  stop(): void;
}

export async function registerCaldavBridgeJobs(
  worker: JobWorker,
  store: Store,
  bridge: CaldavBridge,
  watchMs = 1000,
): Promise<BridgeJobs> {
  await worker.register(
    {
      name: CALDAV_SYNC_JOB,
      description:
        'CalDAV bridge: push CRM activity changes and pull remote calendar changes of every linked user',
      schedule: { kind: 'interval', seconds: 60 },
    },
    async ({ signal }) => {
      await bridge.runDue(signal);
    },
  );
  onActivitiesListed(store, async (userId) => {
    if (await bridge.activitiesListed(userId)) await store.jobs.runNow(CALDAV_SYNC_JOB);
  });
  let busy = false;
  let stopped = false;
  const timer = setInterval(() => {
    if (busy || stopped) return;
    busy = true;
    void (async () => {
      try {
        if (!worker.runningJobs.includes(CALDAV_SYNC_JOB) && (await bridge.pending())) {
          const job = await store.jobs.get(CALDAV_SYNC_JOB);
          if (job && !job.runRequested && job.status !== 'running')
            await store.jobs.runNow(CALDAV_SYNC_JOB);
        }
      } catch {
        // The store is closing or busy; the next tick or the regular schedule catches up.
      } finally {
        busy = false;
      }
    })();
  }, watchMs);
  timer.unref();
  return {
    stop: () => {
      stopped = true;
      clearInterval(timer);
    },
  };
}
