// The GET side of a form (gateway/webforms/README.md §4.2–§4.3): the hosted form page (with a
// signed fill-time token), the ALTCHA challenge the widget fetches on page load, the CORS
// preflight of scripted posts, and the widget script itself, served from our own origin (no CDN).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Middleware } from 'koa';
import { toGatewayError } from '../../../store/errors.js';
import { trusted } from '../../console/views/html.js';
import { decideOrigin, preflightHeaders } from '../cors.js';
import { messagePage, page } from '../pages.js';
import type { WebformsDeps } from '../router.js';
import { selfOrigin } from '../../middleware/self-origin.js';
import { sendHtml, wireKind } from './respond.js';

export function formPageRoute(deps: WebformsDeps): Middleware {
  return async (ctx) => {
    try {
      const form = await deps.service.form(String(ctx.params.publicId ?? ''));
      const body = await deps.service.html(form, deps.baseUrl(selfOrigin(ctx)), undefined, true);
      sendHtml(ctx, 200, page(form.name, trusted(body)), form.returnUrl);
    } catch (err) {
      const gw = toGatewayError(err);
      if (gw.kind === 'internal') deps.onInternal(err, ctx.state.log);
      sendHtml(
        ctx,
        gw.httpStatus,
        messagePage(
          'Form not found',
          gw.kind === 'internal' ? 'Something went wrong.' : gw.message,
        ),
      );
    }
  };
}

export function challengeRoute(deps: WebformsDeps): Middleware {
  return async (ctx) => {
    ctx.set('Cache-Control', 'no-store');
    try {
      const form = await deps.service.form(String(ctx.params.publicId ?? ''));
      // The challenge is harmless to read; still, a form limited to some sites names only them.
      const origin = ctx.get('origin');
      if (form.allowedOrigins.length === 0) ctx.set('Access-Control-Allow-Origin', '*');
      else if (origin && form.allowedOrigins.includes(origin))
        ctx.set({ 'Access-Control-Allow-Origin': origin, Vary: 'Origin' });
      await deps.service.checkRate(form, ctx.ip);
      ctx.body = await deps.service.challenge(form);
    } catch (err) {
      const gw = toGatewayError(err);
      if (gw.kind === 'internal') deps.onInternal(err, ctx.state.log);
      ctx.status = gw.httpStatus;
      ctx.body = {
        ok: false,
        error: wireKind(gw.kind),
        message: gw.kind === 'internal' ? 'Internal error' : gw.message,
      };
    }
  };
}

export function preflightRoute(deps: WebformsDeps): Middleware {
  return async (ctx) => {
    try {
      const form = await deps.service.form(String(ctx.params.publicId ?? ''));
      const decision = decideOrigin(form.allowedOrigins, ctx.get('origin') || null);
      if (decision.allowed && decision.corsOrigin) {
        ctx.set(preflightHeaders(decision.corsOrigin));
        ctx.status = 204;
        return;
      }
      ctx.status = 403;
    } catch (err) {
      ctx.status = toGatewayError(err).httpStatus;
    }
  };
}

let widget: Buffer | null = null;

export function widgetRoute(): Middleware {
  return (ctx) => {
    widget ??= readFileSync(
      fileURLToPath(new URL('./altcha.min.js', import.meta.resolve('altcha'))),
    );
    ctx.type = 'text/javascript; charset=utf-8';
    // Loaded by other sites as a module script, which browsers fetch in CORS mode.
    ctx.set({
      'Access-Control-Allow-Origin': '*',
      'Cache-Control': 'public, max-age=86400',
      'X-Content-Type-Options': 'nosniff',
      'Cross-Origin-Resource-Policy': 'cross-origin',
    });
    ctx.body = widget;
  };
}
