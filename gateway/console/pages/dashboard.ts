import type { LinkLag } from '../../../store/bridges/link-lag.js';
import type { ExchangeEntry } from '../../../store/exchange-log.js';
import type { DayCounts } from '../../../store/exchange-trend.js';
import type { Job } from '../../../store/jobs/job-repository.js';
import { html, type SafeHtml } from '../views/html.js';
import { bytes, duration, when } from '../views/format.js';
import { exchangeRows } from './exchange.js';
import { exchangeTrend, linkLagTable } from './exchange-chart.js';

export interface DashboardData {
  readonly version: string;
  readonly uptimeMs: number;
  readonly databaseKind: string;
  readonly databaseBytes: number;
  readonly counts: readonly { module: string; label: string; count: number }[];
  readonly recentExchanges: readonly ExchangeEntry[] | null;
  readonly failingJobs: readonly Job[] | null;
  /** Admins only: exchanges per day and system, and the bridge links' sync lag. */
  readonly trend: {
    readonly now: Date;
    readonly days: readonly string[];
    readonly counts: readonly DayCounts[];
    readonly lags: readonly LinkLag[];
  } | null;
}

export function dashboardPage(d: DashboardData): SafeHtml {
  const cards = d.counts.map(
    (c) =>
      html`<div class="card"><div class="muted">${c.label}</div><div class="n" data-module="${c.module}">${c.count}</div></div>`,
  );
  const jobs =
    d.failingJobs === null
      ? ''
      : html`<h2>Failing jobs</h2>${
          d.failingJobs.length === 0
            ? html`<p class="good">No job is failing.</p>`
            : html`<div class="table-wrap"><table><tr><th>Job</th><th>Attempts</th><th>Last run</th><th>Last error</th></tr>${d.failingJobs.map(
                (j) =>
                  html`<tr><td><a href="/console/jobs">${j.name}</a></td><td>${j.attempts}/${j.maxAttempts}</td><td>${when(j.lastRunAt)}</td><td class="bad">${j.lastError ?? ''}</td></tr>`,
              )}</table></div>`
        }`;
  const exchanges =
    d.recentExchanges === null
      ? ''
      : html`<h2>Recent exchanges</h2>${exchangeRows(d.recentExchanges)}`;
  return html`<div class="cards">
<div class="card"><div class="muted">Version</div><div class="n">${d.version}</div></div>
<div class="card"><div class="muted">Uptime</div><div class="n">${duration(d.uptimeMs)}</div></div>
<div class="card"><div class="muted">Database</div><div class="n">${d.databaseKind}</div><div class="muted">${bytes(d.databaseBytes)}</div></div>
</div>
${d.trend ? html`${exchangeTrend(d.trend.days, d.trend.counts)}${linkLagTable(d.trend.lags, d.trend.now)}` : ''}
<h2>Records you can see</h2><div class="cards">${cards}</div>${jobs}${exchanges}`;
}
