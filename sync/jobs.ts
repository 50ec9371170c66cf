// The durable job of each bridge, shown in the jobs panel: `<system>.sync` runs the bridge's
// scheduled pass each minute (sync/runner.ts: due links in a bounded pool). CRM changes reach the
// remote at once without hooks in the store: a light watcher compares the change log's end with
// the links' positions every second and asks the job to run now when a link is behind (or a pull
// was asked for by a listing). A failing link is recorded on the link, so the job itself only
// fails when the store does; the link's own backoff spaces its retries.
import type { JobWorker } from '../store/jobs/worker.js';
import type { Store } from '../store/store.js';
import { syncJobName, type SyncBridge } from './registry.js';

export interface BridgeJobs {
  /** Stops the watcher (the worker stops the job itself). */
  stop(): void;
}

export async function registerBridgeJobs(
  worker: JobWorker,
  store: Store,
  bridge: SyncBridge,
  watchMs = 1000,
): Promise<BridgeJobs> {
  const name = syncJobName(bridge.system);
  await worker.register(
    { name, description: bridge.description, schedule: { kind: 'interval', seconds: 60 } },
    async ({ signal }) => {
      await bridge.runDue(signal);
    },
  );
  let busy = false;
  let stopped = false;
  const timer = setInterval(() => {
    if (busy || stopped) return;
    busy = true;
    void (async () => {
      try {
        if (!worker.runningJobs.includes(name) && (await bridge.pending())) {
          const job = await store.jobs.get(name);
          if (job && !job.runRequested && job.status !== 'running') await store.jobs.runNow(name);
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
