// The CalDAV client bridge: a koa-free client core over adapters/http.ts. See
// adapters/caldav-client/ for the pieces; the sync engine is sync/, its CalDAV provider sync/providers/caldav/.
export { CaldavClient } from './caldav-client/client.js';
export type {
  AuthProvider,
  RemoteObject,
  SyncChanges,
  WriteGuard,
} from './caldav-client/client.js';
export { CaldavError } from './caldav-client/errors.js';
export type { CaldavErrorCode } from './caldav-client/errors.js';
export { discover, unlinkableReason } from './caldav-client/discover.js';
export type { Discovery, RemoteCalendar } from './caldav-client/discover.js';
export { exchangeCode, refreshAccessToken } from './caldav-client/oauth-token.js';
export type { OAuthClient, TokenSet } from './caldav-client/oauth-token.js';
