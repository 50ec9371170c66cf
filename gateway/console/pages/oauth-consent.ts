// The consent screen (RFC 6749 §4.1.1 "the authorization server authenticates the resource
// owner and obtains an authorization decision"): who asks (name, description, icon — all
// escaped), for which access, as which user, and where the browser goes afterwards. The form
// carries only the stored request's id, the CSRF token and the answer.
import type { User } from '../../../store/types.js';
import type { ConsentView } from '../../oauth/consent.js';
import { scopeLabel } from '../../oauth/scopes.js';
import { html, type SafeHtml } from '../views/html.js';
import { csrfField } from '../views/layout.js';

function destination(redirectUri: string): string {
  const url = new URL(redirectUri);
  return url.host ? `${url.protocol}//${url.host}` : url.protocol;
}

export function consentPage(view: ConsentView, user: User, notice: string, csrf: string): SafeHtml {
  const c = view.client;
  const icon = c.iconUrl
    ? html`<img src="${c.iconUrl}" alt="" width="64" height="64" class="app-icon">`
    : '';
  const scope = scopeLabel(view.scope);
  return html`<section class="card consent" data-consent="${c.id}">${icon}<h2>${c.name}</h2>${c.description ? html`<p>${c.description}</p>` : ''}
<p><strong>${c.name}</strong> asks for <strong data-scope>${scope}</strong> access to the CRM as <strong>${user.userName}</strong>${c.offlineAccess ? ', also while you are not using it (offline access)' : ''}.</p>
<p class="muted">It will see what ${user.userName} may see${view.scope === 'read' ? '' : ' and may change records in their name'}. After your answer you go back to ${destination(view.redirectUri)}.</p>
${notice ? html`<p class="notice">${notice}</p>` : ''}
<form method="post" action="/console/oauth2/consent" class="form">${csrfField(csrf)}<input type="hidden" name="id" value="${view.requestId}">
<p><button type="submit" name="allow" value="yes">Allow</button> <button type="submit" name="allow" value="no" class="secondary">Deny</button></p></form>
<p class="muted">You can revoke the access at any time under Linked applications.</p></section>`;
}

/** A same-site reload: a SameSite=Strict session cookie is not sent on the cross-site hop from the client. */
export function consentReloadPage(url: string): SafeHtml {
  return html`<meta http-equiv="refresh" content="0;url=${url}"><p>Continuing to the consent page… <a href="${url}">continue</a></p>`;
}
