// Answering customers (gateway/whatsapp/README.md §4). Inside the 24-hour customer-service window
// a customer message opens (Cloud API "Customer service windows") any message may be sent;
// outside it only an approved template, and a free-form message is refused with a clear error
// before anything is stored or sent. A message is stored as queued first, so a send that never
// reached Meta (network, 429) is retried by whatsapp.syncMessages; a revoked token pauses the
// channel; 131047 (re-engagement) fails the message with Meta's code and title.
import { OutboundError } from '../../../adapters/http.js';
import {
  CloudApiError,
  type CloudClient,
  type CloudTarget,
} from '../../../adapters/whatsapp/cloud-client.js';
import { toE164 } from '../../../formats/whatsapp/phone.js';
import {
  MAX_TEXT,
  templatePayload,
  textPayload,
  type SendPayload,
} from '../../../formats/whatsapp/send-payload.js';
import { GatewayError } from '../../../store/errors.js';
import { getModule } from '../../../store/modules/registry.js';
import type { Store } from '../../../store/store.js';
import type { WhatsAppChannelRepository } from '../../../store/whatsapp/channel-repository.js';
import type {
  ConversationQueries,
  TemplateQueries,
} from '../../../store/whatsapp/conversation-queries.js';
import {
  storeTime,
  type WhatsAppMessageRepository,
} from '../../../store/whatsapp/message-repository.js';
import type { StoredMessage, WhatsAppChannel } from '../../../store/whatsapp/types.js';
import { channelActor } from './actor.js';
import type { Conversations } from './conversations.js';
import { fromCrmTime } from './crm-time.js';
import { mediaIdOf, uploadedPayload } from './media-send.js';
import type { Pacer } from './pacer.js';

export const REENGAGEMENT = 131047;
export const MAX_SEND_ATTEMPTS = 5;

export type SendContent =
  | { readonly kind: 'text'; readonly text: string }
  | {
      readonly kind: 'media';
      readonly fileName: string;
      readonly mime: string;
      readonly content: Buffer;
      readonly caption: string | null;
    }
  | {
      readonly kind: 'template';
      readonly name: string;
      readonly language: string;
      readonly params: readonly string[];
    };

export interface SendRequest {
  readonly channelId: number;
  readonly to: string;
  readonly content: SendContent;
  /** The ticket comment this send answers with (an agent's comment), if any. */
  readonly commentId?: number | null;
}

export interface SenderDeps {
  readonly store: Store;
  readonly channels: WhatsAppChannelRepository;
  readonly messages: WhatsAppMessageRepository;
  readonly queries: ConversationQueries;
  readonly templates: TemplateQueries;
  readonly conversations: Conversations;
  readonly client: CloudClient;
  readonly pacer: Pacer;
  readonly target: (channel: WhatsAppChannel) => Promise<CloudTarget>;
  readonly now?: () => number;
}

/** What the message row and the ticket comment show of a send. */
function messageText(content: SendContent): string {
  if (content.kind === 'text') return content.text;
  if (content.kind === 'template') return `[template ${content.name}]`;
  return content.caption ?? `[${content.fileName}]`;
}

/** A number as typed (any format) → the digits WhatsApp ids use. */
export function recipientId(to: string, dialPrefix: '+' | '00'): string {
  const e164 = /^\d{6,15}$/.test(to) ? `+${to}` : toE164(to, dialPrefix);
  if (!e164) throw new GatewayError('invalid_input', `"${to}" is not a phone number in E.164 form`);
  return e164.slice(1);
}

export class Sender {
  constructor(private readonly deps: SenderDeps) {}

  private now(): number {
    return this.deps.now?.() ?? Date.now();
  }

  /** Whether the customer's window is open now, and the conversation it belongs to. */
  async window(
    channel: WhatsAppChannel,
    waId: string,
  ): Promise<{ conversationId: number | null; open: boolean; ticketId: number | null }> {
    const id = await this.deps.queries.openConversation(channel.phoneNumberId, waId);
    if (id === null) return { conversationId: null, open: false, ticketId: null };
    const record = await this.deps.store.records.read(getModule('WhatsAppConversations'), id);
    const end = record?.values['window_end'];
    const ticket = record?.values['ticket_id'];
    return {
      conversationId: id,
      open: typeof end === 'string' && fromCrmTime(end) > this.now(),
      ticketId: ticket ? Number(ticket) : null,
    };
  }

  /** Checks the rules, stores the message as queued and sends it. */
  async send(req: SendRequest): Promise<StoredMessage> {
    const channel = await this.deps.channels.require(req.channelId);
    if (channel.paused)
      throw new GatewayError(
        'conflict',
        `WhatsApp channel ${channel.id} is paused: ${channel.lastError ?? 'configure it again'}`,
      );
    const waId = recipientId(req.to, channel.dialPrefix);
    const window = await this.window(channel, waId);
    const payload =
      req.content.kind === 'media'
        ? await uploadedPayload(this.deps, channel, waId, req.content, window.open)
        : await this.payload(channel, waId, req.content, window.open);
    const message = await this.deps.store.db.knex.transaction((trx) =>
      this.deps.messages.insert(trx, {
        channelId: channel.id,
        wamid: null,
        conversationId: window.conversationId,
        direction: 'out',
        waId,
        type: req.content.kind === 'media' ? String(payload['type']) : req.content.kind,
        text: messageText(req.content),
        ...(req.content.kind === 'media'
          ? { mediaId: mediaIdOf(payload), mediaMime: req.content.mime }
          : {}),
        sentAt: storeTime(this.now()),
        status: 'queued',
        payload: JSON.stringify(payload),
      }),
    );
    if (req.commentId != null) await this.deps.queries.setComment(message.id, req.commentId);
    const sent = await this.deliver(channel, message, payload);
    if (req.commentId == null && window.ticketId !== null && sent.status !== 'failed') {
      const actor = await channelActor(this.deps.store, channel);
      const commentId = await this.deps.conversations.comment(
        actor,
        window.ticketId,
        message.text ?? '',
        null,
      );
      await this.deps.queries.setComment(message.id, commentId);
    }
    return sent;
  }

  private async payload(
    channel: WhatsAppChannel,
    waId: string,
    content: Exclude<SendContent, { kind: 'media' }>,
    windowOpen: boolean,
  ): Promise<SendPayload> {
    if (content.kind === 'text') {
      if (content.text.trim() === '') throw new GatewayError('invalid_input', 'the text is empty');
      if (content.text.length > MAX_TEXT)
        throw new GatewayError(
          'invalid_input',
          `a text message has at most ${MAX_TEXT} characters`,
        );
      if (!windowOpen)
        throw new GatewayError(
          'conflict',
          `outside the 24-hour customer-service window of +${waId}: only an approved template can be sent until the customer writes again`,
        );
      return textPayload(waId, content.text);
    }
    const template = await this.deps.templates.find(channel.wabaId, content.name, content.language);
    if (!template)
      throw new GatewayError(
        'not_found',
        `template ${content.name} (${content.language}) is not known: run "whatsapp templates --id ${channel.id}"`,
      );
    if (template.status !== 'APPROVED')
      throw new GatewayError(
        'conflict',
        `template ${content.name} (${content.language}) is ${template.status ?? 'not approved'}, not APPROVED`,
      );
    if (template.params !== content.params.length)
      throw new GatewayError(
        'invalid_input',
        `template ${content.name} takes ${template.params} parameters, ${content.params.length} given`,
      );
    return templatePayload(waId, content.name, content.language, content.params);
  }

  /** One attempt at Meta; the message row records the outcome. */
  async deliver(
    channel: WhatsAppChannel,
    message: StoredMessage,
    payload: SendPayload,
  ): Promise<StoredMessage> {
    const { messages, channels } = this.deps;
    await this.deps.pacer.turn(channel.id, message.waId);
    try {
      const wamid = await this.deps.client.send(
        await this.deps.target(channel),
        channel.phoneNumberId,
        payload,
      );
      await messages.setSent(message.id, wamid);
    } catch (err) {
      if (err instanceof CloudApiError && err.tokenRevoked) {
        await channels.setFault(channel.id, err.message);
        await messages.setFailed(message.id, 'queued', err.code, err.message);
        throw new GatewayError('conflict', `${err.message}: sending is paused for this channel`);
      }
      if ((err instanceof CloudApiError && err.throttled) || err instanceof OutboundError) {
        // Kept queued: whatsapp.syncMessages sends it again.
        await messages.setFailed(
          message.id,
          'queued',
          err instanceof CloudApiError ? err.code : null,
          err.message,
        );
      } else if (err instanceof CloudApiError) {
        await messages.setFailed(message.id, 'failed', err.code, err.message);
        if (err.code === REENGAGEMENT)
          throw new GatewayError(
            'conflict',
            `${err.message}: the customer has not written for 24 hours, send a template`,
          );
        throw new GatewayError('conflict', err.message);
      } else throw err;
    }
    return (await messages.get(message.id)) as StoredMessage;
  }

  /** Sends queued messages again (whatsapp.syncMessages); returns how many went out. */
  async retryQueued(): Promise<number> {
    let sent = 0;
    for (const m of await this.deps.messages.queued(100, MAX_SEND_ATTEMPTS)) {
      const channel = await this.deps.channels.get(m.channelId);
      if (!channel || channel.paused) continue;
      try {
        const after = await this.deliver(channel, m, JSON.parse(m.payload) as SendPayload);
        if (after.status !== 'queued') sent++;
      } catch {
        // Recorded on the message (failed) or on the channel (paused).
      }
    }
    return sent;
  }
}
