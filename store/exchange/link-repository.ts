// Exchange links (CRM user ↔ mailbox through a connection) in the generic bridge tables
// (store/bridges/, migration 0014) under the system `exchange-bridge`: the mailbox is the endpoint,
// the calendar's delta link the cursor, each synced item's immutable id and change key a
// bridge_objects row. The connection id and the tasks/contacts switches are settings. App-only
// links keep no secret of their own; a delegated link will keep its refresh token sealed here.
import type { Knex } from 'knex';
import { BridgeLinkRepository } from '../bridges/link-repository.js';
import { BridgeObjectRepository } from '../bridges/object-repository.js';
import type { BridgeLink, LinkCounts } from '../bridges/types.js';
import type { SecretBox } from '../secrets.js';

/** The `system` of this bridge's rows in bridge_links, sync_links and exchange_log. */
export const EXCHANGE_LINK_SYSTEM = 'exchange-bridge';

export interface ExchangeLink {
  readonly id: number;
  readonly userId: number;
  readonly connectionId: number;
  readonly mailbox: string;
  readonly tasks: boolean;
  readonly contacts: boolean;
  /** The calendar's `@odata.deltaLink` (null before the first round ended). */
  readonly deltaLink: string | null;
  readonly active: boolean;
  readonly firstSyncDone: boolean;
  readonly lastSyncAt: string | null;
  readonly lastError: string | null;
  readonly failures: number;
  readonly nextAttemptAt: string | null;
  readonly lastCounts: LinkCounts | null;
  readonly createdAt: string;
}

export interface NewExchangeLink {
  readonly userId: number;
  readonly connectionId: number;
  readonly kind: string;
  readonly mailbox: string;
  readonly tasks: boolean;
  readonly contacts: boolean;
}

function toLink(l: BridgeLink): ExchangeLink {
  return {
    id: l.id,
    userId: l.userId,
    connectionId: Number(l.settings['connectionId']),
    mailbox: l.endpoint,
    tasks: l.settings['tasks'] !== 'no',
    contacts: l.settings['contacts'] !== 'no',
    deltaLink: l.cursor,
    active: l.active,
    firstSyncDone: l.firstSyncDone,
    lastSyncAt: l.lastSyncAt,
    lastError: l.lastError,
    failures: l.failures,
    nextAttemptAt: l.nextAttemptAt,
    lastCounts: l.lastCounts,
    createdAt: l.createdAt,
  };
}

export class ExchangeLinkRepository {
  /** The generic rows underneath, for the sync engine. */
  readonly generic: BridgeLinkRepository;
  readonly items: BridgeObjectRepository;

  constructor(knex: Knex, box: SecretBox) {
    this.generic = new BridgeLinkRepository(
      knex,
      box,
      EXCHANGE_LINK_SYSTEM,
      (id) => `exchange-link:${id}`,
      'Exchange link',
    );
    this.items = new BridgeObjectRepository(knex, EXCHANGE_LINK_SYSTEM);
  }

  async create(input: NewExchangeLink, now: Date = new Date()): Promise<ExchangeLink> {
    const link = await this.generic.create(
      {
        userId: input.userId,
        kind: input.kind,
        endpoint: input.mailbox,
        settings: {
          connectionId: String(input.connectionId),
          tasks: input.tasks ? 'yes' : 'no',
          contacts: input.contacts ? 'yes' : 'no',
        },
        collection: 'calendar',
        secrets: {},
      },
      now,
    );
    return toLink(link);
  }

  async mustGet(id: number): Promise<ExchangeLink> {
    return toLink(await this.generic.mustGet(id));
  }

  async list(filter: { userId?: number; activeOnly?: boolean } = {}): Promise<ExchangeLink[]> {
    return (await this.generic.list(filter)).map(toLink);
  }

  /** The links that sign in through a connection. */
  async onConnection(connectionId: number): Promise<ExchangeLink[]> {
    return (await this.list()).filter((l) => l.connectionId === connectionId);
  }

  remove(id: number): Promise<void> {
    return this.generic.remove(id);
  }
}
