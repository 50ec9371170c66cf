// The one error type of the outbound HTTP door. The rest of the gateway maps `code`
// to its own GatewayError kinds; messages name the host so logs and the exchange log
// say which outside system failed without extra context.

export type OutboundErrorCode =
  | 'blocked_address'
  | 'bad_url'
  | 'timeout'
  | 'too_large'
  | 'too_many_redirects'
  | 'bad_encoding'
  | 'network'
  | 'http_status';

export class OutboundError extends Error {
  override readonly name = 'OutboundError';

  constructor(
    readonly code: OutboundErrorCode,
    message: string,
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Wraps anything thrown by node:http into an OutboundError, keeping typed ones as they are. */
export function toOutboundError(err: unknown, host: string): OutboundError {
  if (err instanceof OutboundError) return err;
  const code = errnoCode(err);
  const detail = err instanceof Error ? err.message : String(err);
  const suffix = code !== undefined && !detail.includes(code) ? ` (${code})` : '';
  return new OutboundError('network', `request to ${host} failed: ${detail}${suffix}`, undefined, {
    cause: err,
  });
}

function errnoCode(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null || !('code' in err)) return undefined;
  const code: unknown = err.code;
  return typeof code === 'string' ? code : undefined;
}
