// Opens one run of an Exchange link: the connection's sign-in (one token cache per connection,
// shared by its links), a transport for the link's mailbox (Graph for `graph` connections, EWS
// for `ews` ones, ews-clients.ts), the
// calendar provider over the delta window and the event mapping.
import type { Knex } from 'knex';
import { GraphClient, type GraphClientOptions } from '../../../adapters/graph/client.js';
import type { MailboxLimiter } from '../../../adapters/graph/limiter.js';
import type { EwsClientOptions } from '../../../adapters/ews/client.js';
import { ClientCredentialsToken } from '../../../adapters/graph/token.js';
import type { HttpClient } from '../../../adapters/http.js';
import type {
  ExchangeConnection,
  ExchangeConnectionRepository,
} from '../../../store/exchange/connection-repository.js';
import type { ExchangeLinkRepository } from '../../../store/exchange/link-repository.js';
import type { Session } from '../../engine.js';
import type { RemoteProvider } from '../../provider.js';
import { ExchangeCalendarProvider } from './calendar-provider.js';
import { EventMapping } from './event-mapping.js';
import { EwsClients } from './ews-clients.js';
import { GraphTransport } from './graph-transport.js';
import { MailboxMapping } from './mailbox-mapping.js';
import { MailboxProvider } from './mailbox-provider.js';
import { ExchangeTasksProvider, todoOf } from './tasks-provider.js';
import type { ExchangeTransport, TimeWindow } from './transport.js';

const DAY_MS = 86_400_000;

export interface ExchangeSessionDeps {
  /** The store's database, for the calendar objects series are kept in. */
  readonly knex: Knex;
  readonly connections: ExchangeConnectionRepository;
  readonly links: ExchangeLinkRepository;
  readonly http: HttpClient;
  readonly limiter: MailboxLimiter;
  readonly clock: () => number;
  /** The calendar window of a new delta round, around now. */
  readonly pastDays?: number;
  readonly futureDays?: number;
  readonly graph?: GraphClientOptions;
  /** Outbound limits and test hooks of `ews` connections. */
  readonly ews: EwsClientOptions;
}

export class ExchangeSessions {
  private readonly tokens = new Map<number, ClientCredentialsToken>();
  readonly ews: EwsClients;

  constructor(private readonly deps: ExchangeSessionDeps) {
    this.ews = new EwsClients(deps.connections, deps.ews);
  }

  private async token(connection: ExchangeConnection): Promise<ClientCredentialsToken> {
    const kept = this.tokens.get(connection.id);
    if (kept) return kept;
    const secrets = await this.deps.connections.secrets(connection.id);
    const token = new ClientCredentialsToken(
      this.deps.http,
      { ...connection, ...secrets },
      this.deps.clock,
    );
    this.tokens.set(connection.id, token);
    return token;
  }

  /** The transport of a mailbox through a connection. */
  async transport(connection: ExchangeConnection, mailbox: string): Promise<ExchangeTransport> {
    if (connection.kind === 'ews') return this.ews.transport(connection, mailbox);
    const client = new GraphClient(
      this.deps.http,
      connection.graphUrl,
      mailbox,
      await this.token(connection),
      this.deps.limiter,
      this.deps.graph,
    );
    return new GraphTransport(client);
  }

  window(): TimeWindow {
    const now = this.deps.clock();
    return {
      startMs: now - (this.deps.pastDays ?? 365) * DAY_MS,
      endMs: now + (this.deps.futureDays ?? 730) * DAY_MS,
    };
  }

  /** The link's run: its calendar, and its "CRM" To Do list unless the link leaves tasks out. */
  async open(
    id: number,
  ): Promise<Session & { provider: RemoteProvider; mapping: EventMapping | MailboxMapping }> {
    const link = await this.deps.links.mustGet(id);
    const connection = await this.deps.connections.mustGet(link.connectionId);
    const transport = await this.transport(connection, link.mailbox);
    const calendar = new ExchangeCalendarProvider(transport, this.window());
    const todo = link.tasks ? todoOf(transport) : null;
    if (!todo) return { provider: calendar, mapping: new EventMapping(this.deps.knex) };
    return {
      provider: new MailboxProvider(calendar, new ExchangeTasksProvider(todo)),
      mapping: new MailboxMapping(this.deps.knex),
    };
  }
}
