// A CalDAV client for one link: Basic credentials (RFC 7617) for plain CalDAV links, a Bearer
// access token (RFC 6750) for OAuth and Google links, refreshed when it expires or the server
// answers 401. A rotated refresh token is stored before the new access token is used, so a crash
// right after a refresh never leaves the link with a refresh token the provider already retired.
import {
  CaldavClient,
  CaldavError,
  refreshAccessToken,
  type AuthProvider,
} from '../../../adapters/caldav-client.js';
import type { HttpClient } from '../../../adapters/http.js';
import type { CaldavLinkRepository } from '../../../store/caldav-links/link-repository.js';
import type { CaldavLink } from '../../../store/caldav-links/link-types.js';

export const GOOGLE_TOKEN_URL = 'https://oauth2.googleapis.com/token';
export const GOOGLE_AUTH_URL = 'https://accounts.google.com/o/oauth2/v2/auth';
export const GOOGLE_SCOPE = 'https://www.googleapis.com/auth/calendar';

/** Google's CalDAV endpoint of the account's primary calendar (developers.google.com/calendar/caldav/v2/guide). */
export function googleCalendarUrl(email: string): string {
  return `https://apidata.googleusercontent.com/caldav/v2/${encodeURIComponent(email)}/events/`;
}

function basic(link: CaldavLink, links: CaldavLinkRepository): AuthProvider {
  let header: string | null = null;
  return async () => {
    if (header === null) {
      const { password } = await links.secrets(link.id);
      header =
        'Basic ' +
        Buffer.from(`${link.username ?? ''}:${password ?? ''}`, 'utf8').toString('base64');
    }
    return header;
  };
}

function bearer(
  link: CaldavLink,
  links: CaldavLinkRepository,
  http: HttpClient,
  clock: () => number,
): AuthProvider {
  return async (renew) => {
    const secrets = await links.secrets(link.id);
    const fresh =
      secrets.accessToken !== undefined &&
      (secrets.accessExpiresAt == null || secrets.accessExpiresAt > clock());
    if (fresh && !renew) return `Bearer ${secrets.accessToken}`;
    if (!secrets.refreshToken || !link.tokenUrl || !link.clientId) {
      throw new CaldavError('unauthorized', 'the link has no refresh token: authorise it again');
    }
    const tokens = await refreshAccessToken(
      http,
      {
        tokenUrl: link.tokenUrl,
        clientId: link.clientId,
        clientSecret: secrets.clientSecret ?? '',
      },
      secrets.refreshToken,
      clock(),
    );
    await links.setSecrets(link.id, {
      ...secrets,
      refreshToken: tokens.refreshToken,
      accessToken: tokens.accessToken,
      accessExpiresAt: tokens.expiresAt,
    });
    return `Bearer ${tokens.accessToken}`;
  };
}

export function clientForLink(
  link: CaldavLink,
  links: CaldavLinkRepository,
  http: HttpClient,
  clock: () => number = Date.now,
): CaldavClient {
  return new CaldavClient(
    http,
    link.kind === 'caldav' ? basic(link, links) : bearer(link, links, http, clock),
  );
}
