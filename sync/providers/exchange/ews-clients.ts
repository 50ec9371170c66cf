// One EWS client per `ews` connection (README "Exchange bridge", EWS): its pinned keep-alive
// agent is the one socket NTLM authenticates, shared by every mailbox the connection serves
// (impersonated or delegated), so a handshake is never split across connections.
import { EwsClient, type EwsClientOptions } from '../../../adapters/ews/client.js';
import type {
  ExchangeConnection,
  ExchangeConnectionRepository,
} from '../../../store/exchange/connection-repository.js';
import { EwsTransport } from './ews-transport.js';

export class EwsClients {
  private readonly clients = new Map<number, EwsClient>();

  constructor(
    private readonly connections: ExchangeConnectionRepository,
    private readonly options: EwsClientOptions,
  ) {}

  async client(connection: ExchangeConnection): Promise<EwsClient> {
    const kept = this.clients.get(connection.id);
    if (kept) return kept;
    const ews = connection.ews;
    if (!ews) throw new Error(`Exchange connection ${connection.id} is not an EWS connection`);
    const { password } = await this.connections.secrets(connection.id);
    const client = new EwsClient(
      { url: ews.url, username: ews.username, password: password ?? '', auth: ews.auth },
      this.options,
    );
    this.clients.set(connection.id, client);
    return client;
  }

  async transport(connection: ExchangeConnection, mailbox: string): Promise<EwsTransport> {
    return new EwsTransport(
      await this.client(connection),
      mailbox,
      connection.ews?.impersonation === true,
    );
  }

  close(): void {
    for (const c of this.clients.values()) c.close();
    this.clients.clear();
  }
}
