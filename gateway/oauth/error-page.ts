// The page /oauth2/authorize shows when it must not redirect (unknown client, unregistered
// redirect URI: RFC 6749 §4.1.2.1, RFC 9700 §4.11). Plain HTML, escaped, no script.
import { html } from '../console/views/html.js';

export function authorizeErrorPage(message: string): string {
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Authorization failed · CRM gateway</title><link rel="stylesheet" href="/console/assets/console.css"></head>
<body><main><h1>Authorization failed</h1><p class="flash error" role="alert">${message}</p>
<p class="muted">Tell the application's publisher; you can close this window.</p></main></body></html>`
    .value;
}
