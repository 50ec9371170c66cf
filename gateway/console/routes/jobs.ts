// The cron panel: every durable job with its state; run now, reset, enable/disable, schedule.
import type Router from '@koa/router';
import { GatewayError } from '../../../store/errors.js';
import type { JobSchedule } from '../../../store/jobs/job-repository.js';
import type { ConsoleCtxState } from '../../middleware/console-session.js';
import type { ConsoleDeps } from '../deps.js';
import { jobsPage } from '../pages/jobs.js';
import { page, redirect, requireAdmin } from './respond.js';

function parseSchedule(text: string): JobSchedule {
  const value = text.trim();
  if (/^\d+$/.test(value)) return { kind: 'interval', seconds: Number(value) };
  if (value.split(/\s+/).length >= 5) return { kind: 'cron', expression: value };
  throw new GatewayError(
    'invalid_input',
    `"${value.slice(0, 40)}" is neither an interval in seconds nor a cron expression`,
  );
}

export function jobRoutes(router: Router<ConsoleCtxState>, deps: ConsoleDeps): void {
  const jobs = deps.store.jobs;
  router.get('/console/jobs', async (ctx) => {
    requireAdmin(ctx);
    page(ctx, 'Jobs', jobsPage(await jobs.list(), ctx.state.console.csrfToken));
  });
  router.post('/console/jobs/:name/:verb', async (ctx) => {
    requireAdmin(ctx);
    const name = ctx.params.name ?? '';
    const job = await jobs.get(name);
    if (!job) throw new GatewayError('not_found', `There is no job ${name}`);
    switch (ctx.params.verb) {
      case 'run':
        await jobs.runNow(name);
        return redirect(ctx, '/console/jobs', {
          kind: 'ok',
          text: `${name} will run within a few seconds.`,
        });
      case 'reset':
        await jobs.reset(name);
        return redirect(ctx, '/console/jobs', { kind: 'ok', text: `${name} was reset.` });
      case 'toggle':
        await jobs.setActive(name, !job.active);
        return redirect(ctx, '/console/jobs', {
          kind: 'ok',
          text: `${name} is now ${job.active ? 'disabled' : 'enabled'}.`,
        });
      case 'schedule':
        try {
          await jobs.setSchedule(name, parseSchedule(ctx.state.form?.get('schedule') ?? ''));
        } catch (err) {
          if (err instanceof GatewayError && err.kind === 'invalid_input')
            return redirect(ctx, '/console/jobs', { kind: 'error', text: err.message });
          throw err;
        }
        return redirect(ctx, '/console/jobs', {
          kind: 'ok',
          text: `The schedule of ${name} was changed.`,
        });
      default:
        throw new GatewayError('not_found', 'Unknown job action');
    }
  });
}
