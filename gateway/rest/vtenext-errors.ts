// vtenext REST errors (gateway/rest/README.md §6):
// {"status":<http>,"error":"<ExceptionClass>","message"}. 401 InvalidLoginException, 400
// RouteNotFoundException / MissingRequiredArgumentException, 500 WebServiceException carrying the
// vtiger code in its message. 403 for a bearer token whose scope does not allow the call (RFC 6750
// §3.1 insufficient_scope) and 413 for an oversized body are the gateway's own.
import { GatewayError } from '../../store/errors.js';
import { toWsError } from './ws-errors.js';

export interface VtenextErrorBody {
  readonly status: number;
  readonly error: string;
  readonly message: string;
}

export function vtenextError(status: number, exception: string, message: string): GatewayError {
  const kind =
    status === 401
      ? 'unauthenticated'
      : status === 403
        ? 'forbidden'
        : status === 413
          ? 'too_large'
          : 'invalid_input';
  return new GatewayError(kind, message, { vtenext: { status, exception } });
}

export function loginFailed(reason: string): GatewayError {
  return vtenextError(401, 'InvalidLoginException', `Authentication failed - reason: ${reason}`);
}

/** Anything thrown → the vtenext error body; `internal` tells the edge to log it. */
export function toVtenextError(err: unknown): VtenextErrorBody & { internal: boolean } {
  if (err instanceof GatewayError && err.details.vtenext) {
    const { status, exception } = err.details.vtenext;
    return { status, error: exception, message: err.message, internal: false };
  }
  if (err instanceof GatewayError && err.kind === 'too_large')
    return {
      status: 413,
      error: 'PayloadTooLargeException',
      message: err.message,
      internal: false,
    };
  const ws = toWsError(err);
  return {
    status: 500,
    error: 'WebServiceException',
    message: `${ws.code}: ${ws.message}`,
    internal: ws.internal,
  };
}
