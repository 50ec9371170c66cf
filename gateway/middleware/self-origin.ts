// The gateway's own origin as a request reached it (scheme and Host, after GATEWAY_TRUST_PROXY
// has let koa read X-Forwarded-*). koa 3's ctx.origin is the request's Origin header instead, so
// every absolute URL the gateway hands out (OAuth issuer, webform embeds, callback and exchange
// addresses in the console) is built here.
import type { ParameterizedContext } from 'koa';

export function selfOrigin(ctx: ParameterizedContext): string {
  return `${ctx.protocol}://${ctx.host}`;
}
