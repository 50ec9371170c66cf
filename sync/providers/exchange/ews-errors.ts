// EwsErrors (adapters/ews/errors.ts) as the engine's SyncError kinds (sync/provider.ts), in plain
// words for the link's status: an invalid sync state starts a full round, a folder gone or a
// refused password stops the link with the reason, throttling reschedules it with the wait.
import { EwsError } from '../../../adapters/ews/errors.js';
import { SyncError } from '../../provider.js';

export function syncErrorOfEws(err: unknown, mailbox: string): unknown {
  // A reset or refused socket (a Node system error) is worth another try, as a 5xx is.
  if (
    err instanceof Error &&
    !(err instanceof EwsError) &&
    typeof (err as NodeJS.ErrnoException).code === 'string'
  )
    return new SyncError('transient', `${err.message} (talking to Exchange for ${mailbox})`, null, {
      cause: err,
    });
  if (!(err instanceof EwsError)) return err;
  switch (err.code) {
    case 'invalid_sync_state':
      return new SyncError(
        'invalid_cursor',
        `Exchange no longer accepts the saved sync state of ${mailbox} (${err.message}): starting a full round`,
        null,
        { cause: err },
      );
    case 'folder_not_found':
      return new SyncError(
        'not_found',
        `The calendar folder of ${mailbox} is gone or no longer shared (${err.responseCode ?? err.message})`,
        null,
        { cause: err },
      );
    case 'not_found':
      return new SyncError('not_found', err.message, null, { cause: err });
    case 'conflict':
      return new SyncError(
        'precondition_failed',
        `The item changed in Exchange since it was read (${err.message})`,
        null,
        { cause: err },
      );
    case 'auth':
      return new SyncError('auth', err.message, null, { cause: err });
    case 'throttled':
      return new SyncError('rate_limited', `Exchange is busy (${err.message})`, err.retryAfterMs, {
        cause: err,
      });
    default:
      return new SyncError('transient', err.message, null, { cause: err });
  }
}
