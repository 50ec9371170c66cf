// Refuses a declared body above the global limit before any protocol reads it; protocol edges
// apply their own (often smaller) limits while reading (gateway/http-body.ts).
import type { Middleware } from 'koa';

export function bodyLimit(limit: number): Middleware {
  return async (ctx, next) => {
    const declared = Number(ctx.get('content-length') || NaN);
    if (Number.isFinite(declared) && declared > limit) {
      ctx.status = 413;
      ctx.set('Connection', 'close');
      ctx.body = {
        error: 'too_large',
        message: `Request body of ${declared} bytes exceeds the limit of ${limit} bytes`,
      };
      return;
    }
    await next();
  };
}
