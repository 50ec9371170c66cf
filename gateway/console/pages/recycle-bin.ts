import type { BinEntry } from '../../../store/recycle-bin.js';
import { html, type SafeHtml } from '../views/html.js';
import { when } from '../views/format.js';
import { csrfField } from '../views/layout.js';

export interface BinView {
  readonly modules: readonly { name: string; label: string; count: number }[];
  readonly module: string;
  readonly search: string;
  readonly entries: readonly BinEntry[];
  readonly total: number;
  readonly csrf: string;
}

export function recycleBinPage(v: BinView): SafeHtml {
  const options = v.modules.map(
    (m) =>
      html`<option value="${m.name}"${m.name === v.module ? html` selected` : ''}>${m.label} (${m.count})</option>`,
  );
  const rows = v.entries.map(
    (
      e,
    ) => html`<tr><td><input type="checkbox" name="id" value="${e.recordId}" aria-label="Select ${e.label}"></td><td>${e.recordNo ?? ''}</td><td>${e.label}</td><td>${when(e.deletedAt)}</td>
<td><button type="submit" class="secondary" name="one" value="${e.recordId}" formaction="/console/recycle-bin/restore">Restore</button></td></tr>`,
  );
  const table =
    v.entries.length === 0
      ? html`<p class="muted">Nothing of this module is in the recycle bin.</p>`
      : html`<form method="post" action="/console/recycle-bin/restore">${csrfField(v.csrf)}<input type="hidden" name="module" value="${v.module}">
<div class="table-wrap"><table><tr><th><input type="checkbox" data-select-all="id" aria-label="Select all"></th><th>No.</th><th>Record</th><th>Deleted</th><th></th></tr>${rows}</table></div>
<p><button type="submit">Restore selected</button>
<button type="submit" class="danger" formaction="/console/recycle-bin/purge" data-confirm="Delete the selected records permanently? This cannot be undone.">Delete selected permanently</button></p></form>`;
  return html`<form method="get" class="filters"><label>Module<select name="module">${options}</select></label>
<label>Filter<input type="text" name="q" value="${v.search}" placeholder="name contains"></label><button type="submit">Show</button></form>
${table}
<p><form method="post" action="/console/recycle-bin/restore-all" class="inline">${csrfField(v.csrf)}<input type="hidden" name="module" value="${v.module}">
<button type="submit" class="secondary">Restore all of this module</button></form>
<form method="post" action="/console/recycle-bin/empty" class="inline" data-confirm="Empty the recycle bin? Every record of every module in the bin (${v.total} in all) is deleted permanently.">${csrfField(v.csrf)}
<button type="submit" class="danger">Empty the recycle bin</button></form></p>`;
}
