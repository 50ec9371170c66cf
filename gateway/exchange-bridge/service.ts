// The Exchange bridge as the command line, the job and the gateway see it: connections (one Entra
// app registration each), links of CRM users to mailboxes through them, tests in plain words, sync
// now, and the scheduled pass over every due link. Runs are the sync engine's (sync/runner.ts) over
// the Exchange provider (sync/providers/exchange/, README there).
import type { EwsClientOptions } from '../../adapters/ews/client.js';
import { MailboxLimiter } from '../../adapters/graph/limiter.js';
import { ClientCredentialsToken } from '../../adapters/graph/token.js';
import { createHttpClient, type HttpClient } from '../../adapters/http.js';
import { BridgeLease } from '../../store/bridges/lease.js';
import { GatewayError } from '../../store/errors.js';
import {
  ExchangeConnectionRepository,
  type ExchangeConnection,
} from '../../store/exchange/connection-repository.js';
import {
  EXCHANGE_LINK_SYSTEM,
  ExchangeLinkRepository,
  type ExchangeLink,
} from '../../store/exchange/link-repository.js';
import { SecretBox } from '../../store/secrets.js';
import type { Store } from '../../store/store.js';
import type { RunOutcome } from '../../sync/engine.js';
import { BridgeLinkBook } from '../../sync/link-book.js';
import type { ProbeReport } from '../../sync/providers/exchange/transport.js';
import { ExchangeSessions } from '../../sync/providers/exchange/session.js';
import type { SyncBridge } from '../../sync/registry.js';
import { LinkRunner } from '../../sync/runner.js';
import type { BridgeConfig, BridgeOptions } from '../caldav-bridge/service.js';
import { loadSecretKey } from '../caldav-bridge/secret-key.js';
import { testEwsConnection } from './ews-test.js';
import { newConnection, newExchangeLink, type ConnectionInput, type LinkInput } from './input.js';

export interface ExchangeBridgeOptions extends BridgeOptions {
  readonly pastDays?: number;
  readonly futureDays?: number;
  readonly maxInlineWaitMs?: number;
  /** Test hooks of `ews` connections (sleep, onRequest …). */
  readonly ews?: Partial<EwsClientOptions>;
}

export interface ConnectionTestReport {
  readonly ok: boolean;
  readonly message: string;
}

export class ExchangeBridge implements SyncBridge {
  readonly system = EXCHANGE_LINK_SYSTEM;
  readonly description =
    'Exchange bridge: push CRM event and task changes to linked mailboxes and pull their changes over Microsoft Graph';
  readonly modules: ReadonlySet<string> = new Set(['Events', 'Calendar']);
  readonly connections: ExchangeConnectionRepository;
  readonly links: ExchangeLinkRepository;
  readonly sessions: ExchangeSessions;
  private readonly http: HttpClient;
  private readonly clock: () => number;
  private readonly runner: LinkRunner;

  constructor(
    private readonly store: Store,
    config: BridgeConfig,
    options: ExchangeBridgeOptions = {},
  ) {
    const box = new SecretBox(() => loadSecretKey(config));
    this.connections = new ExchangeConnectionRepository(store.db.knex, box);
    this.links = new ExchangeLinkRepository(store.db.knex, box);
    this.clock = options.clock ?? Date.now;
    this.http =
      options.http ??
      createHttpClient({
        allowHosts: config.outboundAllowHosts,
        timeoutMs: config.outboundTimeoutMs,
        maxResponseBytes: config.outboundMaxBytes,
        maxRedirects: 3,
        retries: 1,
        userAgent: 'crm-standards-gateway exchange-bridge',
      });
    this.sessions = new ExchangeSessions({
      knex: store.db.knex,
      connections: this.connections,
      links: this.links,
      http: this.http,
      limiter: new MailboxLimiter(4),
      clock: this.clock,
      ...(options.pastDays !== undefined ? { pastDays: options.pastDays } : {}),
      ...(options.futureDays !== undefined ? { futureDays: options.futureDays } : {}),
      ...(options.maxInlineWaitMs !== undefined
        ? { graph: { maxInlineWaitMs: options.maxInlineWaitMs } }
        : {}),
      ews: {
        allowHosts: config.outboundAllowHosts,
        timeoutMs: config.outboundTimeoutMs,
        maxResponseBytes: config.outboundMaxBytes,
        ...(options.maxInlineWaitMs !== undefined
          ? { maxInlineWaitMs: options.maxInlineWaitMs }
          : {}),
        ...options.ews,
      },
    });
    this.runner = new LinkRunner(
      {
        store,
        system: EXCHANGE_LINK_SYSTEM,
        noun: 'Exchange link',
        book: new BridgeLinkBook(this.links.generic, this.links.items),
        lease: new BridgeLease(store.db.knex),
        open: (link) => this.sessions.open(link.id),
      },
      options,
    );
  }

  createConnection(input: ConnectionInput): Promise<ExchangeConnection> {
    return this.connections.create(newConnection(input), new Date(this.clock()));
  }

  /** Signs in with the connection's credentials: the token endpoint's answer in plain words. */
  async testConnection(id: number): Promise<ConnectionTestReport> {
    const connection = await this.connections.mustGet(id);
    if (connection.kind === 'ews') return testEwsConnection(this.sessions.ews, connection);
    const secrets = await this.connections.secrets(id);
    try {
      await new ClientCredentialsToken(this.http, { ...connection, ...secrets }, this.clock).get();
      return {
        ok: true,
        message: `Signed in to tenant ${connection.tenantId} as app ${connection.clientId}.`,
      };
    } catch (err) {
      return {
        ok: false,
        message: `Sign-in failed: ${err instanceof Error ? err.message : String(err)}`,
      };
    }
  }

  async removeConnection(id: number): Promise<void> {
    const users = await this.links.onConnection(id);
    await this.connections.remove(
      id,
      users.map((l) => l.id),
    );
  }

  async createLink(input: LinkInput): Promise<ExchangeLink> {
    const user = await this.store.users.findById(input.userId);
    if (!user) throw new GatewayError('not_found', `user ${input.userId} does not exist`);
    const connection = await this.connections.mustGet(input.connectionId);
    return this.links.create(newExchangeLink(input, connection.kind), new Date(this.clock()));
  }

  /** Sign-in, mailbox, calendar, To Do and contacts, each in plain words; missing permissions named. */
  async testLink(id: number): Promise<ProbeReport & { readonly message: string }> {
    const link = await this.links.mustGet(id);
    const connection = await this.connections.mustGet(link.connectionId);
    const transport = await this.sessions.transport(connection, link.mailbox);
    const report = await transport.probe();
    const message = report.ok
      ? `Connected to ${link.mailbox}: calendar, To Do and contacts are reachable.`
      : report.missing.length > 0
        ? `Connected to ${link.mailbox}, but the app lacks the permission(s) ${report.missing.join(', ')}: grant them (admin consent) in Microsoft Entra.`
        : `Cannot reach ${link.mailbox}: ${report.steps.find((s) => !s.ok)?.detail ?? 'unknown error'}`;
    return { ...report, message };
  }

  async removeLink(id: number): Promise<void> {
    await this.links.mustGet(id);
    await this.links.remove(id);
  }

  /** One sync of the link now, whatever its backoff; `busy` when another run holds it. */
  syncNow(id: number, signal?: AbortSignal): Promise<RunOutcome> {
    return this.runner.syncNow(id, signal);
  }

  runDue(signal?: AbortSignal): Promise<RunOutcome[]> {
    return this.runner.runDue(signal);
  }

  pending(): Promise<boolean> {
    return this.runner.pending();
  }

  activitiesListed(userId: number): Promise<number> {
    return this.runner.activitiesListed(userId);
  }
}
