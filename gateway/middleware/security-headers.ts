// Headers every answer carries, whatever edge renders it. `X-Content-Type-Options: nosniff`
// (WHATWG Fetch §3.5, "X-Content-Type-Options" header) stops a browser from guessing a type
// other than the declared one, e.g. running a JSON error body or an uploaded file as script.
// Set before the routers run so that error answers carry it too.
import type { Middleware } from 'koa';

export function securityHeaders(): Middleware {
  return async (ctx, next) => {
    ctx.set('X-Content-Type-Options', 'nosniff');
    await next();
  };
}
