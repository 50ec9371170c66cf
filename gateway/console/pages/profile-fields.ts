// A profile's hidden and read-only fields per module on its console page (README.md "### Roles
// and profiles"): the rules as a table, and a form that replaces one module's rules with two
// comma lists (store/roles/field-rules.ts checks them; empty lists clear the module).
import type { FieldRulesTable } from '../../../store/roles/field-rules.js';
import { html, type SafeHtml } from '../views/html.js';
import { csrfField } from '../views/layout.js';

export function profileFieldsSection(
  profileId: number,
  modules: readonly string[],
  rules: FieldRulesTable,
  csrf: string,
): SafeHtml {
  const rows = Object.entries(rules)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(
      ([m, r]) =>
        html`<tr data-fields="${m}"><th scope="row">${m}</th><td>${r.hidden.join(', ') || '—'}</td><td>${r.readonly.join(', ') || '—'}</td></tr>`,
    );
  const table =
    rows.length === 0
      ? html`<p>Every field is visible and writable.</p>`
      : html`<div class="table-wrap"><table><tr><th>Module</th><th>Hidden</th><th>Read-only</th></tr>${rows}</table></div>`;
  const options = modules.map((m) => html`<option value="${m}">${m}</option>`);
  return html`<h2>Fields</h2>${table}
<form method="post" action="/console/profiles/${profileId}/fields" class="form">${csrfField(csrf)}
<label>Module <select name="module">${options}</select></label>
<label>Hidden fields (comma list) <input name="hidden" placeholder="mobile,email"></label>
<label>Read-only fields (comma list) <input name="readonly" placeholder="title"></label>
<button type="submit">Save fields</button></form>`;
}
