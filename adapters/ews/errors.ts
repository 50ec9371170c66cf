// What can go wrong talking EWS, in the words the Exchange provider turns into the engine's
// SyncError kinds (sync/providers/exchange/ews-transport.ts). `responseCode` keeps the server's
// own code (EWS reference, "ResponseCodeType") for the log.
export type EwsErrorCode =
  | 'auth'
  | 'throttled'
  | 'invalid_sync_state'
  | 'folder_not_found'
  | 'not_found'
  | 'conflict'
  | 'version'
  | 'malformed'
  | 'server';

export class EwsError extends Error {
  override readonly name = 'EwsError';

  constructor(
    readonly code: EwsErrorCode,
    message: string,
    readonly responseCode: string | null = null,
    /** throttled: how long the server asked to wait. */
    readonly retryAfterMs: number | null = null,
  ) {
    super(message);
  }
}

const CODES: Readonly<Record<string, EwsErrorCode>> = {
  ErrorInvalidSyncStateData: 'invalid_sync_state',
  ErrorInvalidSyncStateDataNotRetrieved: 'invalid_sync_state',
  ErrorSyncFolderNotFound: 'folder_not_found',
  ErrorFolderNotFound: 'folder_not_found',
  ErrorItemNotFound: 'not_found',
  ErrorIrresolvableConflict: 'conflict',
  ErrorChangeKeyRequiredForWriteOperations: 'conflict',
  ErrorStaleObject: 'conflict',
  ErrorServerBusy: 'throttled',
  ErrorTooManyObjectsOpened: 'throttled',
  ErrorInvalidServerVersion: 'version',
  ErrorAccessDenied: 'auth',
  ErrorImpersonateUserDenied: 'auth',
  ErrorNonExistentMailbox: 'auth',
};

/** The error of an EWS ResponseCode that is not NoError. */
export function ewsErrorOf(responseCode: string, text: string, backOffMs: number | null): EwsError {
  const code = CODES[responseCode] ?? 'server';
  return new EwsError(code, `${responseCode}: ${text || 'no message'}`, responseCode, backOffMs);
}
