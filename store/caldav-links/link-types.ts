// Domain shapes of CalDAV bridge links. Rows live in the generic bridge tables (store/bridges/).
import type { LinkState } from '../bridges/types.js';

export { NO_COUNTS, type LinkCounts } from '../bridges/types.js';

/** caldav: URL + user name + password; oauth: a generic OAuth 2.0 provider; google: Google Calendar over OAuth 2.0. */
export type LinkKind = 'caldav' | 'oauth' | 'google';
export const LINK_KINDS: readonly LinkKind[] = ['caldav', 'oauth', 'google'];

/** The encrypted part of a link. OAuth tokens change on every refresh (and rotation). */
export interface LinkSecrets {
  readonly password?: string;
  readonly clientSecret?: string;
  readonly refreshToken?: string;
  readonly accessToken?: string;
  readonly accessExpiresAt?: number | null;
}

export interface CaldavLink extends LinkState {
  readonly kind: LinkKind;
  readonly url: string;
  readonly username: string | null;
  readonly accountEmail: string | null;
  readonly authUrl: string | null;
  readonly tokenUrl: string | null;
  readonly clientId: string | null;
  readonly scopes: string | null;
  readonly calendarUrl: string | null;
  readonly syncToken: string | null;
  readonly lastSeq: number;
  readonly pullRequestedAt: string | null;
}

export interface NewLink {
  readonly userId: number;
  readonly kind: LinkKind;
  readonly url: string;
  readonly username?: string | null;
  readonly accountEmail?: string | null;
  readonly authUrl?: string | null;
  readonly tokenUrl?: string | null;
  readonly clientId?: string | null;
  readonly scopes?: string | null;
  readonly calendarUrl?: string | null;
  readonly secrets: LinkSecrets;
}

/** One remote object as last exchanged: its href, etag, text and the hash of the synced fields. */
export interface LinkObject {
  readonly linkId: number;
  readonly href: string;
  readonly recordId: number | null;
  readonly uid: string;
  readonly etag: string | null;
  readonly ics: string;
  readonly contentHash: string;
}
