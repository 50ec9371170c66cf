// Processing the webhook inbox (gateway/whatsapp/README.md §3): each delivery's events in order.
// A message is stored once by its wamid, a status once per (wamid, status), so a repeated
// delivery changes nothing; a delivery that fails stays in the inbox with its error and is tried
// again by whatsapp.syncMessages, up to MAX_ATTEMPTS.
import {
  parseWebhook,
  type InboundMessage,
  type StatusEvent,
  type WebhookEvent,
} from '../../../formats/whatsapp/webhook.js';
import { GatewayError } from '../../../store/errors.js';
import type { Store } from '../../../store/store.js';
import type { Actor } from '../../../store/types.js';
import type { WhatsAppChannelRepository } from '../../../store/whatsapp/channel-repository.js';
import type { ConversationQueries } from '../../../store/whatsapp/conversation-queries.js';
import type { WhatsAppInboxRepository } from '../../../store/whatsapp/inbox-repository.js';
import {
  storeTime,
  type WhatsAppMessageRepository,
} from '../../../store/whatsapp/message-repository.js';
import type { WhatsAppChannel } from '../../../store/whatsapp/types.js';
import { channelActor } from './actor.js';
import type { Conversations } from './conversations.js';
import type { CustomerMatcher, MatchPass } from './customers.js';
import type { MediaFetcher } from './media.js';
import type { TemplateBook } from './templates.js';
import type { CloudTarget } from '../../../adapters/whatsapp/cloud-client.js';

export const MAX_ATTEMPTS = 5;

/**
 * What one batch of deliveries reads once: the channels, the actors they write as, and the
 * customers matched (customers.ts). A pass is short (one batch), so a channel reconfigured or a
 * number typed in the CRM meanwhile is seen by the next batch.
 */
interface Pass {
  readonly channels: Map<string, WhatsAppChannel>;
  readonly actors: Map<number, Actor>;
  readonly customers: MatchPass;
}

export interface ProcessorDeps {
  readonly store: Store;
  readonly channels: WhatsAppChannelRepository;
  readonly inbox: WhatsAppInboxRepository;
  readonly messages: WhatsAppMessageRepository;
  readonly queries: ConversationQueries;
  readonly customers: CustomerMatcher;
  readonly conversations: Conversations;
  readonly media: MediaFetcher;
  readonly templates: TemplateBook;
  readonly target: (channel: WhatsAppChannel) => Promise<CloudTarget>;
}

export interface ProcessCounts {
  processed: number;
  failed: number;
  messages: number;
  statuses: number;
}

const isUniqueViolation = (err: unknown): boolean =>
  /unique|duplicate key/i.test(err instanceof Error ? err.message : String(err));

export class InboxProcessor {
  private running: Promise<ProcessCounts> | null = null;
  private again = false;
  private stopped = false;

  /** No pass starts after this; resolves when the one running (if any) ended. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.running?.catch(() => undefined);
  }

  constructor(private readonly deps: ProcessorDeps) {}

  /**
   * Processes pending deliveries until none is left. One pass at a time in this process: a call
   * during a pass makes that pass look again before it ends, so what was stored before the call
   * is processed when the returned promise resolves.
   */
  runPending(batch = 200): Promise<ProcessCounts> {
    if (this.stopped) return Promise.resolve({ processed: 0, failed: 0, messages: 0, statuses: 0 });
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      const total: ProcessCounts = { processed: 0, failed: 0, messages: 0, statuses: 0 };
      do {
        this.again = false;
        const counts = await this.drain(batch);
        total.processed += counts.processed;
        total.failed += counts.failed;
        total.messages += counts.messages;
        total.statuses += counts.statuses;
      } while (this.again && !this.stopped);
      return total;
    })().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async drain(batch: number): Promise<ProcessCounts> {
    const counts: ProcessCounts = { processed: 0, failed: 0, messages: 0, statuses: 0 };
    const seen = new Set<number>();
    for (;;) {
      const entries = (await this.deps.inbox.pending(batch, MAX_ATTEMPTS)).filter(
        (e) => !seen.has(e.id),
      );
      if (entries.length === 0) return counts;
      const pass = await this.startPass();
      const processed: number[] = [];
      for (const entry of entries) {
        seen.add(entry.id);
        try {
          const done = await this.process(entry.body, pass);
          counts.messages += done.messages;
          counts.statuses += done.statuses;
          processed.push(entry.id);
          counts.processed++;
        } catch (err) {
          await this.deps.inbox.failed(entry.id, err instanceof Error ? err.message : String(err));
          counts.failed++;
        }
      }
      // Marked done together: a crash before this processes them again, which stores nothing
      // twice (a message once per wamid, a status once per (wamid, status)).
      await this.deps.inbox.doneMany(processed);
    }
  }

  private async startPass(): Promise<Pass> {
    return {
      channels: new Map(),
      actors: new Map(),
      customers: await this.deps.customers.startPass(),
    };
  }

  /** One delivery's events; throws when the delivery cannot be read at all. */
  async process(body: string, pass?: Pass): Promise<{ messages: number; statuses: number }> {
    let events: WebhookEvent[];
    try {
      events = parseWebhook(body);
    } catch (err) {
      throw new GatewayError('invalid_input', err instanceof Error ? err.message : String(err));
    }
    let messages = 0;
    let statuses = 0;
    for (const ev of events) {
      if (ev.kind === 'message') messages += (await this.message(ev, pass)) ? 1 : 0;
      else if (ev.kind === 'status') statuses += (await this.status(ev, pass)) ? 1 : 0;
      else if (ev.kind === 'template') {
        const channel = (await this.deps.channels.list()).find((c) => c.wabaId === ev.wabaId);
        if (channel)
          await this.deps.templates.applyEvent(
            await channelActor(this.deps.store, channel),
            channel,
            ev,
          );
      }
    }
    return { messages, statuses };
  }

  private async channel(phoneNumberId: string, pass?: Pass): Promise<WhatsAppChannel> {
    const channel =
      pass?.channels.get(phoneNumberId) ??
      (await this.deps.channels.byPhoneNumberId(phoneNumberId));
    if (!channel)
      throw new GatewayError(
        'not_found',
        `no WhatsApp channel has phone number id ${phoneNumberId}`,
      );
    pass?.channels.set(phoneNumberId, channel);
    return channel;
  }

  private async actor(channel: WhatsAppChannel, pass?: Pass): Promise<Actor> {
    const actor = pass?.actors.get(channel.id) ?? (await channelActor(this.deps.store, channel));
    pass?.actors.set(channel.id, actor);
    return actor;
  }

  private async message(ev: InboundMessage, pass?: Pass): Promise<boolean> {
    const { store, messages, customers, conversations, queries } = this.deps;
    if (await messages.byWamid(ev.wamid)) return false;
    const channel = await this.channel(ev.phoneNumberId, pass);
    const actor = await this.actor(channel, pass);
    const customer = await customers.findOrCreate(
      actor,
      channel.owner,
      ev.waId,
      ev.profileName,
      pass?.customers,
    );
    const text = ev.text ?? `[${ev.type}]`;
    const ref = await conversations.forIncoming(actor, channel, ev.waId, customer, ev.at, text);
    let stored;
    try {
      stored = await store.db.knex.transaction((trx) =>
        messages.insert(trx, {
          channelId: channel.id,
          wamid: ev.wamid,
          conversationId: ref.id,
          direction: 'in',
          waId: ev.waId,
          type: ev.type,
          text: ev.text,
          mediaId: ev.media?.id ?? null,
          mediaMime: ev.media?.mime ?? null,
          sentAt: storeTime(ev.at),
          status: 'received',
          errorCode: ev.errors[0]?.code ?? null,
          errorTitle: ev.errors[0]?.title ?? null,
        }),
      );
    } catch (err) {
      // Another worker stored the same wamid a moment ago: a repeated delivery.
      if (isUniqueViolation(err)) return false;
      throw err;
    }
    await conversations.customerWrote(actor, ref, ev.at);
    if (ref.ticketId !== null && !ref.ticketCreated) {
      const commentId = await conversations.comment(actor, ref.ticketId, text, ref.contactId);
      await queries.setComment(stored.id, commentId);
    }
    if (ev.media)
      await this.deps.media.fetch(await this.deps.target(channel), ev.media, ref.id, stored.id);
    return true;
  }

  private async status(ev: StatusEvent, pass?: Pass): Promise<boolean> {
    const { store, messages } = this.deps;
    const changed = await store.db.knex.transaction((trx) =>
      messages.addStatus(trx, {
        wamid: ev.wamid,
        status: ev.status,
        at: storeTime(ev.at),
        errorCode: ev.error?.code ?? null,
        errorTitle: ev.error?.title ?? null,
      }),
    );
    if (changed?.conversationId != null) {
      const channel =
        [...(pass?.channels.values() ?? [])].find((c) => c.id === changed.channelId) ??
        (await this.deps.channels.get(changed.channelId));
      if (channel)
        await store.records.update(
          await this.actor(channel, pass),
          'WhatsAppConversations',
          changed.conversationId,
          { values: { last_message_status: changed.status } },
          'revise',
        );
    }
    return true;
  }
}
