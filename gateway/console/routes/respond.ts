// Responding from console routes: full pages, redirects with a one-time flash message
// (Post/Redirect/Get), and the guards that send visitors to the login page or refuse
// non-admins.
import { GatewayError } from '../../../store/errors.js';
import type { Actor, User } from '../../../store/types.js';
import { cookieOptions, type ConsoleContext } from '../../middleware/console-session.js';
import type { SafeHtml } from '../views/html.js';
import { layout } from '../views/layout.js';

const FLASH_COOKIE = 'gw_flash';

export function page(ctx: ConsoleContext, title: string, content: SafeHtml, status = 200): void {
  const raw = ctx.cookies.get(FLASH_COOKIE);
  let flash: { kind: 'ok' | 'error'; text: string } | null = null;
  if (raw) {
    ctx.cookies.set(FLASH_COOKIE, null, cookieOptions(ctx));
    try {
      const parsed = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as {
        kind?: string;
        text?: string;
      };
      if (typeof parsed.text === 'string')
        flash = { kind: parsed.kind === 'error' ? 'error' : 'ok', text: parsed.text.slice(0, 500) };
    } catch {
      flash = null;
    }
  }
  const { user, csrfToken } = ctx.state.console;
  ctx.status = status;
  ctx.type = 'text/html; charset=utf-8';
  ctx.body = layout(
    {
      title,
      path: ctx.path,
      user: user ? { userName: user.userName, isAdmin: user.isAdmin } : null,
      csrfToken,
      flash,
    },
    content,
  ).value;
}

export function redirect(
  ctx: ConsoleContext,
  to: string,
  flash?: { kind: 'ok' | 'error'; text: string },
): void {
  if (flash)
    ctx.cookies.set(
      FLASH_COOKIE,
      Buffer.from(JSON.stringify(flash)).toString('base64url'),
      cookieOptions(ctx, 60_000),
    );
  ctx.status = 303;
  ctx.redirect(to);
}

export function requireUser(ctx: ConsoleContext): { user: User; actor: Actor } {
  const { user, actor } = ctx.state.console;
  if (!user || !actor) throw new GatewayError('unauthenticated', 'Please log in');
  return { user, actor };
}

export function requireAdmin(ctx: ConsoleContext): { user: User; actor: Actor } {
  const who = requireUser(ctx);
  if (!who.user.isAdmin) throw new GatewayError('forbidden', 'This page is for administrators');
  return who;
}
