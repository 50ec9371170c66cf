// Which push endpoints the gateway posts to (gateway/push/README.md §2): push services are reached
// over TLS (RFC 8030 §8); plain http only for hosts the operator opened to outbound calls
// (GATEWAY_OUTBOUND_ALLOW_HOSTS), as tests do. The outbound guard still checks every address.
import { GatewayError } from '../../store/errors.js';

export function checkEndpoint(plainHttpHosts: readonly string[], endpoint: string): void {
  const url = new URL(endpoint);
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (url.protocol !== 'https:' && !plainHttpHosts.includes(host))
    throw new GatewayError('invalid_input', 'push subscription: endpoint must be an https URL');
}
