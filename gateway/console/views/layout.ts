// The console frame: navigation in groups (admin pages only for admins), flash message, content.
import { html, type SafeHtml } from './html.js';

export interface NavItem {
  readonly href: string;
  readonly label: string;
  readonly adminOnly: boolean;
}

export interface NavGroup {
  readonly label: string;
  readonly items: readonly NavItem[];
}

/**
 * The menu, in five groups so that it stays short as pages are added (gateway/console/README.md,
 * Navigation). A new page goes into the group it belongs to.
 */
export const NAV_GROUPS: readonly NavGroup[] = [
  {
    label: 'Overview',
    items: [
      { href: '/console', label: 'Dashboard', adminOnly: false },
      { href: '/console/exchange', label: 'Exchange history', adminOnly: true },
    ],
  },
  {
    label: 'Integrations',
    items: [
      { href: '/console/commerceml', label: '1C exchange', adminOnly: true },
      { href: '/console/caldav-links', label: 'Calendar links', adminOnly: true },
      { href: '/console/carddav-links', label: 'Contact links', adminOnly: true },
      { href: '/console/shops', label: 'Web shops', adminOnly: true },
      { href: '/console/webforms', label: 'Webforms', adminOnly: true },
      { href: '/console/whatsapp', label: 'WhatsApp', adminOnly: true },
      { href: '/console/feeds', label: 'Feeds', adminOnly: false },
      { href: '/console/oauth-apps', label: 'External applications', adminOnly: true },
      { href: '/console/hooks', label: 'REST hooks', adminOnly: false },
    ],
  },
  {
    label: 'Users & access',
    items: [
      { href: '/console/users', label: 'Users & groups', adminOnly: true },
      { href: '/console/roles', label: 'Roles & profiles', adminOnly: true },
      { href: '/console/directory', label: 'Directory', adminOnly: true },
      { href: '/console/linked-apps', label: 'Linked applications', adminOnly: false },
      { href: '/console/notifications', label: 'Notifications', adminOnly: false },
    ],
  },
  {
    label: 'Data',
    items: [
      { href: '/console/products', label: 'Products from 1C', adminOnly: true },
      { href: '/console/currencies', label: 'Currencies & taxes', adminOnly: true },
      { href: '/console/recycle-bin', label: 'Recycle bin', adminOnly: true },
      { href: '/console/fields', label: 'REST field names', adminOnly: false },
    ],
  },
  {
    label: 'System',
    items: [
      { href: '/console/jobs', label: 'Jobs', adminOnly: true },
      { href: '/console/about', label: 'About', adminOnly: false },
    ],
  },
];

/** Every menu entry, in menu order. */
export const NAV: readonly NavItem[] = NAV_GROUPS.flatMap((g) => g.items);

/** The entry a path belongs to: its own, or the one it sits under (/console/products/7). */
function isCurrent(path: string, href: string): boolean {
  return path === href || (href !== '/console' && path.startsWith(`${href}/`));
}

export interface PageFrame {
  readonly title: string;
  readonly path: string;
  readonly user: { readonly userName: string; readonly isAdmin: boolean } | null;
  readonly csrfToken: string;
  readonly flash?: { readonly kind: 'ok' | 'error'; readonly text: string } | null;
}

// Each group is a <details> element: it opens and closes without script, and on a phone the
// groups stack under the Menu toggle (console.css). console.js only closes the other groups.
function nav(frame: PageFrame): SafeHtml {
  if (!frame.user) return html``;
  const groups = NAV_GROUPS.map((g) => ({
    label: g.label,
    items: g.items.filter((n) => !n.adminOnly || frame.user?.isAdmin),
  }))
    .filter((g) => g.items.length > 0)
    .map((g) => {
      const current = g.items.some((n) => isCurrent(frame.path, n.href));
      const items = g.items.map(
        (n) =>
          html`<li><a href="${n.href}"${isCurrent(frame.path, n.href) ? html` aria-current="page"` : ''}>${n.label}</a></li>`,
      );
      return html`<li class="nav-group"><details><summary${current ? html` class="current"` : ''}>${g.label}</summary><ul>${items}</ul></details></li>`;
    });
  return html`<nav class="menu" aria-label="Console"><input type="checkbox" id="menu-toggle" class="menu-toggle" aria-label="Menu">
<label for="menu-toggle" class="menu-button">☰ Menu</label><ul class="nav-groups">${groups}</ul>
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
