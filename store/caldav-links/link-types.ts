// Domain shapes of CalDAV bridge links. Row shapes stay in link-repository.ts.

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

export interface LinkCounts {
  readonly pulledCreated: number;
  readonly pulledUpdated: number;
  readonly pulledDeleted: number;
  readonly pushedCreated: number;
  readonly pushedUpdated: number;
  readonly pushedDeleted: number;
  readonly conflicts: number;
  readonly failed: number;
}

export const NO_COUNTS: LinkCounts = Object.freeze({
  pulledCreated: 0,
  pulledUpdated: 0,
  pulledDeleted: 0,
  pushedCreated: 0,
  pushedUpdated: 0,
  pushedDeleted: 0,
  conflicts: 0,
  failed: 0,
});

export interface CaldavLink {
  readonly id: number;
  readonly userId: number;
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
  readonly active: boolean;
  readonly firstSyncDone: boolean;
  readonly lastSyncAt: string | null;
  readonly lastError: string | null;
  readonly failures: number;
  readonly nextAttemptAt: string | null;
  readonly lastCounts: LinkCounts | null;
  readonly pullRequestedAt: string | null;
  readonly createdAt: string;
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
