// The WhatsApp Business service (gateway/whatsapp/README.md): one object the webhook route, the
// REST operation, the console page, the command line and the jobs share, built once per process
// from the store and the configuration.
import { createHttpClient, type HttpClient } from '../../adapters/http.js';
import { CloudClient, type CloudTarget } from '../../adapters/whatsapp/cloud-client.js';
import { GatewayError } from '../../store/errors.js';
import { SecretBox } from '../../store/secrets.js';
import type { Store } from '../../store/store.js';
import { WhatsAppChannelRepository } from '../../store/whatsapp/channel-repository.js';
import { ConversationQueries, TemplateQueries } from '../../store/whatsapp/conversation-queries.js';
import { WhatsAppInboxRepository } from '../../store/whatsapp/inbox-repository.js';
import { WhatsAppMediaRepository } from '../../store/whatsapp/media-repository.js';
import { WhatsAppMessageRepository } from '../../store/whatsapp/message-repository.js';
import { WhatsAppNumberRepository } from '../../store/whatsapp/number-repository.js';
import type { ChannelInput, WhatsAppChannel } from '../../store/whatsapp/types.js';
import { loadSecretKey } from '../caldav-bridge/secret-key.js';
import type { GatewayConfig } from '../config.js';
import { VERSION } from '../version.js';
import { channelActor } from './core/actor.js';
import { Conversations } from './core/conversations.js';
import { CustomerMatcher } from './core/customers.js';
import { MediaFetcher } from './core/media.js';
import { InboxProcessor } from './core/processor.js';
import { Sender, type SendRequest } from './core/sender.js';
import { DEFAULT_PACING, Pacer, type PacerOptions } from './core/pacer.js';
import { signatureValid } from './core/signature.js';
import { TemplateBook } from './core/templates.js';
import { AgentReplies } from './core/agent-replies.js';
import { ConversationCloser } from './core/closer.js';

/** Media over this size are not downloaded (the message keeps the reason). */
export const MEDIA_MAX_BYTES = 16 * 1024 * 1024;

export interface WhatsAppOptions {
  readonly http?: HttpClient;
  readonly mediaMaxBytes?: number;
  readonly pacing?: PacerOptions;
  readonly now?: () => number;
}

/** The shape the spec's User-Agent parameter requires: name/1.2.3 (SOURCES.md). */
export const userAgent = (): string => `crm-standards-gateway/${VERSION}`;

export class WhatsAppService {
  readonly channels: WhatsAppChannelRepository;
  readonly inbox: WhatsAppInboxRepository;
  readonly messages: WhatsAppMessageRepository;
  readonly client: CloudClient;
  readonly customers: CustomerMatcher;
  readonly templates: TemplateBook;
  readonly processor: InboxProcessor;
  readonly sender: Sender;
  readonly replies: AgentReplies;
  readonly closer: ConversationCloser;
  /** Called after a delivery is stored (the route asks the job to run now). */
  onDelivery: () => void = () => undefined;

  constructor(
    readonly store: Store,
    config: Pick<
      GatewayConfig,
      | 'secretKey'
      | 'databaseUrl'
      | 'dataDir'
      | 'outboundAllowHosts'
      | 'outboundTimeoutMs'
      | 'outboundMaxBytes'
    >,
    options: WhatsAppOptions = {},
  ) {
    const knex = store.db.knex;
    this.channels = new WhatsAppChannelRepository(knex, new SecretBox(() => loadSecretKey(config)));
    this.inbox = new WhatsAppInboxRepository(knex);
    this.messages = new WhatsAppMessageRepository(knex);
    this.client = new CloudClient(
      options.http ??
        createHttpClient({
          allowHosts: config.outboundAllowHosts,
          timeoutMs: config.outboundTimeoutMs,
          maxResponseBytes: config.outboundMaxBytes,
          maxRedirects: 3,
          retries: 1,
          userAgent: userAgent(),
        }),
    );
    const queries = new ConversationQueries(knex);
    const templateQueries = new TemplateQueries(knex);
    this.customers = new CustomerMatcher(store, new WhatsAppNumberRepository(knex));
    const conversations = new Conversations(store, queries);
    this.templates = new TemplateBook(store, templateQueries, this.client);
    const target = (channel: WhatsAppChannel): Promise<CloudTarget> => this.target(channel);
    this.processor = new InboxProcessor({
      store,
      channels: this.channels,
      inbox: this.inbox,
      messages: this.messages,
      queries,
      customers: this.customers,
      conversations,
      media: new MediaFetcher(
        this.client,
        new WhatsAppMediaRepository(knex),
        options.mediaMaxBytes ?? MEDIA_MAX_BYTES,
      ),
      templates: this.templates,
      target,
    });
    this.sender = new Sender({
      store,
      channels: this.channels,
      messages: this.messages,
      queries,
      templates: templateQueries,
      conversations,
      client: this.client,
      pacer: new Pacer(options.pacing ?? DEFAULT_PACING),
      target,
      now: options.now,
    });
    this.replies = new AgentReplies(store, queries, this.channels, this.sender);
    this.closer = new ConversationCloser(store, queries, this.channels, this.sender, options.now);
  }

  /** Before the store closes: no delivery is processed in this process any more. */
  async stop(): Promise<void> {
    this.onDelivery = () => undefined;
    await this.processor.stop();
  }

  async target(channel: WhatsAppChannel): Promise<CloudTarget> {
    const { token } = await this.channels.secrets(channel.id);
    return { graphUrl: channel.graphUrl, apiVersion: channel.apiVersion, token };
  }

  configure(input: ChannelInput): Promise<WhatsAppChannel> {
    return this.channels.configure(input);
  }

  /** GET /whatsapp/webhook (Meta, "Getting started with webhooks: verification requests"). */
  async verify(mode: string | undefined, token: string | undefined): Promise<boolean> {
    if (mode !== 'subscribe' || !token) return false;
    return (await this.channels.verifyTokens()).includes(token);
  }

  /** POST /whatsapp/webhook: the signature on the raw bytes first, then the durable inbox. */
  async accept(body: Buffer, signature: string | undefined): Promise<boolean> {
    if (!signatureValid(body, signature, await this.appSecrets())) return false;
    await this.inbox.add(body.toString('utf8'));
    this.onDelivery();
    return true;
  }

  private secretsCache: { at: number; secrets: string[] } | null = null;

  /** The app secrets, opened at most once a second: a busy webhook does not decrypt per request. */
  private async appSecrets(): Promise<string[]> {
    const now = Date.now();
    if (this.secretsCache && now - this.secretsCache.at < 1000) return this.secretsCache.secrets;
    const secrets = await this.channels.appSecrets();
    this.secretsCache = { at: now, secrets };
    return secrets;
  }

  async test(id: number): Promise<Record<string, unknown>> {
    const channel = await this.channels.require(id);
    try {
      const info = await this.client.phoneNumber(await this.target(channel), channel.phoneNumberId);
      if (channel.paused) await this.channels.setFault(channel.id, null);
      return { ok: true, id, phoneNumber: info };
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      return { ok: false, id, error: message };
    }
  }

  async syncTemplates(id: number): Promise<number> {
    const channel = await this.channels.require(id);
    return this.templates.sync(
      await channelActor(this.store, channel),
      channel,
      await this.target(channel),
    );
  }

  send(req: SendRequest): ReturnType<Sender['send']> {
    return this.sender.send(req);
  }

  async channelFor(id: number | undefined): Promise<WhatsAppChannel> {
    if (id !== undefined) return this.channels.require(id);
    const [first, second] = await this.channels.list();
    if (!first) throw new GatewayError('not_found', 'no WhatsApp channel is configured');
    if (second) throw new GatewayError('invalid_input', 'several WhatsApp channels: give --id');
    return first;
  }
}
