import { html, type SafeHtml } from '../views/html.js';

export function aboutPage(version: string, activeUsers: number, license: string): SafeHtml {
  return html`<div class="cards"><div class="card"><div class="muted">Version</div><div class="n">${version}</div></div>
<div class="card"><div class="muted">Active users</div><div class="n" data-active-users>${activeUsers}</div></div></div>
<h2>License</h2><pre class="license">${license}</pre>`;
}
