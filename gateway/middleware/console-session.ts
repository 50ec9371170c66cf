// Console sessions and CSRF. The session cookie is HttpOnly, SameSite=Strict, scoped to
// /console and Secure whenever the request came over HTTPS. Anonymous visitors get a CSRF
// cookie (double submit) so that even the login form is protected; logged-in users carry the
// session's own token. Every POST is checked here, before any route runs, so no form can
// forget it; a cross-site Origin is refused too.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Middleware, ParameterizedContext } from 'koa';
import { GatewayError } from '../../store/errors.js';
import type { ConsoleDeps, ConsoleState } from '../console/deps.js';
import { readForm, type Form } from '../console/form.js';
import type { RequestState } from './request-context.js';

export const SESSION_COOKIE = 'gw_session';
const CSRF_COOKIE = 'gw_csrf';

/** The request's id and logger come first (request-context.ts), then the session. */
export interface ConsoleCtxState extends RequestState {
  console: ConsoleState;
  form: Form | null;
}

export type ConsoleContext = ParameterizedContext<ConsoleCtxState>;

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && x.length > 0 && timingSafeEqual(x, y);
}

export function cookieOptions(
  ctx: ConsoleContext,
  maxAgeMs?: number,
): {
  httpOnly: true;
  sameSite: 'strict';
  path: string;
  secure: boolean;
  overwrite: true;
  maxAge?: number;
} {
  return {
    httpOnly: true,
    sameSite: 'strict',
    path: '/console',
    secure: ctx.secure,
    overwrite: true,
    ...(maxAgeMs ? { maxAge: maxAgeMs } : {}),
  };
}

function crossSite(ctx: ConsoleContext): boolean {
  const origin = ctx.get('origin');
  if (!origin || origin === 'null') return origin === 'null';
  try {
    return new URL(origin).host !== ctx.host;
  } catch {
    return true;
  }
}

async function loadState(ctx: ConsoleContext, deps: ConsoleDeps): Promise<ConsoleState> {
  const token = ctx.cookies.get(SESSION_COOKIE) ?? null;
  const session = token ? await deps.sessions.touch(token) : null;
  const user = session ? await deps.store.users.findById(session.userId) : null;
  if (session && user && user.status === 'Active') {
    const actor = await deps.store.users.actor(user.id);
    return { user, actor, csrfToken: session.csrfToken, sessionToken: token };
  }
  if (token) ctx.cookies.set(SESSION_COOKIE, null, cookieOptions(ctx));
  let csrf = ctx.cookies.get(CSRF_COOKIE) ?? '';
  if (!/^[A-Za-z0-9_-]{32}$/.test(csrf)) {
    csrf = randomBytes(24).toString('base64url');
    ctx.cookies.set(CSRF_COOKIE, csrf, cookieOptions(ctx));
  }
  return { user: null, actor: null, csrfToken: csrf, sessionToken: null };
}

export function consoleSession(deps: ConsoleDeps): Middleware<ConsoleCtxState> {
  return async (ctx, next) => {
    ctx.state.console = await loadState(ctx, deps);
    ctx.state.form = null;
    if (ctx.method === 'POST') {
      if (crossSite(ctx)) throw new GatewayError('forbidden', 'Cross-site form posts are refused');
      const form = await readForm(ctx.req);
      if (!sameToken(form.get('_csrf'), ctx.state.console.csrfToken)) {
        throw new GatewayError(
          'forbidden',
          'The form has expired or did not come from this console; reload the page and try again',
        );
      }
      ctx.state.form = form;
    }
    await next();
  };
}

/** Security headers of every console response: no framing (clickjacking), no inline script. */
export function consoleHeaders(): Middleware {
  return async (ctx, next) => {
    ctx.set(
      'Content-Security-Policy',
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
    );
    ctx.set('X-Frame-Options', 'DENY');
    ctx.set('X-Content-Type-Options', 'nosniff');
    ctx.set('Referrer-Policy', 'same-origin');
    ctx.set('Cache-Control', 'no-store');
    await next();
  };
}
