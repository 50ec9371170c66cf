// The `hooks.deliver` job of the cron panel (gateway/hooks/README.md §3): one run keeps the
// change log → outbox → targets loop going for up to a minute, holding the job's lease so one
// process delivers at a time, and the next run follows a second later.
import type { JobWorker } from '../../store/jobs/worker.js';
import type { HookService } from './service.js';

export const HOOKS_JOB = 'hooks.deliver';
const RUN_MS = 55_000;

export async function registerHooksJob(worker: JobWorker, hooks: HookService): Promise<void> {
  await worker.register(
    {
      name: HOOKS_JOB,
      description: 'Deliver REST hooks: change log → outbox → subscribers (Standard Webhooks)',
      schedule: { kind: 'interval', seconds: 1 },
    },
    (ctx) => hooks.run(ctx.signal, RUN_MS),
  );
}
