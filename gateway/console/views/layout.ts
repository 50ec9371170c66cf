// The console frame: navigation (admin pages only for admins), flash message, content.
import { html, type SafeHtml } from './html.js';

export interface NavItem {
  readonly href: string;
  readonly label: string;
  readonly adminOnly: boolean;
}

/** Later features add their page here. */
export const NAV: readonly NavItem[] = [
  { href: '/console', label: 'Dashboard', adminOnly: false },
  { href: '/console/jobs', label: 'Jobs', adminOnly: true },
  { href: '/console/exchange', label: 'Exchange history', adminOnly: true },
  { href: '/console/commerceml', label: '1C exchange', adminOnly: true },
  { href: '/console/currencies', label: 'Currencies & taxes', adminOnly: true },
  { href: '/console/webforms', label: 'Webforms', adminOnly: true },
  { href: '/console/recycle-bin', label: 'Recycle bin', adminOnly: true },
  { href: '/console/users', label: 'Users & groups', adminOnly: true },
  { href: '/console/directory', label: 'Directory', adminOnly: true },
  { href: '/console/caldav-links', label: 'Calendar links', adminOnly: true },
  { href: '/console/oauth-apps', label: 'External applications', adminOnly: true },
  { href: '/console/linked-apps', label: 'Linked applications', adminOnly: false },
  { href: '/console/feeds', label: 'Feeds', adminOnly: false },
  { href: '/console/fields', label: 'REST field names', adminOnly: false },
  { href: '/console/about', label: 'About', adminOnly: false },
];

export interface PageFrame {
  readonly title: string;
  readonly path: string;
  readonly user: { readonly userName: string; readonly isAdmin: boolean } | null;
  readonly csrfToken: string;
  readonly flash?: { readonly kind: 'ok' | 'error'; readonly text: string } | null;
}

function nav(frame: PageFrame): SafeHtml {
  if (!frame.user) return html``;
  const items = NAV.filter((n) => !n.adminOnly || frame.user?.isAdmin).map(
    (n) =>
      html`<li><a href="${n.href}"${frame.path === n.href ? html` aria-current="page"` : ''}>${n.label}</a></li>`,
  );
  return html`<nav class="menu"><input type="checkbox" id="menu-toggle" class="menu-toggle" aria-label="Menu">
<label for="menu-toggle" class="menu-button">☰ Menu</label><ul>${items}</ul>
<form method="post" action="/console/logout" class="logout"><input type="hidden" name="_csrf" value="${frame.csrfToken}">
<span class="who">${frame.user.userName}</span><button type="submit">Log out</button></form></nav>`;
}

export function layout(frame: PageFrame, content: SafeHtml): SafeHtml {
  const flash = frame.flash
    ? html`<p class="flash ${frame.flash.kind}" role="status">${frame.flash.text}</p>`
    : '';
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${frame.title} · CRM gateway</title><link rel="stylesheet" href="/console/assets/console.css">
<script src="/console/assets/console.js" defer></script></head>
<body><header><a class="brand" href="/console">CRM gateway</a>${nav(frame)}</header>
<main><h1>${frame.title}</h1>${flash}${content}</main></body></html>`;
}

/** A hidden CSRF field for every form. */
export function csrfField(token: string): SafeHtml {
  return html`<input type="hidden" name="_csrf" value="${token}">`;
}
