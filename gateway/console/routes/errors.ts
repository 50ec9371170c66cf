// Console errors as HTML: not logged in → the login page (remembering where to return),
// anything else → a page with the plain message and the error's HTTP status.
import type { Middleware } from 'koa';
import { toGatewayError } from '../../errors.js';
import type { ConsoleCtxState } from '../../middleware/console-session.js';
import { html } from '../views/html.js';
import { page, redirect } from './respond.js';
import type { InternalErrorLog } from '../../middleware/request-context.js';

const RECOVERABLE = new Set(['invalid_input', 'mandatory_missing', 'conflict', 'not_found']);

function refererPath(referer: string, host: string): string | null {
  try {
    const url = new URL(referer);
    return url.host === host && url.pathname.startsWith('/console')
      ? url.pathname + url.search
      : null;
  } catch {
    return null;
  }
}

export function consoleErrors(onInternal: InternalErrorLog): Middleware<ConsoleCtxState> {
  return async (ctx, next) => {
    try {
      await next();
    } catch (err) {
      const gw = toGatewayError(err);
      if (gw.kind === 'unauthenticated' && ctx.method === 'GET') {
        ctx.status = 303;
        ctx.redirect(`/console/login?next=${encodeURIComponent(ctx.originalUrl)}`);
        return;
      }
      const back = refererPath(ctx.get('referer'), ctx.host);
      if (ctx.method === 'POST' && back && RECOVERABLE.has(gw.kind) && ctx.state.console) {
        // A form with a mistake goes back to its page with the reason, as a person expects.
        redirect(ctx, back, { kind: 'error', text: gw.message });
        return;
      }
      if (gw.kind === 'internal') onInternal(err, ctx.state.log);
      const message =
        gw.kind === 'internal' ? 'Something went wrong; the error has been logged.' : gw.message;
      if (!ctx.state.console)
        ctx.state.console = { user: null, actor: null, csrfToken: '', sessionToken: null };
      page(
        ctx,
        gw.kind === 'forbidden' ? 'Not allowed' : 'Error',
        html`<p class="flash error">${message}</p><p><a href="/console">Back to the dashboard</a></p>`,
        gw.httpStatus,
      );
    }
  };
}
