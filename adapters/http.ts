// The one door for outbound HTTP (docs/architecture.md "Conventions"): every adapter calls
// outside systems through here, with a total deadline, a response size cap, a redirect
// limit, retries for idempotent methods and the SSRF guard (OWASP SSRF Prevention) that
// checks the address actually dialled, after DNS. Implementation lives in adapters/http/.
export { createHttpClient, assertOk } from './http/client.js';
export { OutboundError } from './http/errors.js';
export type { OutboundErrorCode } from './http/errors.js';
export { blockedRange } from './http/address-guard.js';
export type {
  HttpClient,
  OutboundOptions,
  OutboundRequest,
  OutboundResponse,
  OutboundStreamResponse,
  ResponseHeaders,
} from './http/types.js';
