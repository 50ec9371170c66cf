// The durable background side of mode=import (gateway/commerceml/README.md §1.4 step 2, §6.4): the
// HTTP call only queues a run and reports on it; this job does the work. Runs live in cml_imports,
// so a gateway restarted mid-import finds the run still 'running' and does it again from the start
// of the file, which is safe because the import is an idempotent upsert by 1C Ид.
import path from 'node:path';
import type { JobWorker } from '../../store/jobs/worker.js';
import type {
  CmlExchangeRepository,
  ImportRun,
} from '../../store/commerceml/exchange-repository.js';
import type { Store } from '../../store/store.js';
import { isGatewayError } from '../errors.js';
import { importCatalog } from './catalog-import.js';
import { importOrders } from './sale-import.js';
import type { UnzipLimits } from './unzip.js';
import { unzipLimitsFor } from './user-quota.js';
import { resolveIn } from './work-dir.js';
import type { WorkFolder } from './work-folder.js';
import { SNAPSHOT_FILE } from './snapshot.js';
import { SYSTEM } from './catalog-writer.js';

export const IMPORT_JOB = 'commerceml-import';

export interface ImportJobDeps {
  readonly store: Store;
  readonly exchange: CmlExchangeRepository;
  readonly workRoot: string;
  readonly folder: WorkFolder;
  readonly connection: string;
  readonly unzip: UnzipLimits;
  readonly folderCap: number;
}

class Stopped extends Error {}

async function runOne(deps: ImportJobDeps, run: ImportRun, signal: AbortSignal): Promise<void> {
  const session = await deps.exchange.findSession(run.sessionToken);
  const actor = session ? await deps.store.users.actor(session.userId) : null;
  if (!session || !actor) {
    await deps.exchange.setRun(run.id, 'failed', 0, 'the exchange user is no longer active');
    return;
  }
  await deps.exchange.setRun(run.id, 'running', 0);
  const logId = await deps.store.exchangeLog.start(SYSTEM, 'inbound', deps.connection);
  let lastWrite = 0;
  const onProgress = async (percent: number): Promise<void> => {
    if (signal.aborted) throw new Stopped();
    if (Date.now() - lastWrite < 300) return;
    lastWrite = Date.now();
    await deps.exchange.setRun(run.id, 'running', percent);
  };
  try {
    // On PostgreSQL the parts may have reached other replicas: this one reads the shared copy.
    const dir = await deps.folder.checkout(run.sessionToken);
    await deps.folder.unpack(run.sessionToken, dir, await unzipLimitsFor(deps, session, dir));
    const file = resolveIn(dir, run.filename);
    if (run.type === 'sale') {
      const sale = await importOrders(deps.store, actor, deps.connection, file);
      await deps.exchange.setRun(
        run.id,
        'ok',
        100,
        `${sale.updated} orders updated, ${sale.unknown} unknown`,
      );
      await deps.store.exchangeLog.finish(
        logId,
        'ok',
        { updated: sale.updated },
        null,
        `orders ${path.basename(run.filename)}`,
      );
      return;
    }
    const counts = await importCatalog({
      store: deps.store,
      actor,
      connection: deps.connection,
      file,
      workDir: dir,
      onProgress,
    });
    // The full-snapshot list grew: mode=deactivate may reach another replica.
    await deps.folder.publish(run.sessionToken, [SNAPSHOT_FILE]);
    await deps.exchange.setRun(
      run.id,
      'ok',
      100,
      `${counts.created} created, ${counts.updated} updated, ${counts.unchanged} unchanged`,
    );
    await deps.store.exchangeLog.finish(
      logId,
      'ok',
      { created: counts.created, updated: counts.updated },
      null,
      path.basename(run.filename),
    );
  } catch (err) {
    if (err instanceof Stopped) {
      await deps.store.exchangeLog.finish(
        logId,
        'error',
        {},
        'interrupted by a stop; will run again',
      );
      throw err;
    }
    // 1C shows the reason to its operator: a database error is cut short rather than quoting a whole statement.
    const reason = isGatewayError(err)
      ? err.message
      : `internal error: ${(err instanceof Error ? err.message : String(err)).slice(0, 300)}`;
    await deps.exchange.setRun(run.id, 'failed', 0, reason);
    await deps.store.exchangeLog.finish(logId, 'error', {}, reason, run.filename);
  }
}

export async function registerImportJob(worker: JobWorker, deps: ImportJobDeps): Promise<void> {
  await worker.register(
    {
      name: IMPORT_JOB,
      description: 'CommerceML: imports files 1C uploaded (mode=import)',
      schedule: { kind: 'interval', seconds: 30 },
      maxAttempts: 1000,
    },
    async (ctx) => {
      // Runs queued while this pass worked are taken in the same pass.
      for (
        let runs = await deps.exchange.pendingRuns();
        runs.length > 0;
        runs = await deps.exchange.pendingRuns()
      ) {
        for (const run of runs) {
          if (ctx.signal.aborted) return;
          await runOne(deps, run, ctx.signal);
        }
      }
    },
  );
  // A run left 'running' or 'queued' by a stopped process is taken up right away at start.
  if ((await deps.exchange.pendingRuns()).length > 0) await deps.store.jobs.runNow(IMPORT_JOB);
}
