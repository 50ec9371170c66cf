// The few pages the intake itself shows (gateway/webforms/README.md §4.2 "Return"): the hosted
// form, the form again with the visitor's values and messages, a small escaped thank-you page
// when no return URL is configured, and a plain message for refusals. No JSONP, no templating
// of visitor input: every value goes through the escaping html`` tag.
import { html, trusted, type SafeHtml } from '../console/views/html.js';

const STYLE = `body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;color:#1b1b1b}
.crm-webform input:not([type=checkbox]),.crm-webform select,.crm-webform textarea{width:100%;padding:.4rem;font:inherit;box-sizing:border-box}
.crm-webform-error,.crm-webform-errors{color:#a00000}.crm-webform-errors{border:2px solid #a00000;padding:.5rem 1rem;margin-bottom:1rem}
.required{color:#a00000}button{font:inherit;padding:.5rem 1.5rem}fieldset{border:1px solid #999}`;

export function page(title: string, content: SafeHtml): string {
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>${title}</title><style>${trusted(STYLE)}</style></head>
<body><main><h1>${title}</h1>${content}</main></body></html>`.value;
}

export function thankYouPage(): string {
  return page(
    'Thank you',
    html`<p role="status">Your message was received. We will get back to you soon.</p>`,
  );
}

export function messagePage(title: string, message: string): string {
  return page(title, html`<p role="alert">${message}</p>`);
}

/**
 * The policy of the pages the gateway serves itself: only its own script (the ALTCHA widget,
 * which runs its proof of work in blob workers and injects its styles), no framing, and the
 * form may post here and follow the redirect to the configured return URL's origin only.
 */
export function pageSecurityPolicy(returnUrl: string | null): string {
  const returnOrigin = returnUrl ? ` ${new URL(returnUrl).origin}` : '';
  return [
    "default-src 'none'",
    "script-src 'self'",
    "worker-src 'self' blob:",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "connect-src 'self'",
    `form-action 'self'${returnOrigin}`,
    "frame-ancestors 'none'",
    "base-uri 'none'",
  ].join('; ');
}
