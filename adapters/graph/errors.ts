// What can go wrong talking to Microsoft Graph, by what a caller must do about it. Graph's own
// error body is `{"error":{"code","message"}}` (docs: /graph/errors); the code is kept for logs and
// for the console's plain-words test ("Authorization_RequestDenied", "ErrorItemNotFound", ...).

export type GraphErrorCode =
  | 'auth' // the token was refused, or consent is missing / revoked
  | 'forbidden' // signed in, but a permission is missing
  | 'not_found' // the mailbox, folder or item is gone
  | 'precondition_failed' // If-Match lost: the item changed since it was read (412)
  | 'sync_state_not_found' // the delta token expired (410): start a full round
  | 'throttled' // 429 / 503 with a Retry-After longer than the client waits inline
  | 'malformed' // the body was not the JSON Graph promises
  | 'bad_request' // Graph refused the request body (400)
  | 'transient'; // network trouble, 5xx

export class GraphError extends Error {
  override readonly name = 'GraphError';

  constructor(
    readonly code: GraphErrorCode,
    message: string,
    readonly status: number | null = null,
    /** Graph's `error.code` when the body had one. */
    readonly graphCode: string | null = null,
    /** For `throttled`: the wait Graph asked for. */
    readonly retryAfterMs: number | null = null,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export function graphErrorOf(
  status: number,
  body: string,
  retryAfterMs: number | null,
): GraphError {
  let graphCode: string | null = null;
  let detail = '';
  try {
    const parsed = JSON.parse(body) as { error?: { code?: unknown; message?: unknown } };
    if (typeof parsed.error?.code === 'string') graphCode = parsed.error.code;
    if (typeof parsed.error?.message === 'string') detail = parsed.error.message;
  } catch {
    detail = body.slice(0, 200);
  }
  const text = `Graph answered ${status}${graphCode ? ` ${graphCode}` : ''}${detail ? `: ${detail}` : ''}`;
  const code: GraphErrorCode =
    status === 401
      ? 'auth'
      : status === 403
        ? 'forbidden'
        : status === 404
          ? 'not_found'
          : status === 410 || graphCode === 'syncStateNotFound'
            ? 'sync_state_not_found'
            : status === 412
              ? 'precondition_failed'
              : status === 429 || status === 503
                ? 'throttled'
                : status === 400
                  ? 'bad_request'
                  : 'transient';
  return new GraphError(code, text, status, graphCode, retryAfterMs);
}
