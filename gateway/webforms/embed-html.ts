// The form markup (gateway/webforms/README.md §4.2 "Generated embed code"): a plain
// `<form method="post" accept-charset="utf-8">` that works without JavaScript, `<label for>` on
// every control, HTML `required`, an off-screen honeypot labelled "leave empty", and the ALTCHA
// widget (self-hosted script) when the captcha is on. Everything is escaped by the html`` tag.
// The same markup, with the visitor's values and messages, is shown again after a mistake.
import { findField } from '../../store/modules/registry.js';
import type { FieldDef, ModuleDef } from '../../store/modules/types.js';
import { MULTI_SEPARATOR } from '../../store/records/field-values.js';
import type { Webform, WebformField } from '../../store/webforms/types.js';
import { html, type SafeHtml } from '../console/views/html.js';
import { acceptAttribute } from './file-types.js';
import { MAX_LINE, MAX_TEXT } from './validate.js';

export const HONEYPOT_FIELD = '_wf_website';
export const FILL_TOKEN_FIELD = '_wf_t';
export const FILE_FIELD = 'attachment';

export interface EmbedOptions {
  readonly baseUrl: string;
  readonly picklists: Readonly<Record<string, readonly string[]>>;
  readonly fileTypes: readonly string[];
  readonly maxFiles: number;
  readonly values?: Readonly<Record<string, string>>;
  readonly errors?: Readonly<Record<string, string>>;
  readonly fillToken?: string;
}

const INPUT_TYPES: Partial<Record<string, string>> = {
  email: 'email',
  phone: 'tel',
  url: 'url',
  date: 'date',
  integer: 'number',
  double: 'text',
  currency: 'text',
  time: 'time',
};
const AUTOCOMPLETE: Partial<Record<string, string>> = {
  firstname: 'given-name',
  lastname: 'family-name',
  email: 'email',
  email1: 'email',
  phone: 'tel',
  mobile: 'tel',
  company: 'organization',
  accountname: 'organization',
  website: 'url',
  lane: 'street-address',
  city: 'address-level2',
  state: 'address-level1',
  code: 'postal-code',
  country: 'country-name',
  salutationtype: 'honorific-prefix',
  designation: 'organization-title',
  title: 'organization-title',
};

interface Control {
  readonly id: string;
  readonly f: FieldDef;
  readonly wf: WebformField;
  readonly value: string;
  readonly error: string | undefined;
  readonly options: readonly string[];
}

function aria(c: Control): SafeHtml {
  return c.error ? html` aria-invalid="true" aria-describedby="${c.id}-error"` : html``;
}

function input(c: Control): SafeHtml {
  const { f, wf, id, value } = c;
  const req = wf.required ? html` required` : '';
  if (f.type === 'text')
    return html`<textarea id="${id}" name="${f.name}" rows="5" maxlength="${MAX_TEXT}"${req}${aria(c)}>${value}</textarea>`;
  if (f.type === 'picklist') {
    const opts = c.options.map(
      (o) => html`<option${o === value ? html` selected` : ''}>${o}</option>`,
    );
    return html`<select id="${id}" name="${f.name}"${req}${aria(c)}><option value="">—</option>${opts}</select>`;
  }
  if (f.type === 'boolean')
    return html`<input type="checkbox" id="${id}" name="${f.name}" value="1"${value === '1' ? html` checked` : ''}${req}${aria(c)}>`;
  const type = INPUT_TYPES[f.type] ?? 'text';
  const auto = AUTOCOMPLETE[f.name];
  return html`<input type="${type}" id="${id}" name="${f.name}" value="${value}" maxlength="${MAX_LINE}"${auto ? html` autocomplete="${auto}"` : ''}${type === 'number' ? html` step="1"` : ''}${req}${aria(c)}>`;
}

function star(wf: WebformField): SafeHtml | string {
  return wf.required ? html` <span class="required" aria-hidden="true">*</span>` : '';
}

function errorText(c: Control): SafeHtml | string {
  return c.error ? html`<span class="crm-webform-error" id="${c.id}-error">${c.error}</span>` : '';
}

function control(c: Control): SafeHtml {
  if (c.f.type === 'multipicklist') {
    const chosen = c.value.split(MULTI_SEPARATOR);
    const boxes = c.options.map(
      (o, i) =>
        html`<label for="${c.id}-${i}"><input type="checkbox" id="${c.id}-${i}" name="${c.f.name}" value="${o}"${chosen.includes(o) ? html` checked` : ''}> ${o}</label>`,
    );
    return html`<fieldset class="crm-webform-field"${aria(c)}><legend>${c.wf.label}${star(c.wf)}</legend>${boxes}${errorText(c)}</fieldset>`;
  }
  if (c.f.type === 'boolean')
    return html`<p class="crm-webform-field">${input(c)} <label for="${c.id}">${c.wf.label}${star(c.wf)}</label>${errorText(c)}</p>`;
  return html`<p class="crm-webform-field"><label for="${c.id}">${c.wf.label}${star(c.wf)}</label><br>${input(c)}${errorText(c)}</p>`;
}

function errorSummary(
  form: Webform,
  idPrefix: string,
  errors: Readonly<Record<string, string>>,
): SafeHtml | string {
  const entries = Object.entries(errors);
  if (entries.length === 0) return '';
  const items = entries.map(([name, message]) => {
    const target = form.fields.some((f) => f.name === name) ? `#${idPrefix}-${name}` : null;
    return target ? html`<li><a href="${target}">${message}</a></li>` : html`<li>${message}</li>`;
  });
  return html`<div class="crm-webform-errors" role="alert"><p>Please check the form:</p><ul>${items}</ul></div>`;
}

function captcha(form: Webform, baseUrl: string): SafeHtml | string {
  if (!form.captcha) return '';
  return html`<altcha-widget challenge="${baseUrl}/webforms/${form.publicId}/challenge" auto="onload" name="altcha"></altcha-widget>
<noscript><p>The spam check of this form needs JavaScript. Please enable JavaScript to send it.</p></noscript>
<script type="module" src="${baseUrl}/webforms/assets/altcha.js" async></script>`;
}

/** The form as pasted into a site (no values) or shown again (values, messages, fill token). */
export function formHtml(form: Webform, def: ModuleDef, options: EmbedOptions): SafeHtml {
  const idPrefix = `wf-${form.publicId.slice(0, 8)}`;
  const values = options.values ?? {};
  const errors = options.errors ?? {};
  const controls = form.fields
    .filter((wf) => wf.override === null)
    .flatMap((wf) => {
      const f = findField(def, wf.name);
      return f
        ? [
            control({
              id: `${idPrefix}-${wf.name}`,
              f,
              wf,
              value: values[wf.name] ?? '',
              error: errors[wf.name],
              options: options.picklists[wf.name] ?? [],
            }),
          ]
        : [];
    });
  const files =
    form.allowFiles && options.maxFiles > 0
      ? html`<p class="crm-webform-field"><label for="${idPrefix}-${FILE_FIELD}">Attachments (up to ${options.maxFiles})</label><br><input type="file" id="${idPrefix}-${FILE_FIELD}" name="${FILE_FIELD}"${options.maxFiles > 1 ? html` multiple` : ''} accept="${acceptAttribute(options.fileTypes)}"${errors[FILE_FIELD] ? html` aria-invalid="true"` : ''}></p>`
      : '';
  return html`<form action="${options.baseUrl}/webforms/${form.publicId}" method="post" accept-charset="utf-8"${form.allowFiles ? html` enctype="multipart/form-data"` : ''} class="crm-webform">
${errorSummary(form, idPrefix, errors)}${controls}
${files}<div style="position:absolute;left:-10000px;width:1px;height:1px;overflow:hidden" aria-hidden="true"><label for="${idPrefix}-hp">Leave this field empty</label><input type="text" id="${idPrefix}-hp" name="${HONEYPOT_FIELD}" value="" tabindex="-1" autocomplete="off"></div>
${options.fillToken ? html`<input type="hidden" name="${FILL_TOKEN_FIELD}" value="${options.fillToken}">` : ''}${captcha(form, options.baseUrl)}
<p><button type="submit">Send</button></p>
</form>`;
}
