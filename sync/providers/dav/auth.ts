// The credentials of a DAV link, for calendar and contact links alike: Basic (RFC 7617) from the
// link's user name and sealed password, or a Bearer access token (RFC 6750) from its refresh token
// (RFC 6749 §6), renewed when it expires or the server answers 401. A rotated refresh token is
// stored before the new access token is used, so a crash right after a refresh never leaves the
// link with a refresh token the provider already retired.
import {
  CaldavError,
  refreshAccessToken,
  type AuthProvider,
} from '../../../adapters/caldav-client.js';
import type { HttpClient } from '../../../adapters/http.js';

export interface LinkSecretsShape {
  readonly password?: string;
  readonly clientSecret?: string;
  readonly refreshToken?: string;
  readonly accessToken?: string;
  readonly accessExpiresAt?: number | null;
}

/** Where a link's sealed secrets are read and written (its bridge's link repository). */
export interface LinkSecretStore<S extends LinkSecretsShape> {
  secrets(id: number): Promise<S>;
  setSecrets(id: number, secrets: S): Promise<void>;
}

export interface AuthLink {
  readonly id: number;
  readonly username: string | null;
  readonly tokenUrl: string | null;
  readonly clientId: string | null;
}

export function basicAuth<S extends LinkSecretsShape>(
  link: AuthLink,
  links: LinkSecretStore<S>,
): AuthProvider {
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

export function bearerAuth<S extends LinkSecretsShape>(
  link: AuthLink,
  links: LinkSecretStore<S>,
  http: HttpClient,
  clock: () => number,
): AuthProvider {
  return async (renew) => {
    const secrets = await links.secrets(link.id);
    const fresh =
      secrets.accessToken !== undefined &&
      (secrets.accessExpiresAt == null || secrets.accessExpiresAt > clock());
    if (fresh && !renew) return `Bearer ${secrets.accessToken}`;
    if (!secrets.refreshToken || !link.tokenUrl || !link.clientId)
      throw new CaldavError('unauthorized', 'the link has no refresh token: authorise it again');
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
