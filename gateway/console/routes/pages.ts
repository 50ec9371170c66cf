// Read-mostly pages: dashboard, exchange history, REST field names, about, directory settings.
import { readFileSync } from 'node:fs';
import type Router from '@koa/router';
import { linkLags } from '../../../store/bridges/link-lag.js';
import { databaseSize } from '../../../store/db-size.js';
import { GatewayError } from '../../../store/errors.js';
import type {
  ExchangeDirection,
  ExchangeFilter,
  ExchangeStatus,
} from '../../../store/exchange-log.js';
import { exchangesPerDay } from '../../../store/exchange-trend.js';
import { entityModules } from '../../../store/modules/registry.js';
import type { ConsoleCtxState } from '../../middleware/console-session.js';
import { VERSION } from '../../version.js';
import type { ConsoleDeps } from '../deps.js';
import { aboutPage } from '../pages/about.js';
import { dashboardPage } from '../pages/dashboard.js';
import { lastDays } from '../pages/exchange-chart.js';
import { directoryPage } from '../pages/directory.js';
import { exchangePage } from '../pages/exchange.js';
import { fieldsPage } from '../pages/fields.js';
import { page, redirect, requireAdmin, requireUser } from './respond.js';

function licenseText(): string {
  for (const rel of ['../../../LICENSE', '../../../../LICENSE']) {
    try {
      return readFileSync(new URL(rel, import.meta.url), 'utf8');
    } catch {
      // next location (sources or dist/)
    }
  }
  return 'Apache License 2.0';
}

const TREND_DAYS = 30;

function query(value: unknown, pattern: RegExp): string | undefined {
  return typeof value === 'string' && pattern.test(value) ? value : undefined;
}

export function pageRoutes(router: Router<ConsoleCtxState>, deps: ConsoleDeps): void {
  const { store } = deps;
  router.get('/console', async (ctx) => {
    const { user, actor } = requireUser(ctx);
    const counts = await Promise.all(
      entityModules().map(async (m) => ({
        module: m.name,
        label: m.label,
        count: await store.records.count(actor, m.name),
      })),
    );
    const now = new Date();
    page(
      ctx,
      'Dashboard',
      dashboardPage({
        version: VERSION,
        uptimeMs: Date.now() - deps.startedAt.getTime(),
        databaseKind: store.db.kind === 'pg' ? 'PostgreSQL' : 'SQLite',
        databaseBytes: await databaseSize(store.db),
        counts,
        recentExchanges: user.isAdmin ? await store.exchangeLog.list({ limit: 10 }) : null,
        failingJobs: user.isAdmin
          ? (await store.jobs.list()).filter((j) => j.status === 'failed' || j.lastError !== null)
          : null,
        trend: user.isAdmin
          ? {
              now,
              days: lastDays(now, TREND_DAYS),
              counts: await exchangesPerDay(store.db.knex, TREND_DAYS, now),
              lags: await linkLags(store.db.knex, 100),
            }
          : null,
      }),
    );
  });
  router.get('/console/exchange', async (ctx) => {
    requireAdmin(ctx);
    const q = ctx.query;
    const day = /^\d{4}-\d{2}-\d{2}$/;
    const from = query(q.from, day);
    const to = query(q.to, day);
    const filter: ExchangeFilter = {
      ...(query(q.system, /^[A-Za-z0-9._-]{1,40}$/) ? { system: q.system as string } : {}),
      ...(query(q.direction, /^(inbound|outbound)$/)
        ? { direction: q.direction as ExchangeDirection }
        : {}),
      ...(query(q.status, /^(running|ok|partial|error)$/)
        ? { status: q.status as ExchangeStatus }
        : {}),
      ...(from ? { from } : {}),
      ...(to ? { to: `${to} 23:59:59.999` } : {}),
      limit: 200,
    };
    page(
      ctx,
      'Exchange history',
      exchangePage(await store.exchangeLog.list(filter), filter, await store.exchangeLog.systems()),
    );
  });
  router.get('/console/fields', (ctx) => {
    requireUser(ctx);
    page(ctx, 'REST field names', fieldsPage());
  });
  const license = licenseText();
  router.get('/console/about', async (ctx) => {
    requireUser(ctx);
    page(ctx, 'About', aboutPage(VERSION, await store.users.count({ activeOnly: true }), license));
  });
  router.get('/console/directory', async (ctx) => {
    requireAdmin(ctx);
    if (!deps.directory)
      throw new GatewayError('unsupported', 'Directory login is not available in this build');
    page(
      ctx,
      'Directory',
      directoryPage(await deps.directory.publicConfig(), ctx.state.console.csrfToken, null),
    );
  });
  router.post('/console/directory/:verb?', async (ctx) => {
    requireAdmin(ctx);
    const directory = deps.directory;
    if (!directory)
      throw new GatewayError('unsupported', 'Directory login is not available in this build');
    if (ctx.params.verb === 'test') {
      const result = await directory.test();
      return page(
        ctx,
        'Directory',
        directoryPage(await directory.publicConfig(), ctx.state.console.csrfToken, result.steps),
      );
    }
    if (ctx.params.verb === 'sync') {
      const counts = await directory.sync();
      return redirect(ctx, '/console/directory', {
        kind: 'ok',
        text: `Sync done: ${Object.entries(counts)
          .map(([k, v]) => `${v} ${k}`)
          .join(', ')}.`,
      });
    }
    await directory.configureFromForm(ctx.state.form?.entries() ?? {});
    redirect(ctx, '/console/directory', { kind: 'ok', text: 'Directory settings saved.' });
  });
}
