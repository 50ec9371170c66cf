// Agents answer from the ticket (gateway/whatsapp/README.md §4.1): a comment added to a ticket
// that has a WhatsApp conversation is sent to the customer. The change log is read from a
// cursor; comments the gateway wrote itself (incoming messages, answers sent from elsewhere) are
// linked from their message and skipped, and a comment younger than SETTLE_MS waits for the next
// pass, so one written a moment ago by a send still being recorded is never sent twice.
import { GatewayError } from '../../../store/errors.js';
import { fromStoreTime, nowUtc } from '../../../store/db.js';
import { getModule } from '../../../store/modules/registry.js';
import type { Store } from '../../../store/store.js';
import type { WhatsAppChannelRepository } from '../../../store/whatsapp/channel-repository.js';
import type { ConversationQueries } from '../../../store/whatsapp/conversation-queries.js';
import type { Sender } from './sender.js';

const CURSOR_KEY = 'whatsapp.comments.seq';
export const SETTLE_MS = 2000;

export interface ReplyCounts {
  sent: number;
  refused: number;
}

export class AgentReplies {
  constructor(
    private readonly store: Store,
    private readonly queries: ConversationQueries,
    private readonly channels: WhatsAppChannelRepository,
    private readonly sender: Sender,
  ) {}

  async run(now = Date.now()): Promise<ReplyCounts> {
    const counts: ReplyCounts = { sent: 0, refused: 0 };
    let seq = await this.store.settings.get<number>(CURSOR_KEY, -1);
    if (seq < 0) {
      // First pass: only comments written from now on are answers to send.
      await this.store.settings.set(
        CURSOR_KEY,
        await this.store.changeLog.latestSeq(['ModComments']),
      );
      return counts;
    }
    const comments = getModule('ModComments');
    for (const change of await this.store.changeLog.since(seq, { modules: ['ModComments'] })) {
      if (change.operation === 'create') {
        const comment = await this.store.records.read(comments, change.recordId);
        if (comment && now - fromStoreTime(comment.createdTime) < SETTLE_MS) break;
        if (comment) await this.answer(comment.id, comment.values, counts);
      }
      seq = change.seq;
      await this.store.settings.set(CURSOR_KEY, seq);
    }
    return counts;
  }

  private async answer(
    commentId: number,
    values: Readonly<Record<string, string | null>>,
    counts: ReplyCounts,
  ): Promise<void> {
    const ticketId = Number(values['related_to'] ?? NaN);
    const text = values['commentcontent'] ?? '';
    if (!Number.isFinite(ticketId) || text.trim() === '') return;
    if (await this.queries.commentIsMessage(commentId)) return;
    const conversationId = await this.queries.conversationOfTicket(ticketId);
    if (conversationId === null) return;
    const conversation = await this.store.records.read(
      getModule('WhatsAppConversations'),
      conversationId,
    );
    const channel = await this.channels.byPhoneNumberId(conversation?.values['wa_channel'] ?? '');
    const waId = conversation?.values['wa_id'];
    if (!channel || !waId) return;
    try {
      await this.sender.send({
        channelId: channel.id,
        to: waId,
        content: { kind: 'text', text },
        commentId,
      });
      counts.sent++;
    } catch (err) {
      if (!(err instanceof GatewayError)) throw err;
      // Refused before sending (window closed, channel paused): kept so the agent sees why.
      await this.store.db
        .knex('whatsapp_messages')
        .insert({
          channel_id: channel.id,
          wamid: null,
          conversation_id: conversationId,
          direction: 'out',
          wa_id: waId,
          type: 'text',
          text,
          sent_at: nowUtc(),
          status: 'refused',
          error_title: err.message,
          comment_id: commentId,
        })
        .onConflict('comment_id')
        .ignore();
      counts.refused++;
    }
  }
}
