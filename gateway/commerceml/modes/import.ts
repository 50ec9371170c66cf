// mode=import (gateway/commerceml/README.md §1.4 step 2, §6.4): the first call queues a durable
// run, every call reports on it — progress\n<percent> while it works (1C repeats the same request),
// success when done, failure\n<reason> when it failed. A call waits briefly so small files finish
// in one call.
import type { CmlSession, ImportRun } from '../../../store/commerceml/exchange-repository.js';
import { GatewayError } from '../../errors.js';
import type { CmlDeps } from '../deps.js';
import { IMPORT_JOB } from '../import-job.js';
import { safeRelative } from '../work-dir.js';

function answer(run: ImportRun): string | null {
  if (run.status === 'ok') return `success\n${run.message ?? ''}`.trimEnd();
  if (run.status === 'failed') return `failure\n${run.message ?? 'import failed'}`;
  return null;
}

export async function importMode(
  deps: CmlDeps,
  session: CmlSession,
  filename: string | null,
  type: 'catalog' | 'sale' = 'catalog',
): Promise<string> {
  if (!filename) throw new GatewayError('invalid_input', 'mode=import needs a filename');
  const name = safeRelative(filename);
  let run = await deps.exchange.latestRun(session.token, name);
  if (!run) {
    run = await deps.exchange.queueRun(session.token, type, name);
    await deps.store.jobs.runNow(IMPORT_JOB);
  }
  const deadline = Date.now() + deps.importWaitMs;
  for (;;) {
    const done = answer(run);
    if (done !== null) return done;
    if (Date.now() >= deadline) return `progress\n${run.progress}%`;
    await new Promise((r) => setTimeout(r, 100));
    run = (await deps.exchange.latestRun(session.token, name)) ?? run;
  }
}
