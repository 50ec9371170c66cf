import { html, type SafeHtml } from '../views/html.js';
import { csrfField } from '../views/layout.js';

export function loginPage(
  csrf: string,
  next: string,
  error: string | null,
  userName = '',
): SafeHtml {
  return html`<div class="login">${error ? html`<p class="flash error" role="alert">${error}</p>` : ''}
<form method="post" action="/console/login" class="form">${csrfField(csrf)}
<input type="hidden" name="next" value="${next}">
<label>User name<input type="text" name="username" autocomplete="username" required value="${userName}" autofocus></label>
<label>Password<input type="password" name="password" autocomplete="current-password" required></label>
<button type="submit">Log in</button>
<p class="muted">Local account or directory (LDAP / Active Directory) account.</p></form></div>`;
}
