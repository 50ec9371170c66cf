import type { Job } from '../../../store/jobs/job-repository.js';
import { html, type SafeHtml } from '../views/html.js';
import { intervalText, when } from '../views/format.js';
import { csrfField } from '../views/layout.js';

function schedule(job: Job): string {
  return job.schedule.kind === 'interval'
    ? intervalText(job.schedule.seconds)
    : `cron ${job.schedule.expression}`;
}

function action(
  job: Job,
  csrf: string,
  verb: string,
  label: string,
  extra: SafeHtml | string = '',
  cls = 'secondary',
): SafeHtml {
  return html`<form method="post" action="/console/jobs/${encodeURIComponent(job.name)}/${verb}" class="inline">${csrfField(csrf)}${extra}<button type="submit" class="${cls}">${label}</button></form>`;
}

function row(job: Job, csrf: string): SafeHtml {
  const value =
    job.schedule.kind === 'interval' ? String(job.schedule.seconds) : job.schedule.expression;
  return html`<tr data-job="${job.name}">
<td>${job.active ? html`<span class="good">active</span>` : html`<span class="muted">disabled</span>`}</td>
<td><strong>${job.name}</strong><div class="muted">${job.description}</div></td>
<td class="${job.status === 'failed' ? 'bad' : ''}" data-field="status">${job.status}</td>
<td data-field="attempts">${job.attempts}/${job.maxAttempts}</td>
<td>${when(job.lastRunAt)}</td>
<td>${job.active && job.nextRunAt ? when(job.nextRunAt) : '—'}<div class="muted">${schedule(job)}</div></td>
<td class="bad" data-field="error">${job.lastError ?? ''}</td>
<td>${action(job, csrf, 'run', 'Run now')} ${action(job, csrf, 'reset', 'Reset')}
${action(job, csrf, 'toggle', job.active ? 'Disable' : 'Enable')}
<form method="post" action="/console/jobs/${encodeURIComponent(job.name)}/schedule" class="inline">${csrfField(csrf)}
<input type="text" name="schedule" value="${value}" size="10" aria-label="Interval in seconds or cron expression"><button type="submit" class="secondary">Set</button></form></td></tr>`;
}

export function jobsPage(jobs: readonly Job[], csrf: string): SafeHtml {
  if (jobs.length === 0) return html`<p class="muted">No jobs are declared.</p>`;
  return html`<p class="muted">The schedule is an interval in seconds (e.g. 300) or a cron expression (e.g. <code>0 3 * * *</code>).</p>
<div class="table-wrap"><table><tr><th>Active</th><th>Name</th><th>Status</th><th>Attempts</th><th>Last run</th><th>Next run</th><th>Last error</th><th></th></tr>
${jobs.map((j) => row(j, csrf))}</table></div>`;
}
