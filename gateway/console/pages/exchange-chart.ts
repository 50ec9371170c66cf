// The dashboard's trend: exchanges per day of each system over the last days as an inline SVG
// bar chart (no script: the console's CSP allows none inline, and the chart needs none), and the
// sync lag of every bridge link. Colours come from console.css classes, since the CSP forbids
// style attributes; SVG presentation attributes (x, y, width, height) are not styles.
import type { LinkLag } from '../../../store/bridges/link-lag.js';
import type { DayCounts } from '../../../store/exchange-trend.js';
import { html, type SafeHtml } from '../views/html.js';
import { duration, when } from '../views/format.js';

const BAR = 10;
const GAP = 2;
const HEIGHT = 60;

/** The `count` UTC days ending with the day of `now`, oldest first. */
export function lastDays(now: Date, count: number): string[] {
  return Array.from({ length: count }, (_, i) =>
    new Date(now.getTime() - (count - 1 - i) * 86_400_000).toISOString().slice(0, 10),
  );
}

function systemChart(
  system: string,
  days: readonly string[],
  counts: readonly DayCounts[],
): SafeHtml {
  const byDay = new Map(counts.map((c) => [c.day, c]));
  const max = Math.max(1, ...counts.map((c) => c.succeeded + c.failed));
  const scale = (n: number): number => Math.round((n / max) * HEIGHT);
  const width = days.length * (BAR + GAP);
  const bars = days.map((day, i) => {
    const c = byDay.get(day);
    if (!c) return '';
    const x = i * (BAR + GAP);
    const ok = scale(c.succeeded);
    const bad = scale(c.failed);
    const rect = (kind: string, n: number, y: number, h: number): SafeHtml =>
      n === 0
        ? html``
        : html`<rect class="bar-${kind}" data-day="${day}" data-count="${n}" x="${x}" y="${y}" width="${BAR}" height="${Math.max(h, 1)}"><title>${day} · ${system}: ${n} ${kind}</title></rect>`;
    return html`${rect('succeeded', c.succeeded, HEIGHT - ok, ok)}${rect('failed', c.failed, HEIGHT - ok - bad, bad)}`;
  });
  const total = counts.reduce((n, c) => n + c.succeeded + c.failed, 0);
  const failed = counts.reduce((n, c) => n + c.failed, 0);
  return html`<figure class="trend" data-system="${system}"><figcaption><strong>${system}</strong> <span class="muted">${total} exchanges, ${failed} failed, max ${max} a day</span></figcaption>
<svg role="img" aria-label="${system}: exchanges per day, ${days[0] ?? ''} to ${days[days.length - 1] ?? ''}" viewBox="0 0 ${width} ${HEIGHT + 1}" width="${width}" height="${HEIGHT + 1}" preserveAspectRatio="none"><line class="axis" x1="0" y1="${HEIGHT + 0.5}" x2="${width}" y2="${HEIGHT + 0.5}"></line>${bars}</svg></figure>`;
}

export function exchangeTrend(days: readonly string[], counts: readonly DayCounts[]): SafeHtml {
  const systems = [...new Set(counts.map((c) => c.system))].sort();
  const legend = html`<p class="legend"><span class="key key-succeeded"></span> succeeded <span class="key key-failed"></span> failed or partial · ${days[0] ?? ''} to ${days[days.length - 1] ?? ''} (UTC)</p>`;
  if (systems.length === 0)
    return html`<h2>Exchanges, last ${days.length} days</h2><p class="muted">No exchange in the last ${days.length} days.</p>`;
  return html`<h2>Exchanges, last ${days.length} days</h2>${legend}<div class="trends">${systems.map(
    (s) =>
      systemChart(
        s,
        days,
        counts.filter((c) => c.system === s),
      ),
  )}</div>`;
}

export function linkLagTable(lags: readonly LinkLag[], now: Date): SafeHtml {
  if (lags.length === 0) return html``;
  const lag = (l: LinkLag): SafeHtml => {
    if (!l.lastSyncAt) return html`<span class="bad">never synced</span>`;
    const ms = now.getTime() - Date.parse(`${l.lastSyncAt.replace(' ', 'T')}Z`);
    return html`${duration(Math.max(0, ms))}`;
  };
  return html`<h2>Bridge links: time since the last successful sync</h2><div class="table-wrap"><table id="link-lag"><tr><th>Link</th><th>System</th><th>User</th><th>Remote</th><th>Last successful sync</th><th>Lag</th><th>State</th></tr>
${lags.map(
  (l) =>
    html`<tr data-link="${l.id}"><td>${l.id}</td><td>${l.system}</td><td>${l.userName}</td><td class="muted">${l.endpoint}</td><td>${when(l.lastSyncAt)}</td><td class="lag">${lag(l)}</td><td class="${l.lastError ? 'bad' : l.active ? 'good' : 'muted'}">${!l.active ? 'paused' : l.lastError ? `failing (${l.failures}): ${l.lastError}` : 'ok'}</td></tr>`,
)}</table></div>`;
}
