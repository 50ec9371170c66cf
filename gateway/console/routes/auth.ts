// Login and logout. A successful login always starts a new session (never reuses one, so a
// planted cookie gives an attacker nothing) and only redirects within the console.
import type Router from '@koa/router';
import type { AcceptedSecrets } from '../../auth/authenticator.js';
import type { ConsoleDeps } from '../deps.js';
import type { ConsoleCtxState } from '../../middleware/console-session.js';
import { SESSION_COOKIE, cookieOptions } from '../../middleware/console-session.js';
import { loginPage } from '../pages/login.js';
import { page, redirect } from './respond.js';

// The console takes passwords only (local or directory), and a login opens a session.
const CONSOLE_SECRETS: AcceptedSecrets = { accessKey: false, password: 'all', recordLogin: true };

function safeNext(next: string): string {
  return /^\/console(\/[A-Za-z0-9/_?=&%.-]*)?$/.test(next) && !next.startsWith('//')
    ? next
    : '/console';
}

export function authRoutes(router: Router<ConsoleCtxState>, deps: ConsoleDeps): void {
  router.get('/console/login', (ctx) => {
    if (ctx.state.console.user) return redirect(ctx, '/console');
    const next = typeof ctx.query.next === 'string' ? safeNext(ctx.query.next) : '/console';
    page(ctx, 'Log in', loginPage(ctx.state.console.csrfToken, next, null));
  });

  router.post('/console/login', async (ctx) => {
    const form = ctx.state.form;
    const userName = form?.get('username') ?? '';
    const result = await deps.authenticator.loginWithSecret(
      userName,
      form?.get('password') ?? '',
      ctx.ip || null,
      CONSOLE_SECRETS,
    );
    if (!result.ok) {
      page(
        ctx,
        'Log in',
        loginPage(
          ctx.state.console.csrfToken,
          safeNext(form?.get('next') ?? ''),
          result.message,
          userName,
        ),
        result.reason === 'locked' ? 429 : 401,
      );
      return;
    }
    if (ctx.state.console.sessionToken) await deps.sessions.destroy(ctx.state.console.sessionToken);
    const { token } = await deps.sessions.create(
      result.user.id,
      ctx.ip || null,
      ctx.get('user-agent') || null,
    );
    ctx.cookies.set(SESSION_COOKIE, token, cookieOptions(ctx));
    redirect(ctx, safeNext(form?.get('next') ?? ''));
  });

  router.post('/console/logout', async (ctx) => {
    if (ctx.state.console.sessionToken) await deps.sessions.destroy(ctx.state.console.sessionToken);
    ctx.cookies.set(SESSION_COOKIE, null, cookieOptions(ctx));
    redirect(ctx, '/console/login', { kind: 'ok', text: 'You have logged out.' });
  });
}
