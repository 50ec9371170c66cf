// The webforms pages of the console: the list of forms with today's count and the
// daily-cap flag, and one form's page with its embed code ("Show form"), intake URL and recent
// submissions from the inbox (values escaped, errors shown, failed ones retryable).
import type { DocumentInfo, InboxEntry, Webform } from '../../../store/webforms/types.js';
import { bytes, when } from '../views/format.js';
import { html, type SafeHtml } from '../views/html.js';
import { csrfField } from '../views/layout.js';

export interface FormSummary {
  readonly form: Webform;
  readonly acceptedToday: number;
  readonly errors: number;
  readonly capReachedToday: boolean;
}

function capFlag(s: { form: Webform; capReachedToday: boolean }): SafeHtml | string {
  return s.capReachedToday
    ? html` <span class="bad" data-flag="cap">daily cap of ${s.form.dailyCap} reached today</span>`
    : '';
}

export function webformsListPage(forms: readonly FormSummary[]): SafeHtml {
  const rows = forms.map(
    (
      s,
    ) => html`<tr data-webform="${s.form.publicId}"><td><a href="/console/webforms/${s.form.id}">${s.form.name}</a>${capFlag(s)}</td><td>${s.form.module}</td>
<td>${s.form.active ? html`<span class="good">active</span>` : html`<span class="muted">inactive</span>`}</td><td>${s.form.captcha ? 'yes' : 'no'}</td>
<td>${s.acceptedToday}${s.form.dailyCap ? ` / ${s.form.dailyCap}` : ''}</td><td class="${s.errors ? 'bad' : ''}">${s.errors}</td></tr>`,
  );
  const table = forms.length
    ? html`<div class="table-wrap"><table><tr><th>Form</th><th>Module</th><th>State</th><th>Captcha</th><th>Today</th><th>Failed</th></tr>${rows}</table></div>`
    : html`<p class="muted">No webforms yet.</p>`;
  return html`${table}<p><a class="button" href="/console/webforms/new">New webform</a></p>`;
}

function valuesText(entry: InboxEntry): string {
  return Object.entries(entry.received)
    .filter(([, v]) => v !== '')
    .map(([k, v]) => `${k}: ${v}`)
    .join('\n');
}

function submissionRow(
  form: Webform,
  entry: InboxEntry,
  docs: readonly DocumentInfo[],
  csrf: string,
): SafeHtml {
  const record = entry.recordId
    ? html`${form.module} ${entry.recordId}${entry.outcome && entry.outcome !== 'created' ? html` <span class="muted">(${entry.outcome})</span>` : ''}`
    : '—';
  const files = [
    ...docs.map(
      (d) =>
        html`<div><a href="/console/webforms/documents/${d.id}">${d.fileName}</a> <span class="muted">${bytes(d.size)}</span></div>`,
    ),
    ...entry.files.map(
      (f) => html`<div>${f.fileName} <span class="muted">${bytes(f.size)}, waiting</span></div>`,
    ),
  ];
  const retry =
    entry.status === 'error'
      ? html`<form method="post" action="/console/webforms/${form.id}/inbox/${entry.id}/retry" class="inline">${csrfField(csrf)}<button type="submit" class="secondary">Retry</button></form>`
      : '';
  return html`<tr data-inbox="${entry.id}"><td>${entry.id}</td><td>${when(entry.receivedAt)}</td>
<td class="${entry.status === 'error' ? 'bad' : entry.status === 'done' ? 'good' : ''}" data-field="status">${entry.status}</td><td>${record}</td>
<td><pre class="values" data-field="values">${valuesText(entry)}</pre>${files}</td><td class="muted">${entry.ip ?? ''}<div>${entry.origin ?? ''}</div></td>
<td class="bad" data-field="error">${entry.lastError ?? ''}${entry.attempts > 1 ? html`<div class="muted">${entry.attempts} attempts</div>` : ''}</td><td>${retry}</td></tr>`;
}

export interface DetailInput {
  readonly summary: FormSummary;
  readonly intakeUrl: string;
  readonly embed: string;
  readonly inbox: readonly InboxEntry[];
  readonly documents: ReadonlyMap<number, readonly DocumentInfo[]>;
  readonly csrf: string;
}

function settingsList(form: Webform): SafeHtml {
  const owner = `${form.owner.kind} ${form.owner.id}`;
  return html`<dl class="facts"><dt>Public id</dt><dd><code>${form.publicId}</code></dd><dt>Module</dt><dd>${form.module}</dd><dt>Assigned to</dt><dd>${owner}</dd>
<dt>Return URL</dt><dd>${form.returnUrl ?? '— (thank-you page or JSON)'}</dd><dt>Allowed origins</dt><dd>${form.allowedOrigins.join(', ') || 'any site'}</dd>
<dt>Spam protection</dt><dd>honeypot, ${form.captcha ? 'captcha, ' : ''}minimum fill time ${form.minFillSeconds} s, ${form.ipLimit || 'unlimited'}/min per address, ${form.formLimit || 'unlimited'}/min per form</dd>
<dt>Duplicates by e-mail</dt><dd>${form.dedupe}</dd><dt>Fields</dt><dd>${form.fields.map((f) => `${f.name}${f.required ? '*' : ''}${f.override !== null ? ` = ${f.override}` : ''}`).join(', ')}</dd></dl>`;
}

export function webformPage(input: DetailInput): SafeHtml {
  const { form } = input.summary;
  const rows = input.inbox.map((e) =>
    submissionRow(form, e, e.recordId ? (input.documents.get(e.recordId) ?? []) : [], input.csrf),
  );
  return html`<p>${capFlag(input.summary)}</p>${settingsList(form)}
<p><a class="button" href="/console/webforms/${form.id}/edit">Edit</a> <a href="${input.intakeUrl}" rel="noopener" target="_blank">Open the hosted form</a></p>
<p>Intake URL: <code data-field="intake-url">${input.intakeUrl}</code></p>
<details class="embed"><summary class="button">Show form</summary><p class="muted">Paste this HTML into your web site. It works without JavaScript${form.captcha ? ' (the captcha needs it)' : ''}.</p>
<textarea readonly rows="16" cols="100" aria-label="Embed code" data-field="embed">${input.embed}</textarea></details>
<h2>Recent submissions</h2><p class="muted">Accepted today: ${input.summary.acceptedToday}${form.dailyCap ? ` of ${form.dailyCap}` : ''}. Failed: ${input.summary.errors}.</p>
${rows.length ? html`<div class="table-wrap"><table><tr><th>No.</th><th>Received</th><th>Status</th><th>Record</th><th>Values</th><th>From</th><th>Error</th><th></th></tr>${rows}</table></div>` : html`<p class="muted">No submissions yet.</p>`}`;
}
