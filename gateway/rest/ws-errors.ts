// vtiger webservice error codes and messages (gateway/rest/README.md §1–§2, WebServiceErrorCode.php).
// Cores throw GatewayError with `details.ws.code`; the edges render it as vtiger's
// {"success":false,"error":{"code","message"}} or vtenext's {"status","error","message"}.
// Where vtiger's message is opaque the code is kept and the message says more (§8).
import { GatewayError, type ErrorDetails, type GatewayErrorKind } from '../../store/errors.js';

export type WsCode =
  | 'SESSION_EXPIRED'
  | 'REFERENCE_INVALID'
  | 'SESSION_LEFT_IDLE'
  | 'INVALID_SESSIONID'
  | 'INVALID_USER_CREDENTIALS'
  | 'AUTHENTICATION_REQUIRED'
  | 'AUTHENTICATION_FAILURE'
  | 'ACCESS_DENIED'
  | 'DATABASE_QUERY_ERROR'
  | 'MANDATORY_FIELDS_MISSING'
  | 'INVALID_ID_ATTRIBUTE'
  | 'QUERY_SYNTAX_ERROR'
  | 'INVALID_AUTH_TOKEN'
  | 'ACCESSKEY_UNDEFINED'
  | 'RECORD_NOT_FOUND'
  | 'UNKNOWN_OPERATION'
  | 'INTERNAL_SERVER_ERROR'
  | 'OPERATION_NOT_SUPPORTED'
  | 'UNKOWN_ENTITY'
  | 'INVALID_POTENTIAL_FOR_CONVERTLEAD'
  | 'LEAD_ALREADY_CONVERTED'
  | 'LEAD_RELATEDLIST_UPDATE_FAILED'
  | 'FAILED_TO_CREATE_RELATION'
  | 'FAILED_TO_MARK_LEAD_CONVERTED'
  | 'FAILED_TO_CREATE'
  | 'FAILED_TO_UPDATE';

export interface WsErrorBody {
  readonly code: string;
  readonly message: string;
}

const KIND_OF: Partial<Record<WsCode, GatewayErrorKind>> = {
  SESSION_EXPIRED: 'unauthenticated',
  SESSION_LEFT_IDLE: 'unauthenticated',
  INVALID_SESSIONID: 'unauthenticated',
  INVALID_USER_CREDENTIALS: 'unauthenticated',
  AUTHENTICATION_REQUIRED: 'unauthenticated',
  AUTHENTICATION_FAILURE: 'unauthenticated',
  INVALID_AUTH_TOKEN: 'unauthenticated',
  ACCESSKEY_UNDEFINED: 'unauthenticated',
  ACCESS_DENIED: 'forbidden',
  RECORD_NOT_FOUND: 'not_found',
  UNKNOWN_OPERATION: 'not_found',
  OPERATION_NOT_SUPPORTED: 'unsupported',
  MANDATORY_FIELDS_MISSING: 'mandatory_missing',
  INTERNAL_SERVER_ERROR: 'internal',
  LEAD_ALREADY_CONVERTED: 'conflict',
};

/** A GatewayError carrying a vtiger code. */
export function wsError(
  code: WsCode,
  message: string,
  details: Omit<ErrorDetails, 'ws'> = {},
): GatewayError {
  return new GatewayError(KIND_OF[code] ?? 'invalid_input', message, { ...details, ws: { code } });
}

export const MESSAGES = {
  authRequired: 'Authencation required',
  invalidSession: 'Session Identifier provided is Invalid',
  sessionExpired: 'Session has life span over please login again',
  sessionIdle: 'Session has been invalidated to due lack activity',
  unknownOperation: 'Unknown operation requested',
  internal: 'Unknown Error while processing request',
  database: 'Database error while performing requested operation',
  idIncorrect: 'Id specified is incorrect',
  readDenied: 'Permission to read given object is denied',
  writeDenied: 'Permission to write is denied',
} as const;

function isDatabaseError(err: unknown): boolean {
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' && (code.startsWith('SQLITE_') || /^[0-9A-Z]{5}$/.test(code));
}

function fromGatewayError(err: GatewayError): WsErrorBody {
  const code = err.details.ws?.code;
  if (code) return { code, message: err.message };
  switch (err.kind) {
    case 'mandatory_missing': {
      const [first, ...rest] = err.details.fields ?? [];
      if (!first) return { code: 'MANDATORY_FIELDS_MISSING', message: err.message };
      return {
        code: 'MANDATORY_FIELDS_MISSING',
        message: `${first} does not have a value${rest.length > 0 ? ` (also missing: ${rest.join(', ')})` : ''}`,
      };
    }
    case 'forbidden':
      return { code: 'ACCESS_DENIED', message: err.message };
    case 'unauthenticated':
      return { code: 'AUTHENTICATION_REQUIRED', message: err.message };
    case 'not_found':
      return { code: 'RECORD_NOT_FOUND', message: err.message };
    case 'unsupported':
    case 'method_not_allowed':
      return { code: 'OPERATION_NOT_SUPPORTED', message: err.message };
    // A value of the wrong type is what a strict vtiger database refuses: keep its code and
    // name the field in the message (the store's message does).
    case 'invalid_input':
    case 'conflict':
    case 'precondition_failed':
    case 'unavailable':
    case 'rate_limited':
      return {
        code:
          err.details.field !== undefined || err.kind !== 'invalid_input'
            ? 'DATABASE_QUERY_ERROR'
            : 'INTERNAL_SERVER_ERROR',
        message: err.message,
      };
    case 'too_large':
      return { code: 'INTERNAL_SERVER_ERROR', message: err.message };
    default:
      return { code: 'INTERNAL_SERVER_ERROR', message: MESSAGES.internal };
  }
}

/** Anything thrown → the vtiger error body; `internal` tells the edge to log it. */
export function toWsError(err: unknown): WsErrorBody & { internal: boolean } {
  if (err instanceof GatewayError)
    return {
      ...fromGatewayError(err),
      internal: err.kind === 'internal' && err.details.ws === undefined,
    };
  if (isDatabaseError(err))
    return { code: 'DATABASE_QUERY_ERROR', message: MESSAGES.database, internal: true };
  return { code: 'INTERNAL_SERVER_ERROR', message: MESSAGES.internal, internal: true };
}
