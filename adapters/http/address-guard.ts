// SSRF guard for user-supplied URLs (OWASP SSRF Prevention Cheat Sheet). The check runs
// twice: on literal IP hosts before any socket exists, and inside the socket's `lookup`
// on the addresses DNS actually returned, so a name that re-resolves to an internal
// address between a check and the connect (DNS rebinding) never gets a connection.
import dns from 'node:dns';
import type { LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';
import { OutboundError } from './errors.js';

/**
 * Only globally routable unicast passes. Denying by exception (allow `unicast`) rather
 * than listing bad ranges also shuts loopback, RFC 1918, link-local (cloud metadata
 * 169.254.169.254), CGNAT 100.64/10, unspecified, broadcast, multicast, reserved,
 * fc00::/7, fe80::/10 and tunnel forms (6to4, Teredo, NAT64) that embed private IPv4.
 * `process()` first turns IPv4-mapped IPv6 (::ffff:10.0.0.1) into plain IPv4.
 */
export function blockedRange(address: string): string | null {
  if (!ipaddr.isValid(address)) return 'invalid';
  const range = ipaddr.process(address).range();
  return range === 'unicast' ? null : range;
}

/** URL.hostname keeps brackets around IPv6 literals; allow-list entries may or may not. */
export function bareHost(hostname: string): string {
  const lower = hostname.toLowerCase();
  return lower.startsWith('[') && lower.endsWith(']') ? lower.slice(1, -1) : lower;
}

export function isAllowedHost(hostname: string, allowHosts: readonly string[]): boolean {
  const host = bareHost(hostname);
  return allowHosts.some((allowed) => bareHost(allowed) === host);
}

/** Parses and vets one URL (the first one or a redirect target) before it is dialled. */
export function checkUrl(raw: string, allowHosts: readonly string[], base?: URL): URL {
  let url: URL;
  try {
    url = base === undefined ? new URL(raw) : new URL(raw, base);
  } catch {
    throw new OutboundError('bad_url', `invalid URL: ${JSON.stringify(raw)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new OutboundError(
      'bad_url',
      `unsupported URL scheme ${url.protocol} for host ${url.hostname || '(none)'}`,
    );
  }
  if (url.hostname === '')
    throw new OutboundError('bad_url', `URL has no host: ${JSON.stringify(raw)}`);
  if (isAllowedHost(url.hostname, allowHosts)) return url;
  // Node's net skips `lookup` for IP literals, so they are judged here, before connecting.
  const host = bareHost(url.hostname);
  if (ipaddr.isValid(host)) {
    const range = blockedRange(host);
    if (range !== null) throw blocked(host, host, range);
  }
  return url;
}

function blocked(host: string, address: string, range: string): OutboundError {
  const what = host === address ? `address ${address}` : `host ${host} (resolves to ${address})`;
  return new OutboundError(
    'blocked_address',
    `refused to connect to ${what}: ${range} range is not allowed`,
  );
}

/**
 * A `lookup` for http.request that resolves normally, then drops every address in a
 * blocked range; if none remain the socket fails with `blocked_address`. Handles both
 * callback shapes: `all: true` (autoSelectFamily, default in Node 20) and single.
 */
export function guardedLookup(): LookupFunction {
  return (hostname, options, callback) => {
    dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) {
        callback(err, options.all === true ? [] : '');
        return;
      }
      const safe = addresses.filter((a) => blockedRange(a.address) === null);
      const first = addresses[0];
      const chosen = safe[0];
      if (chosen === undefined) {
        const address = first?.address ?? '(no address)';
        callback(
          blocked(hostname, address, first ? (blockedRange(address) ?? 'unknown') : 'empty'),
          '',
        );
        return;
      }
      if (options.all === true) callback(null, safe);
      else callback(null, chosen.address, chosen.family);
    });
  };
}
