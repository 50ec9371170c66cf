// Conditional requests (RFC 7232 §3.1, §3.2 as used by RFC 4791 §5.3.4 and RFC 4918 §12.1):
// If-None-Match: * guards creation, If-Match an update or delete; either failing is 412.
import { GatewayError } from '../../store/errors.js';

function tags(header: string): string[] {
  return header
    .split(',')
    .map((t) => t.trim().replace(/^W\//, ''))
    .filter((t) => t !== '');
}

export function checkPreconditions(
  current: string | null,
  ifMatch: string | null,
  ifNoneMatch: string | null,
): void {
  if (ifMatch !== null) {
    const list = tags(ifMatch);
    if (current === null || !(list.includes('*') || list.includes(current))) {
      throw new GatewayError('precondition_failed', 'If-Match does not match the current ETag');
    }
  }
  if (ifNoneMatch !== null && current !== null) {
    const list = tags(ifNoneMatch);
    if (list.includes('*') || list.includes(current)) {
      throw new GatewayError('precondition_failed', 'The resource exists (If-None-Match)');
    }
  }
}
