// Plain words for what went wrong between the gateway and the directory. Transport and service
// account problems become GatewayError('unavailable'): login callers then still let local
// users in. Result codes are RFC 4511 §4.1.9 / Appendix A; the AD "data xxx" sub-codes are
// the Win32 errors Active Directory puts into the diagnostic message of a failed bind.
import { ResultCodeError } from 'ldapts';
import { GatewayError } from '../../store/errors.js';

/** Thrown when our own deadline (which also covers the StartTLS handshake) runs out. */
export class DirectoryTimeout extends Error {
  override readonly name = 'DirectoryTimeout';
}

const AD_BIND_REASONS: Readonly<Record<string, string>> = {
  '525': 'no such user',
  '52e': 'wrong password',
  '530': 'logon not permitted at this time of day',
  '531': 'logon not permitted from this workstation',
  '532': 'password expired',
  '533': 'account disabled',
  '568': 'too many security ids (group memberships) for this account',
  '701': 'account expired',
  '773': 'the user must change the password before logging in',
  '775': 'account locked out',
};

/** The AD sub-code of a failed bind in plain words, or null when there is none. */
export function adBindReason(message: string): string | null {
  const m = /\bdata ([0-9a-f]{3,4})\b/i.exec(message);
  if (!m) return null;
  const code = (m[1] as string).toLowerCase();
  return `${AD_BIND_REASONS[code] ?? 'rejected'} (AD data ${code})`;
}

function errorCode(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null || !('code' in err)) return undefined;
  const code: unknown = err.code;
  return typeof code === 'string' ? code : undefined;
}

const TLS_TRUST = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_SIGNATURE_FAILURE',
  'CERT_UNTRUSTED',
]);

function tlsWords(code: string | undefined, message: string): string | null {
  if (code && TLS_TRUST.has(code))
    return `certificate not trusted: the directory's certificate is not signed by the configured CA (${code})`;
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID')
    return `certificate does not match the host name in the URL: ${message}`;
  if (code === 'CERT_HAS_EXPIRED')
    return 'certificate expired: the directory presents an expired certificate';
  if (code === 'CERT_NOT_YET_VALID') return 'certificate not yet valid (check the clocks)';
  if (
    code?.startsWith('ERR_SSL_') ||
    /wrong version number|packet length too long|handshake/i.test(message)
  ) {
    return `TLS handshake failed (${code ?? message}): is the port an LDAPS port, and does the server offer TLS?`;
  }
  return null;
}

function networkWords(code: string | undefined, where: string): string | null {
  switch (code) {
    case 'ECONNREFUSED':
      return `connection refused by ${where}: is the directory server running and the port right?`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `host not found: ${where} does not resolve`;
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `host unreachable: no route to ${where}`;
    case 'ECONNRESET':
    case 'EPIPE':
      return `the directory at ${where} closed the connection`;
    case 'ETIMEDOUT':
      return `no answer from ${where} (connection timed out)`;
    default:
      return null;
  }
}

function resultCodeWords(err: ResultCodeError): string {
  switch (err.code) {
    case 8:
    case 13:
      return 'the directory requires an encrypted connection: use ldaps:// or StartTLS';
    case 32:
      return 'the base DN does not exist in the directory';
    case 50:
      return 'the service account may not read there (insufficient access rights)';
    case 51:
    case 52:
      return 'the directory is busy or unavailable right now';
    case 53:
      return `the directory refused the request: ${err.message}`;
    default:
      return `the directory answered with error ${err.code}: ${err.message}`;
  }
}

/** Plain words for any failure talking to the directory at `where` (host:port). */
export function describeDirectoryError(err: unknown, where: string, timeoutMs: number): string {
  if (err instanceof GatewayError) return err.message;
  const message = err instanceof Error ? err.message : String(err);
  if (err instanceof DirectoryTimeout || /Connection timeout|Operation timed out/.test(message)) {
    return `the directory did not answer within ${timeoutMs} ms (${where})`;
  }
  if (err instanceof ResultCodeError) return resultCodeWords(err);
  const code = errorCode(err);
  const words = tlsWords(code, message) ?? networkWords(code, where);
  if (words) return words;
  if (/Socket error|Connection closed before message response/.test(message)) {
    const inner = /\n(.+)$/.exec(message)?.[1];
    return `the directory at ${where} closed the connection${inner ? `: ${inner}` : ''}`;
  }
  return `directory error: ${message}`;
}

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
]);
const LDAPTS_TRANSPORT =
  /Connection timeout|Operation timed out|Socket error|Connection closed before message response/;

/** True for failures of the directory or the way to it; false for our own bugs and the store's. */
export function isDirectoryFailure(err: unknown): boolean {
  if (err instanceof ResultCodeError || err instanceof DirectoryTimeout) return true;
  const code = errorCode(err);
  if (
    code &&
    (NETWORK_CODES.has(code) || TLS_TRUST.has(code) || /^(ERR_SSL_|ERR_TLS_|CERT_)/.test(code))
  )
    return true;
  return err instanceof Error && LDAPTS_TRANSPORT.test(err.message);
}

/**
 * Directory failures become GatewayError('unavailable') in plain words; GatewayErrors and
 * anything else (a database error during sync, say) pass through unchanged.
 */
export function directoryUnavailable(err: unknown, where: string, timeoutMs: number): unknown {
  if (!isDirectoryFailure(err)) return err;
  return new GatewayError('unavailable', describeDirectoryError(err, where, timeoutMs));
}

/** Rejects with DirectoryTimeout when `work` has not settled within ms. */
export async function withDeadline<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DirectoryTimeout(`${what} took longer than ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
