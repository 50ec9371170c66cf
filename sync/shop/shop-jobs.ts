// Two jobs per shop connection in the jobs panel (sync/shop/README.md §6): `shop.<id>.push`
// (catalog push, a delta after the first full one) and `shop.<id>.orders` (order exchange), on
// the schedules stored on the connection (store/shops/schedule.ts). Each run writes the exchange
// history as `shop push`/`shop orders` do, since it calls the same functions. A disabled or
// deleted connection is looked up at every run and skipped, so switching a shop off takes
// effect without touching its jobs; a failed run fails the job, which then shows the shop's words.
// Deleting a connection removes its jobs at once; editing its schedules reschedules them.
import type { JobSchedule } from '../../store/jobs/job-repository.js';
import type { JobWorker } from '../../store/jobs/worker.js';
import {
  DEFAULT_ORDERS_SCHEDULE,
  DEFAULT_PUSH_SCHEDULE,
  shopSchedule,
} from '../../store/shops/schedule.js';
import type { ShopConnection } from '../../store/shops/types.js';
import type { Store } from '../../store/store.js';
import { pushCatalog, type ShopRunDeps } from './catalog-push.js';
import { exchangeOrders } from './order-exchange.js';

export const shopPushJob = (id: number): string => `shop.${id}.push`;
export const shopOrdersJob = (id: number): string => `shop.${id}.orders`;

/** What a run did: skipped when the connection is off or gone. */
export type ShopJobRun = 'pushed' | 'exchanged' | 'skipped';

export interface ShopJobOptions {
  readonly onRun?: (id: number, run: ShopJobRun) => void;
}

/** Declares the two jobs of one connection (once per process; later calls are no-ops). */
export async function registerShopConnectionJobs(
  worker: JobWorker,
  deps: ShopRunDeps,
  store: Store,
  conn: ShopConnection,
  options: ShopJobOptions = {},
): Promise<void> {
  const id = conn.id;
  const live = async (): Promise<boolean> => {
    const current = await deps.connections.get(id);
    const on = current !== null && current.active;
    if (!on) options.onRun?.(id, 'skipped');
    return on;
  };
  if (!worker.hasHandler(shopPushJob(id)))
    await worker.register(
      {
        name: shopPushJob(id),
        description: `Web shop ${conn.name}: catalog push`,
        schedule: shopSchedule(conn.pushSchedule, DEFAULT_PUSH_SCHEDULE),
      },
      async () => {
        if (!(await live())) return;
        await pushCatalog(deps, id);
        options.onRun?.(id, 'pushed');
      },
    );
  if (!worker.hasHandler(shopOrdersJob(id)))
    await worker.register(
      {
        name: shopOrdersJob(id),
        description: `Web shop ${conn.name}: order exchange`,
        schedule: shopSchedule(conn.ordersSchedule, DEFAULT_ORDERS_SCHEDULE),
      },
      async () => {
        if (!(await live())) return;
        await exchangeOrders(deps, store, id);
        options.onRun?.(id, 'exchanged');
      },
    );
}

/**
 * A deleted connection's two jobs leave the panel at once (not only at the next start), and this
 * process drops their handlers, so a connection created later under the same id declares its own.
 */
export async function removeShopConnectionJobs(
  store: Store,
  id: number,
  worker?: JobWorker,
): Promise<void> {
  for (const name of [shopPushJob(id), shopOrdersJob(id)]) {
    await store.jobs.remove(name);
    worker?.unregister(name);
  }
}

/** The connection's schedules, edited in the console or the command line, applied to its jobs. */
export async function rescheduleShopJobs(store: Store, conn: ShopConnection): Promise<void> {
  const jobs: [string, JobSchedule][] = [
    [shopPushJob(conn.id), shopSchedule(conn.pushSchedule, DEFAULT_PUSH_SCHEDULE)],
    [shopOrdersJob(conn.id), shopSchedule(conn.ordersSchedule, DEFAULT_ORDERS_SCHEDULE)],
  ];
  for (const [name, schedule] of jobs)
    if (await store.jobs.get(name)) await store.jobs.setSchedule(name, schedule);
}

/** The jobs of every stored connection, at start. */
export async function registerShopJobs(
  worker: JobWorker,
  deps: ShopRunDeps,
  store: Store,
  options: ShopJobOptions = {},
): Promise<void> {
  for (const conn of await deps.connections.list())
    await registerShopConnectionJobs(worker, deps, store, conn, options);
}
