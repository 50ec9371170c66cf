// The webform builder: name, target module, assigned user or group, return URL,
// allowed origins, captcha, attachments, quotas, duplicate handling, and the fields: every
// editable field of the module with its label, required flag and hidden override value.
// Works without JavaScript: the module is chosen first (a GET), then the fields are listed.
import { moduleColumns } from '../../../store/modules/registry.js';
import type { ModuleDef } from '../../../store/modules/types.js';
import type { Group, User } from '../../../store/types.js';
import {
  DEDUPE_MODES,
  WEBFORM_MODULES,
  type WebformSettings,
} from '../../../store/webforms/types.js';
import { html, type SafeHtml } from '../views/html.js';
import { csrfField } from '../views/layout.js';

export interface BuilderInput {
  readonly action: string;
  readonly def: ModuleDef;
  readonly settings: WebformSettings | null;
  readonly defaults: {
    readonly dailyCap: number;
    readonly ipLimit: number;
    readonly formLimit: number;
  };
  readonly users: readonly User[];
  readonly groups: readonly Group[];
  readonly csrf: string;
}

export function modulePicker(current: string | null): SafeHtml {
  const options = WEBFORM_MODULES.map(
    (m) => html`<option${m === current ? html` selected` : ''}>${m}</option>`,
  );
  return html`<form method="get" action="/console/webforms/new" class="form"><label>Target module<select name="module">${options}</select></label>
<button type="submit">Choose fields</button></form>`;
}

function ownerSelect(input: BuilderInput): SafeHtml {
  const current = input.settings
    ? `${input.settings.owner.kind}:${input.settings.owner.id}`
    : 'user:1';
  const opt = (value: string, label: string): SafeHtml =>
    html`<option value="${value}"${value === current ? html` selected` : ''}>${label}</option>`;
  const users = input.users
    .filter((u) => u.status === 'Active')
    .map((u) => opt(`user:${u.id}`, `${u.userName} (user)`));
  const groups = input.groups.map((g) => opt(`group:${g.id}`, `${g.name} (group)`));
  return html`<label>Assigned to<select name="owner">${users}${groups}</select></label>`;
}

function fieldRows(input: BuilderInput): SafeHtml {
  const chosen = new Map((input.settings?.fields ?? []).map((f) => [f.name, f]));
  const rows = moduleColumns(input.def)
    .filter((f) => f.editable)
    .map((f) => {
      const wf = chosen.get(f.name);
      const used = Boolean(wf) || (!input.settings && f.mandatory);
      return html`<tr data-field="${f.name}"><td><input type="checkbox" name="use" value="${f.name}" aria-label="Use ${f.label}"${used ? html` checked` : ''}></td>
<td><code>${f.name}</code><div class="muted">${f.type}${f.mandatory ? ', mandatory' : ''}</div></td>
<td><input type="text" name="label.${f.name}" value="${wf?.label ?? f.label}" aria-label="Label of ${f.name}"></td>
<td><input type="checkbox" name="required" value="${f.name}" aria-label="${f.name} required"${wf?.required || f.mandatory ? html` checked` : ''}></td>
<td><input type="text" name="override.${f.name}" value="${wf?.override ?? ''}" aria-label="Override value of ${f.name}" placeholder="(visitor fills in)"></td></tr>`;
    });
  return html`<div class="table-wrap"><table><tr><th>Use</th><th>Field</th><th>Label</th><th>Required</th><th>Override (hidden fixed value)</th></tr>${rows}</table></div>`;
}

function numberInput(name: string, label: string, value: number, hint: string): SafeHtml {
  return html`<label>${label}<input type="number" name="${name}" value="${value}" min="0" step="1"><span class="muted">${hint}</span></label>`;
}

export function builderPage(input: BuilderInput): SafeHtml {
  const s = input.settings;
  const d = input.defaults;
  const check = (name: string, label: string, on: boolean): SafeHtml =>
    html`<label class="check"><input type="checkbox" name="${name}" value="1"${on ? html` checked` : ''}> ${label}</label>`;
  const dedupe = DEDUPE_MODES.map(
    (m) =>
      html`<option value="${m}"${(s?.dedupe ?? 'none') === m ? html` selected` : ''}>${m === 'none' ? 'always create a record' : m === 'update' ? 'update the existing record' : 'comment on the existing record'}</option>`,
  );
  return html`<form method="post" action="${input.action}" class="form webform-builder">${csrfField(input.csrf)}
<input type="hidden" name="module" value="${input.def.name}"><p>Target module: <strong>${input.def.name}</strong></p>
<label>Name<input type="text" name="name" value="${s?.name ?? ''}" required maxlength="200"></label>
${ownerSelect(input)}
<label>Return URL (after submission)<input type="url" name="return_url" value="${s?.returnUrl ?? ''}" placeholder="https://www.example.com/thanks"></label>
<label>Allowed origins (one per line; empty = any site may post)<textarea name="allowed_origins" rows="3">${(s?.allowedOrigins ?? []).join('\n')}</textarea></label>
${check('captcha', 'Captcha (self-hosted proof of work, needs JavaScript)', s?.captcha ?? false)}
${check('allow_files', 'Accept attachments (stored as documents on the record)', s?.allowFiles ?? false)}
${check('active', 'Active', s?.active ?? true)}
${numberInput('daily_cap', 'Daily cap', s?.dailyCap ?? d.dailyCap, 'accepted submissions per UTC day; 0 = no cap')}
${numberInput('ip_limit', 'Per address per minute', s?.ipLimit ?? d.ipLimit, '0 = no limit')}
${numberInput('form_limit', 'Per form per minute', s?.formLimit ?? d.formLimit, '0 = no limit')}
${numberInput('min_fill_seconds', 'Minimum fill time (seconds)', s?.minFillSeconds ?? 3, 'checked where the form carries a signed time (captcha or hosted page)')}
<label>Duplicate e-mail<select name="dedupe">${dedupe}</select></label>
<h2>Fields</h2>${fieldRows(input)}
<button type="submit">Save webform</button></form>`;
}
