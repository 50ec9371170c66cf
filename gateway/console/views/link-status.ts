// What the calendar links and contact links pages show alike of a link: its last counts, its
// health (last error and when it retries, else OK or waiting for the first sync) and the buttons
// that post a verb for it (gateway/console/routes/link-routes.ts).
import type { LinkCounts } from '../../../store/bridges/types.js';
import { when } from './format.js';
import { html, type SafeHtml } from './html.js';
import { csrfField } from './layout.js';

export interface LinkHealth {
  readonly id: number;
  readonly lastCounts: LinkCounts | null;
  readonly lastError: string | null;
  readonly nextAttemptAt: string | null;
  readonly firstSyncDone: boolean;
}

export function linkCounts(link: LinkHealth): string {
  const c = link.lastCounts;
  if (!c) return '';
  return `in +${c.pulledCreated} ~${c.pulledUpdated} −${c.pulledDeleted}; out +${c.pushedCreated} ~${c.pushedUpdated} −${c.pushedDeleted}; conflicts ${c.conflicts}`;
}

export function linkStatus(link: LinkHealth): SafeHtml | string {
  return link.lastError
    ? html`<span class="error">${link.lastError}</span>${link.nextAttemptAt ? html`<br><span class="muted">retry after ${when(link.nextAttemptAt)}</span>` : ''}`
    : link.firstSyncDone
      ? 'OK'
      : html`<span class="muted">waiting for the first sync</span>`;
}

/** A button posting `verb` for the link under `base` ("/console/caldav-links"). */
export const linkAction =
  (base: string, link: LinkHealth, csrf: string) =>
  (verb: string, label: string, cls = 'secondary', confirm = ''): SafeHtml =>
    html`<form method="post" action="${base}/${link.id}/${verb}" class="inline"${confirm ? html` data-confirm="${confirm}"` : ''}>${csrfField(csrf)}<button type="submit" class="${cls}">${label}</button></form>`;
