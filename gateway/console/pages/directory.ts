import { html, type SafeHtml } from '../views/html.js';
import { csrfField } from '../views/layout.js';
import type { DirectoryTestStep } from '../directory-port.js';

function text(config: Record<string, unknown>, key: string): string {
  const v = config[key];
  return typeof v === 'string' || typeof v === 'number' ? String(v) : '';
}

function caSummary(ca: unknown): string {
  if (ca && typeof ca === 'object' && 'subject' in ca) {
    const c = ca as { subject: string; validTo: string };
    return `the stored one: ${c.subject}, valid to ${c.validTo}`;
  }
  return 'the system trust store';
}

export function directoryPage(
  config: Record<string, unknown>,
  csrf: string,
  steps: readonly DirectoryTestStep[] | null,
): SafeHtml {
  const field = (key: string, label: string, type = 'text'): SafeHtml =>
    html`<label>${label}<input type="${type}" name="${key}" value="${type === 'password' ? '' : text(config, key)}"></label>`;
  const attributes = (config.attributes ?? {}) as Record<string, unknown>;
  const attr = (key: string, label: string): SafeHtml =>
    html`<label>${label}<input type="text" name="attr_${key}" value="${text(attributes, key)}"></label>`;
  const mappings = Array.isArray(config.groupMappings)
    ? (
        config.groupMappings as {
          directoryGroup?: string;
          gatewayGroup?: string | null;
          admin?: boolean;
        }[]
      )
        .map((m) => `${m.directoryGroup ?? ''}=>${m.gatewayGroup ?? ''}${m.admin ? ':admin' : ''}`)
        .join('\n')
    : '';
  const result = steps
    ? html`<h2>Connection test</h2><div class="table-wrap"><table><tr><th>Step</th><th>Result</th></tr>${steps.map(
        (s) =>
          html`<tr><td>${s.step}</td><td class="${s.ok ? 'good' : 'bad'}">${s.message}</td></tr>`,
      )}</table></div>`
    : '';
  return html`${result}<form method="post" action="/console/directory" class="form">${csrfField(csrf)}
<label class="check"><input type="checkbox" name="enabled" value="1"${config.enabled === true ? html` checked` : ''}> Directory login enabled</label>
<label>Preset<select name="preset"><option value="">keep settings</option><option value="openldap">OpenLDAP</option><option value="ad">Active Directory</option></select></label>
${field('url', 'URL (ldaps://host:636 or ldap://host:389)')}
<label class="check"><input type="checkbox" name="startTls" value="1"${config.startTls === true ? html` checked` : ''}> StartTLS</label>
<label>CA certificate (PEM; leave empty to keep ${caSummary(config.caCert)})<textarea name="caCert" rows="3"></textarea></label>
${field('bindDn', 'Bind DN')}${field('bindPassword', 'Bind password (leave empty to keep)', 'password')}
${field('userBase', 'User search base')}${field('userFilter', 'User filter (with {{username}})')}
<fieldset><legend>Attribute mapping</legend>${field('loginAttribute', 'Login (user name) attribute')}
${attr('firstName', 'First name attribute')}${attr('lastName', 'Last name attribute')}${attr('email', 'E-mail attribute')}${attr('id', 'Stable id attribute (entryUUID / objectGUID)')}</fieldset>
${field('groupBase', 'Group search base')}${field('groupFilter', 'Group filter (with {{dn}})')}
<label class="check"><input type="checkbox" name="useMemberOf" value="1"${config.useMemberOf === true ? html` checked` : ''}> Read the user's memberOf attribute</label>
<label>Group mapping, one per line: <code>directory group DN=&gt;gateway group[:admin]</code><textarea name="groupMappings" rows="3">${mappings}</textarea></label>
<button type="submit">Save</button></form>
<p><form method="post" action="/console/directory/test" class="inline">${csrfField(csrf)}<button type="submit" class="secondary">Test the connection</button></form>
<form method="post" action="/console/directory/sync" class="inline">${csrfField(csrf)}<button type="submit" class="secondary">Sync users now</button></form></p>`;
}
