// CardDAV bridge links, as the bridge, the command line and the console see them: the generic
// bridge tables (store/bridges/, migration 0014) with CardDAV names on top (the address book is the
// link's collection, its sync token the cursor). The settings hold the remote user name (or, for a
// Google link, the token endpoint and client id) and the direction; the password or OAuth secrets
// are sealed and bound to `carddav-link:<id>` (store/secrets.ts).
import type { Knex } from 'knex';
import { TypedLinkRepository } from '../bridges/typed-links.js';
import { linkState, type BridgeLink, type LinkState } from '../bridges/types.js';
import type { SecretBox } from '../secrets.js';

/** The `system` of this bridge's rows in bridge_links, sync_links and exchange_log. */
export const CARDDAV_LINK_SYSTEM = 'carddav-bridge';

/** Which way a link carries contacts (sync/README.md "Directions and matching"). */
export const DIRECTIONS = ['both', 'to-remote', 'from-remote'] as const;
export type LinkDirection = (typeof DIRECTIONS)[number];

/** carddav: user name and password; google: Google Contacts over CardDAV with OAuth 2.0. */
export type CardLinkKind = 'carddav' | 'google';

export interface CarddavLink extends LinkState {
  readonly kind: CardLinkKind;
  readonly url: string;
  readonly username: string | null;
  /** A Google link's account (its user name); null for others. */
  readonly accountEmail: string | null;
  /** Where an admin authorises a Google link (RFC 6749 §4.1); null for others. */
  readonly authUrl: string | null;
  readonly tokenUrl: string | null;
  readonly clientId: string | null;
  readonly scopes: string | null;
  readonly direction: LinkDirection;
  /** The group whose contacts the link carries; null: the ones assigned to the user. */
  readonly groupId: number | null;
  /** The linked address book (null until discovery chose one). */
  readonly bookUrl: string | null;
}

export interface NewCarddavLink {
  readonly userId: number;
  readonly kind: CardLinkKind;
  readonly url: string;
  readonly bookUrl: string | null;
  readonly username: string | null;
  readonly authUrl?: string | null;
  readonly tokenUrl: string | null;
  readonly clientId: string | null;
  readonly scopes?: string | null;
  readonly direction: LinkDirection;
  readonly groupId: number | null;
  readonly secrets: CarddavSecrets;
}

export interface CarddavSecrets {
  readonly password?: string;
  readonly clientSecret?: string;
  readonly refreshToken?: string;
  readonly accessToken?: string;
  readonly accessExpiresAt?: number | null;
}

function toLink(l: BridgeLink): CarddavLink {
  const kind = l.kind === 'google' ? 'google' : 'carddav';
  const username = l.settings['username'] ?? null;
  return {
    ...linkState(l),
    kind,
    url: l.endpoint,
    username,
    accountEmail: kind === 'google' ? username : null,
    authUrl: l.settings['authUrl'] ?? null,
    tokenUrl: l.settings['tokenUrl'] ?? null,
    clientId: l.settings['clientId'] ?? null,
    scopes: l.settings['scopes'] ?? null,
    direction: DIRECTIONS.find((d) => d === l.settings['direction']) ?? 'both',
    groupId: l.settings['groupId'] ? Number(l.settings['groupId']) : null,
    bookUrl: l.collection,
  };
}

export class CarddavLinkRepository extends TypedLinkRepository<CarddavLink, CarddavSecrets> {
  constructor(knex: Knex, box: SecretBox) {
    super(knex, box, {
      system: CARDDAV_LINK_SYSTEM,
      context: 'carddav-link',
      noun: 'CardDAV link',
      toLink,
    });
  }

  async create(input: NewCarddavLink, now: Date = new Date()): Promise<CarddavLink> {
    const link = await this.generic.create(
      {
        userId: input.userId,
        kind: input.kind,
        endpoint: input.url,
        settings: {
          username: input.username,
          authUrl: input.authUrl ?? null,
          tokenUrl: input.tokenUrl,
          clientId: input.clientId,
          scopes: input.scopes ?? null,
          direction: input.direction,
          groupId: input.groupId === null ? null : String(input.groupId),
        },
        collection: input.bookUrl,
        secrets: input.secrets,
      },
      now,
    );
    return toLink(link);
  }

  /** Remembers the address book discovery chose. */
  chooseBook(id: number, bookUrl: string): Promise<void> {
    return this.generic.progress(id, { collection: bookUrl });
  }
}
