// Which issuer the metadata document (RFC 8414 §3) may name for a request. With
// GATEWAY_OAUTH_ISSUER set, always that one. Without it, the issuer comes from the request's
// Host header, which every client can forge; it is trusted only for loopback hosts (a local or
// test setup), so a forged Host can never make the document point clients elsewhere
// (gateway/oauth/README.md §1.4).
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '::1', '[::1]']);

export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname.toLowerCase());
}

/** The issuer origin to publish, or null when the request's host may not be trusted. */
export function publishableIssuer(
  configured: string | null,
  origin: string,
  hostname: string,
): string | null {
  if (configured !== null) return configured;
  return isLoopbackHost(hostname) ? origin : null;
}
